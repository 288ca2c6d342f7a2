import fc from 'fast-check'

/** One edit of a byte string. */
interface Edit {
  op: 'flip' | 'set' | 'insert' | 'delete' | 'truncate' | 'duplicate'
  at: number
  value: number
  length: number
}

const edit: fc.Arbitrary<Edit> = fc.record({
  op: fc.constantFrom('flip', 'set', 'insert', 'delete', 'truncate', 'duplicate'),
  at: fc.nat(),
  value: fc.integer({ min: 0, max: 255 }),
  length: fc.integer({ min: 1, max: 32 })
})

/** Applies edits to a copy of `seed`: bit flips, byte changes, insertions, deletions, truncation, repeated slices. */
export function applyEdits (seed: Uint8Array, edits: Edit[]): Uint8Array {
  let bytes: Uint8Array = Uint8Array.from(seed)
  for (const e of edits) {
    const at = bytes.length === 0 ? 0 : e.at % bytes.length
    switch (e.op) {
      case 'flip': if (bytes.length > 0) bytes[at] = bytes[at]! ^ (1 << (e.value % 8)); break
      case 'set': if (bytes.length > 0) bytes[at] = e.value; break
      case 'insert': bytes = concat(bytes.subarray(0, at), Uint8Array.from({ length: e.length }, (_, i) => (e.value + i * 31) & 0xff), bytes.subarray(at)); break
      case 'delete': bytes = concat(bytes.subarray(0, at), bytes.subarray(at + e.length)); break
      case 'truncate': bytes = bytes.subarray(0, at); break
      case 'duplicate': bytes = concat(bytes.subarray(0, at + e.length), bytes.subarray(at)); break
    }
  }
  return bytes
}

function concat (...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** Valid inputs with up to 8 edits each. */
export function mutated (seeds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { maxLength: 8 })).map(([seed, edits]) => applyEdits(seed, edits))
}

/** Random bytes, or mutations of valid inputs (most of the time: random bytes rarely get past a decoder's first field). */
export function bytesFrom (seeds: readonly Uint8Array[], maxLength = 2048): fc.Arbitrary<Uint8Array> {
  return fc.oneof({ arbitrary: fc.uint8Array({ maxLength }), weight: 1 }, { arbitrary: mutated(seeds), weight: 3 })
}

/** Text: random strings, or mutations of valid ones. */
export function textFrom (seeds: readonly string[], maxLength = 512): fc.Arbitrary<string> {
  const encoder = new TextEncoder()
  const decoder = new TextDecoder()
  return fc.oneof(
    { arbitrary: fc.string({ maxLength, unit: 'binary' }), weight: 1 },
    { arbitrary: fc.constantFrom(...seeds), weight: 1 },
    { arbitrary: mutated(seeds.map(s => encoder.encode(s))).map(b => decoder.decode(b)), weight: 3 }
  )
}
