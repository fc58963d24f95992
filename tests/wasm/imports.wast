;; imports.wast - imports from module "env", the only one a runner offers:
;; print(ptr, len) and clock_ms(). For wabt's spectest-interp the module
;; below stands in for env (registered under that name); the runner under
;; test has its own (and skips nothing: it runs this module too).
(module $env
  (func (export "print") (param i32 i32))
  (func (export "clock_ms") (result i64) (i64.const 0)))
(register "env" $env)

(module
  (import "env" "print" (func $print (param i32 i32)))
  (import "env" "clock_ms" (func $clock (result i64)))
  (memory 1)
  (data (i32.const 0) "hello from a module\n")
  (func (export "hello") (call $print (i32.const 0) (i32.const 20)))
  ;; A hostile print: ranges outside memory or wrapping around 2^32 are
  ;; refused by the runner (a host: line); the call still returns.
  (func (export "print_outside") (call $print (i32.const 65530) (i32.const 7)))
  (func (export "print_wraps") (call $print (i32.const -1) (i32.const 2)))
  (func (export "print_huge") (call $print (i32.const 0) (i32.const -1)))
  (func (export "print_empty_at_end") (call $print (i32.const 65536) (i32.const 0)))
  ;; the time itself differs from run to run: that it is not negative
  (func (export "clock") (result i32) (i64.ge_s (call $clock) (i64.const 0)))
  (func (export "after_calls") (result i32)
    (call $print (i32.const 0) (i32.const 5))
    (drop (call $clock))
    (i32.const 5))
  ;; an import called through the table
  (table 1 funcref)
  (elem (i32.const 0) $print)
  (type $pp (func (param i32 i32)))
  (func (export "print_indirect") (call_indirect (type $pp) (i32.const 0) (i32.const 5) (i32.const 0)))
  (export "print_export" (func $print)))
(assert_return (invoke "hello"))
(assert_return (invoke "print_outside"))
(assert_return (invoke "print_wraps"))
(assert_return (invoke "print_huge"))
(assert_return (invoke "print_empty_at_end"))
(assert_return (invoke "clock") (i32.const 1))
(assert_return (invoke "after_calls") (i32.const 5))
(assert_return (invoke "print_indirect"))
(assert_return (invoke "print_export" (i32.const 0) (i32.const 3)))

;; Anything else cannot be linked.
(assert_unlinkable (module (import "env" "nope" (func))) "unknown import")
(assert_unlinkable (module (import "env" "print" (func (param i32)))) "incompatible import type")
(assert_unlinkable (module (import "env" "clock_ms" (func (result i32)))) "incompatible import type")
(assert_unlinkable (module (import "other" "print" (func (param i32 i32)))) "unknown import")
(assert_unlinkable (module (import "env" "memory" (memory 1))) "unknown import")
(assert_unlinkable (module (import "env" "table" (table 1 funcref))) "unknown import")
(assert_unlinkable (module (import "env" "g" (global i32))) "unknown import")
