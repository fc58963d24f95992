;; A module that uses f32 or f64 anywhere is refused with one line.
;; RUN: MODULE --invoke f
;; STDERR: module refused: uses f32/f64, which this interpreter does not execute
;; EXIT: 1
(module (func (export "f") (result i32) (i32.trunc_f32_s (f32.const 1.5))))
