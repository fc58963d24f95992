;; Calls spend fuel too: recursion runs out of fuel before it runs out
;; of stack when the fuel is small.
;; RUN: --fuel 50 --stats MODULE --invoke down i32:1000 --invoke down i32:10
;; EXPECT: down: trap: out of fuel
;; EXPECT: host: stats: down: fuel used 50, host calls 0, * ms
;; EXPECT: down: i32:0
;; EXPECT: host: stats: down: fuel used 11, host calls 0, * ms
;; EXIT: 0
(module
  (func $down (export "down") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (call $down (i32.sub (local.get 0) (i32.const 1)))))))
