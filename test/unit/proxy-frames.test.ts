import { Uint8ArrayList } from 'uint8arraylist'
import { describe, expect, it } from 'vitest'
import { END_OF_DATA_FRAME, FrameDecoder, ProxyClose, encodeFrame } from '../../protocols/proxy/index.js'

function frames (decoder: FrameDecoder): number[][] {
  const out: number[][] = []
  for (let frame = decoder.next(); frame != null; frame = decoder.next()) out.push([...frame.subarray()])
  return out
}

describe('proxy frames', () => {
  it('round-trips frames of 0, 1, 127, 128 and 300 000 bytes', () => {
    const decoder = new FrameDecoder(1_000_000)
    const sizes = [1, 127, 128, 300_000]
    const wire = new Uint8ArrayList(...sizes.map(n => encodeFrame(new Uint8Array(n).fill(n % 251)).subarray()), END_OF_DATA_FRAME)
    decoder.push(wire)
    const out = frames(decoder)
    expect(out.map(f => f.length)).toEqual([...sizes, 0])
    for (const [i, n] of sizes.entries()) expect(out[i]!.every(b => b === n % 251), `frame ${n}`).toBe(true)
    expect(decoder.bufferedBytes).toBe(0)
  })

  it('waits for the rest of a frame split at every byte boundary', () => {
    const wire = encodeFrame(Uint8Array.from([1, 2, 3, 4, 5])).subarray()
    for (let cut = 0; cut <= wire.byteLength; cut++) {
      const decoder = new FrameDecoder(100)
      decoder.push(wire.subarray(0, cut))
      const early = frames(decoder)
      decoder.push(wire.subarray(cut))
      expect([...early, ...frames(decoder)], `cut at ${cut}`).toEqual([[1, 2, 3, 4, 5]])
    }
  })

  it('refuses a frame over the limit from its length prefix alone', () => {
    const decoder = new FrameDecoder(1024)
    decoder.push(encodeFrame(new Uint8Array(1025)).subarray(0, 3))
    expect(() => decoder.next()).toThrow(expect.objectContaining({ name: 'ProxyProtocolError' }))
  })

  it('refuses a length prefix longer than five bytes', () => {
    const decoder = new FrameDecoder(1024)
    decoder.push(Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]))
    expect(() => decoder.next()).toThrow(expect.objectContaining({ name: 'ProxyProtocolError' }))
  })

  it('carries the close summary as the frame after the end frame', () => {
    const decoder = new FrameDecoder(1024)
    decoder.push(END_OF_DATA_FRAME)
    decoder.push(encodeFrame(ProxyClose.encode({ bytesSent: 5n, bytesReceived: 2n ** 40n, durationMs: 12 })))
    const [end, summary] = [decoder.next(), decoder.next()]
    expect(end?.byteLength).toBe(0)
    expect(ProxyClose.decode(summary!)).toEqual({ bytesSent: 5n, bytesReceived: 2n ** 40n, durationMs: 12 })
  })
})
