;; A float type in a signature alone is enough.
;; RUN: MODULE
;; STDERR: module refused: uses f32/f64, which this interpreter does not execute
;; EXIT: 1
(module (func (param f64)))
