;; Tries to write into stdin (fd 0); exits with the errno it got (8: BADF, as it must be).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "overwritten")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 11))
    (call $proc_exit (call $fd_write (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))))
