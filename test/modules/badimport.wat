;; Imports something that is not WASI: refused before it compiles.
(module
  (import "env" "fetch" (func $fetch (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start") (drop (call $fetch (i32.const 0)))))
