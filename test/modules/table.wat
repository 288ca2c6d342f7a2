;; A table whose maximum is far over the limit: capped, and growing past the cap fails (exit 4).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (table $t 1 10000000 funcref)
  (func (export "_start")
    (if (i32.eq (table.grow $t (ref.null func) (i32.const 5000000)) (i32.const -1)) (then (call $proc_exit (i32.const 4))))))
