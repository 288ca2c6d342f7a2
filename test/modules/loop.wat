;; Never ends: a job the deadline must stop.
(module
  (memory (export "memory") 1)
  (func (export "_start") (loop $forever (br $forever))))
