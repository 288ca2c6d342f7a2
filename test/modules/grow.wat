;; Grows its memory a page at a time until refused; exits with code 3 when refused (as a limited job must be).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $more
      (if (i32.eq (memory.grow (i32.const 16)) (i32.const -1)) (then (call $proc_exit (i32.const 3))))
      (br $more))))
