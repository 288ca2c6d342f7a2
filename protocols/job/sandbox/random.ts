/**
 * A seeded generator for the sandbox's random_get (sfc32: small, fast, and
 * the same stream in Node and in a browser): a job that reads random bytes
 * gives the same output when run again with the same seed.
 */
export class SeededRandom {
  private a: number
  private b: number
  private c: number
  private d = 1

  /** `seed`: 12 bytes or more (the first 12 are used) */
  constructor (seed: Uint8Array) {
    const view = new DataView(seed.buffer, seed.byteOffset, seed.byteLength)
    this.a = view.getUint32(0, true)
    this.b = view.getUint32(4, true)
    this.c = view.getUint32(8, true)
    // warm up: the first outputs of sfc32 show the seed
    for (let i = 0; i < 15; i++) this.next()
  }

  next (): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  fill (bytes: Uint8Array): void {
    for (let i = 0; i < bytes.byteLength; i += 4) {
      const word = this.next()
      for (let j = 0; j < 4 && i + j < bytes.byteLength; j++) bytes[i + j] = (word >>> (8 * j)) & 0xff
    }
  }
}
