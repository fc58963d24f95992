;; State is kept between invokes, unless --reset asks for a fresh
;; instance before each (the start function runs again each time).
;; RUN: --reset MODULE --invoke bump --invoke bump --invoke poke --invoke peek
;; EXPECT: bump: i32:11
;; EXPECT: bump: i32:11
;; EXPECT: poke: (none)
;; EXPECT: peek: i32:0
;; EXIT: 0
(module
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (func $start (global.set $g (i32.const 10)))
  (start $start)
  (func (export "bump") (result i32)
    (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g))
  (func (export "poke") (i32.store (i32.const 8) (i32.const 99)))
  (func (export "peek") (result i32) (i32.load (i32.const 8))))
