;; sha256sum: the SHA-256 of stdin, printed as hex and "  -" like sha256sum(1).
;; Memory: 0 iovec, 8 count, 64 K table, 320 hash state, 384 message schedule,
;; 1024 read buffer (64 KiB), 70000 the partial block, 70200 the hex line.
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 2)
  (data (i32.const 64) "\98\2f\8a\42\91\44\37\71\cf\fb\c0\b5\a5\db\b5\e9\5b\c2\56\39\f1\11\f1\59\a4\82\3f\92\d5\5e\1c\ab\98\aa\07\d8\01\5b\83\12\be\85\31\24\c3\7d\0c\55\74\5d\be\72\fe\b1\de\80\a7\06\dc\9b\74\f1\9b\c1\c1\69\9b\e4\86\47\be\ef\c6\9d\c1\0f\cc\a1\0c\24\6f\2c\e9\2d\aa\84\74\4a\dc\a9\b0\5c\da\88\f9\76\52\51\3e\98\6d\c6\31\a8\c8\27\03\b0\c7\7f\59\bf\f3\0b\e0\c6\47\91\a7\d5\51\63\ca\06\67\29\29\14\85\0a\b7\27\38\21\1b\2e\fc\6d\2c\4d\13\0d\38\53\54\73\0a\65\bb\0a\6a\76\2e\c9\c2\81\85\2c\72\92\a1\e8\bf\a2\4b\66\1a\a8\70\8b\4b\c2\a3\51\6c\c7\19\e8\92\d1\24\06\99\d6\85\35\0e\f4\70\a0\6a\10\16\c1\a4\19\08\6c\37\1e\4c\77\48\27\b5\bc\b0\34\b3\0c\1c\39\4a\aa\d8\4e\4f\ca\9c\5b\f3\6f\2e\68\ee\82\8f\74\6f\63\a5\78\14\78\c8\84\08\02\c7\8c\fa\ff\be\90\eb\6c\50\a4\f7\a3\f9\be\f2\78\71\c6")
  (data (i32.const 320) "\67\e6\09\6a\85\ae\67\bb\72\f3\6e\3c\3a\f5\4f\a5\7f\52\0e\51\8c\68\05\9b\ab\d9\83\1f\19\cd\e0\5b")
  (global $buffered (mut i32) (i32.const 0))
  (global $length (mut i64) (i64.const 0))

  ;; a big-endian word at ptr
  (func $be (param $ptr i32) (result i32)
    (local $x i32)
    (local.set $x (i32.load (local.get $ptr)))
    (i32.rotl
      (i32.or
        (i32.and (i32.shr_u (local.get $x) (i32.const 8)) (i32.const 0x00ff00ff))
        (i32.shl (i32.and (local.get $x) (i32.const 0x00ff00ff)) (i32.const 8)))
      (i32.const 16)))

  ;; one 64-byte block at ptr into the state
  (func $compress (param $ptr i32)
    (local $t i32) (local $w15 i32) (local $w2 i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $e i32) (local $f i32) (local $g i32) (local $h i32)
    (local $t1 i32) (local $t2 i32)
    (local.set $t (i32.const 0))
    (loop $load
      (i32.store (i32.add (i32.const 384) (i32.shl (local.get $t) (i32.const 2))) (call $be (i32.add (local.get $ptr) (i32.shl (local.get $t) (i32.const 2)))))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br_if $load (i32.lt_u (local.get $t) (i32.const 16))))
    (loop $extend
      (local.set $w15 (i32.load (i32.add (i32.const 384) (i32.shl (i32.sub (local.get $t) (i32.const 15)) (i32.const 2)))))
      (local.set $w2 (i32.load (i32.add (i32.const 384) (i32.shl (i32.sub (local.get $t) (i32.const 2)) (i32.const 2)))))
      (i32.store (i32.add (i32.const 384) (i32.shl (local.get $t) (i32.const 2)))
        (i32.add
          (i32.add
            (i32.load (i32.add (i32.const 384) (i32.shl (i32.sub (local.get $t) (i32.const 16)) (i32.const 2))))
            (i32.xor (i32.xor (i32.rotr (local.get $w15) (i32.const 7)) (i32.rotr (local.get $w15) (i32.const 18))) (i32.shr_u (local.get $w15) (i32.const 3))))
          (i32.add
            (i32.load (i32.add (i32.const 384) (i32.shl (i32.sub (local.get $t) (i32.const 7)) (i32.const 2))))
            (i32.xor (i32.xor (i32.rotr (local.get $w2) (i32.const 17)) (i32.rotr (local.get $w2) (i32.const 19))) (i32.shr_u (local.get $w2) (i32.const 10))))))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br_if $extend (i32.lt_u (local.get $t) (i32.const 64))))
    (local.set $a (i32.load (i32.const 320)))
    (local.set $b (i32.load (i32.const 324)))
    (local.set $c (i32.load (i32.const 328)))
    (local.set $d (i32.load (i32.const 332)))
    (local.set $e (i32.load (i32.const 336)))
    (local.set $f (i32.load (i32.const 340)))
    (local.set $g (i32.load (i32.const 344)))
    (local.set $h (i32.load (i32.const 348)))
    (local.set $t (i32.const 0))
    (loop $round
      (local.set $t1
        (i32.add (i32.add (i32.add (local.get $h)
          (i32.xor (i32.xor (i32.rotr (local.get $e) (i32.const 6)) (i32.rotr (local.get $e) (i32.const 11))) (i32.rotr (local.get $e) (i32.const 25))))
          (i32.xor (i32.and (local.get $e) (local.get $f)) (i32.and (i32.xor (local.get $e) (i32.const -1)) (local.get $g))))
          (i32.add
            (i32.load (i32.add (i32.const 64) (i32.shl (local.get $t) (i32.const 2))))
            (i32.load (i32.add (i32.const 384) (i32.shl (local.get $t) (i32.const 2)))))))
      (local.set $t2
        (i32.add
          (i32.xor (i32.xor (i32.rotr (local.get $a) (i32.const 2)) (i32.rotr (local.get $a) (i32.const 13))) (i32.rotr (local.get $a) (i32.const 22)))
          (i32.xor (i32.xor (i32.and (local.get $a) (local.get $b)) (i32.and (local.get $a) (local.get $c))) (i32.and (local.get $b) (local.get $c)))))
      (local.set $h (local.get $g))
      (local.set $g (local.get $f))
      (local.set $f (local.get $e))
      (local.set $e (i32.add (local.get $d) (local.get $t1)))
      (local.set $d (local.get $c))
      (local.set $c (local.get $b))
      (local.set $b (local.get $a))
      (local.set $a (i32.add (local.get $t1) (local.get $t2)))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br_if $round (i32.lt_u (local.get $t) (i32.const 64))))
    (i32.store (i32.const 320) (i32.add (i32.load (i32.const 320)) (local.get $a)))
    (i32.store (i32.const 324) (i32.add (i32.load (i32.const 324)) (local.get $b)))
    (i32.store (i32.const 328) (i32.add (i32.load (i32.const 328)) (local.get $c)))
    (i32.store (i32.const 332) (i32.add (i32.load (i32.const 332)) (local.get $d)))
    (i32.store (i32.const 336) (i32.add (i32.load (i32.const 336)) (local.get $e)))
    (i32.store (i32.const 340) (i32.add (i32.load (i32.const 340)) (local.get $f)))
    (i32.store (i32.const 344) (i32.add (i32.load (i32.const 344)) (local.get $g)))
    (i32.store (i32.const 348) (i32.add (i32.load (i32.const 348)) (local.get $h))))

  ;; feeds n bytes at ptr: whole blocks straight from the read buffer, the rest through the partial block
  (func $update (param $ptr i32) (param $n i32)
    (global.set $length (i64.add (global.get $length) (i64.extend_i32_u (local.get $n))))
    (block $done
      (loop $bytes
        (br_if $done (i32.eqz (local.get $n)))
        (if (i32.and (i32.eqz (global.get $buffered)) (i32.ge_u (local.get $n) (i32.const 64)))
          (then
            (call $compress (local.get $ptr))
            (local.set $ptr (i32.add (local.get $ptr) (i32.const 64)))
            (local.set $n (i32.sub (local.get $n) (i32.const 64)))
            (br $bytes)))
        (i32.store8 (i32.add (i32.const 70000) (global.get $buffered)) (i32.load8_u (local.get $ptr)))
        (global.set $buffered (i32.add (global.get $buffered) (i32.const 1)))
        (if (i32.eq (global.get $buffered) (i32.const 64))
          (then (call $compress (i32.const 70000)) (global.set $buffered (i32.const 0))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $bytes))))

  (func $hex (param $nibble i32) (result i32)
    (i32.add (local.get $nibble) (select (i32.const 48) (i32.const 87) (i32.lt_u (local.get $nibble) (i32.const 10)))))

  (func (export "_start")
    (local $n i32) (local $bits i64) (local $i i32) (local $byte i32)
    (loop $read
      (i32.store (i32.const 0) (i32.const 1024))
      (i32.store (i32.const 4) (i32.const 65536))
      (if (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)) (then (call $proc_exit (i32.const 2))))
      (local.set $n (i32.load (i32.const 8)))
      (if (local.get $n) (then (call $update (i32.const 1024) (local.get $n)) (br $read))))
    ;; padding: 0x80, zeros to 56 mod 64, the length in bits big-endian
    (local.set $bits (i64.shl (global.get $length) (i64.const 3)))
    (i32.store8 (i32.const 1024) (i32.const 0x80))
    (call $update (i32.const 1024) (i32.const 1))
    (i32.store8 (i32.const 1024) (i32.const 0))
    (loop $zeros
      (if (i32.ne (global.get $buffered) (i32.const 56)) (then (call $update (i32.const 1024) (i32.const 1)) (br $zeros))))
    (local.set $i (i32.const 0))
    (loop $len
      (i32.store8 (i32.add (i32.const 1024) (local.get $i)) (i32.wrap_i64 (i64.shr_u (local.get $bits) (i64.extend_i32_u (i32.sub (i32.const 56) (i32.shl (local.get $i) (i32.const 3)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $len (i32.lt_u (local.get $i) (i32.const 8))))
    (call $update (i32.const 1024) (i32.const 8))
    ;; the state, big-endian, as hex
    (local.set $i (i32.const 0))
    (loop $out
      (local.set $byte (i32.load8_u (i32.add (i32.const 320) (i32.xor (local.get $i) (i32.const 3)))))
      (i32.store8 (i32.add (i32.const 70200) (i32.shl (local.get $i) (i32.const 1))) (call $hex (i32.shr_u (local.get $byte) (i32.const 4))))
      (i32.store8 (i32.add (i32.const 70201) (i32.shl (local.get $i) (i32.const 1))) (call $hex (i32.and (local.get $byte) (i32.const 15))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $out (i32.lt_u (local.get $i) (i32.const 32))))
    (i32.store (i32.const 70264) (i32.const 0x0a2d2020))
    (i32.store (i32.const 0) (i32.const 70200))
    (i32.store (i32.const 4) (i32.const 68))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
