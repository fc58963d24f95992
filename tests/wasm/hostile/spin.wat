;; An infinite loop is stopped by fuel (one unit per branch back to a loop and
;; per call), and the instance answers the next invoke.
;; RUN: --fuel 100000 MODULE --invoke spin --invoke ok --invoke spin_in_call
;; EXPECT: spin: trap: out of fuel
;; EXPECT: ok: i32:1
;; EXPECT: spin_in_call: trap: out of fuel
;; EXIT: 0
(module
  (func $spin (export "spin") (loop (br 0)))
  (func (export "ok") (result i32) (i32.const 1))
  (func (export "spin_in_call") (call $spin)))
