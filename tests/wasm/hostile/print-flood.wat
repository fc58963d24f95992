;; print with a range outside memory, or wrapping around 2^32, is refused
;; (a host: line each, nothing printed); a flood of refused calls ends the
;; invoke after 100; the next invoke runs.
;; RUN: MODULE --invoke bad_once --invoke flood --invoke good
;; EXPECT: host: refused env.print(4294967295, 2): not inside linear memory (1 pages)
;; EXPECT: bad_once: (none)
;; EXPECT: flood: trap: too many refused host calls
;; EXPECT: guest> ok
;; EXPECT: good: (none)
;; EXIT: 0
(module
  (import "env" "print" (func $print (param i32 i32)))
  (memory 1)
  (data (i32.const 0) "ok")
  (func (export "bad_once") (call $print (i32.const -1) (i32.const 2)))
  (func (export "flood") (loop (call $print (i32.const 65535) (i32.const 2)) (br 0)))
  (func (export "good") (call $print (i32.const 0) (i32.const 2))))
