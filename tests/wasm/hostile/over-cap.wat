;; A module whose memory starts larger than the cap cannot be linked.
;; RUN: --memory-limit 2 MODULE --invoke f
;; STDERR: unlinkable: memory of 3 pages is over the limit of 2 pages
;; EXIT: 1
(module (memory 3) (func (export "f")))
