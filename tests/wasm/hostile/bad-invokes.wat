;; Invokes that cannot run are errors (exit 1), each on its own line;
;; the others still run.
;; RUN: MODULE --invoke nope --invoke add i32:1 --invoke add i32:1 i64:2 --invoke add i32:1 i32:x --invoke add i32:1 i32:4294967296 --invoke add i32:0x7fffffff i32:1 --invoke mem
;; EXPECT: nope: error: no such function export
;; EXPECT: add: error: it takes 2 arguments, 1 given
;; EXPECT: add: error: argument 2 'i64:2': wrong type
;; EXPECT: add: error: argument 2 'i32:x': a number must follow the type (i32:N, i64:N)
;; EXPECT: add: error: argument 2 'i32:4294967296': out of range for its type
;; EXPECT: add: i32:-2147483648
;; EXPECT: mem: error: no such function export
;; EXIT: 1
(module
  (memory (export "mem") 1)
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
