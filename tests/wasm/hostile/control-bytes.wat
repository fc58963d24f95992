;; Guest text reaches the terminal with control bytes escaped: an escape
;; sequence, a carriage return and invalid UTF-8 are shown, not obeyed.
;; RUN: MODULE --invoke hello
;; EXPECT: guest> \x1b[2Jcleared\x0dover \xff
;; EXPECT: guest> second line
;; EXPECT: hello: (none)
;; EXIT: 0
(module
  (import "env" "print" (func $print (param i32 i32)))
  (memory 1)
  (data (i32.const 0) "\1b[2Jcleared\0dover \ff\nsecond line\n")
  (func (export "hello") (call $print (i32.const 0) (i32.const 31))))
