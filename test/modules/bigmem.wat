;; Asks for 1 GiB of memory at start (16384 pages).
(module
  (memory (export "memory") 16384)
  (func (export "_start")))
