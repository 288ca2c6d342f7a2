;; json-compact: copies JSON from stdin to stdout without the whitespace between tokens
;; (what `jq -c .` prints for valid JSON, without checking it), strings untouched.
;; Memory: 0 iovec, 8 count, 1024 read buffer (60000 bytes), 65536 write buffer (60000 bytes).
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 3)
  (global $out (mut i32) (i32.const 0))

  (func $flush
    (if (i32.eqz (global.get $out)) (then (return)))
    (i32.store (i32.const 0) (i32.const 65536))
    (i32.store (i32.const 4) (global.get $out))
    (if (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)) (then (call $proc_exit (i32.const 3))))
    (global.set $out (i32.const 0)))

  (func $emit (param $c i32)
    (i32.store8 (i32.add (i32.const 65536) (global.get $out)) (local.get $c))
    (global.set $out (i32.add (global.get $out) (i32.const 1)))
    (if (i32.eq (global.get $out) (i32.const 60000)) (then (call $flush))))

  (func (export "_start")
    (local $n i32) (local $i i32) (local $c i32) (local $string i32) (local $escape i32) (local $any i32)
    (loop $read
      (i32.store (i32.const 0) (i32.const 1024))
      (i32.store (i32.const 4) (i32.const 60000))
      (if (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)) (then (call $proc_exit (i32.const 2))))
      (local.set $n (i32.load (i32.const 8)))
      (if (local.get $n)
        (then
          (local.set $i (i32.const 0))
          (loop $bytes
            (local.set $c (i32.load8_u (i32.add (i32.const 1024) (local.get $i))))
            (if (local.get $string)
              (then
                (call $emit (local.get $c))
                (if (local.get $escape)
                  (then (local.set $escape (i32.const 0)))
                  (else
                    (if (i32.eq (local.get $c) (i32.const 92)) (then (local.set $escape (i32.const 1))))
                    (if (i32.eq (local.get $c) (i32.const 34)) (then (local.set $string (i32.const 0)))))))
              (else
                ;; space, tab, newline, carriage return are dropped outside strings
                (if (i32.eqz (i32.or (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.eq (local.get $c) (i32.const 9)))
                                     (i32.or (i32.eq (local.get $c) (i32.const 10)) (i32.eq (local.get $c) (i32.const 13)))))
                  (then
                    (call $emit (local.get $c))
                    (local.set $any (i32.const 1))
                    (if (i32.eq (local.get $c) (i32.const 34)) (then (local.set $string (i32.const 1))))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $bytes (i32.lt_u (local.get $i) (local.get $n))))
          (br $read))))
    (if (local.get $any) (then (call $emit (i32.const 10))))
    (call $flush)))
