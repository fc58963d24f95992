;; Unbounded recursion: the call depth limit, or the operand stack when
;; each frame is large (a thousand locals), whichever comes first; the
;; same message either way, and the instance goes on.
;; RUN: MODULE --invoke forever --invoke big_frames --invoke ok
;; EXPECT: forever: trap: call stack exhausted
;; EXPECT: big_frames: trap: call stack exhausted
;; EXPECT: ok: i32:7
;; EXIT: 0
(module
  (func $forever (export "forever") (call $forever))
  (func $big (export "big_frames")
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (call $big))
  (func (export "ok") (result i32) (i32.const 7)))
