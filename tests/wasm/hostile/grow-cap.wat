;; memory.grow past the runner's cap (--memory-limit) returns -1, as the
;; specification allows, and memory beyond the cap stays unreachable.
;; RUN: --memory-limit 4 MODULE --invoke grow i32:3 --invoke grow i32:1 --invoke grow i32:0 --invoke load i32:262140 --invoke load i32:262141
;; EXPECT: grow: i32:1
;; EXPECT: grow: i32:-1
;; EXPECT: grow: i32:4
;; EXPECT: load: i32:0
;; EXPECT: load: trap: out of bounds memory access
;; EXIT: 0
(module
  (memory 1)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))
