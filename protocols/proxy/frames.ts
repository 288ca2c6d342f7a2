import * as varint from 'uint8-varint'
import { Uint8ArrayList } from 'uint8arraylist'
import { MAX_FRAME_LENGTH_BYTES } from './constants.js'
import { ProxyProtocolError } from './errors.js'

/** The frame that marks the end of the data (the target's FIN). */
export const END_OF_DATA_FRAME = Uint8Array.of(0)

/** Prefixes a chunk with its varint length, without copying the chunk. */
export function encodeFrame (chunk: Uint8Array): Uint8ArrayList {
  return new Uint8ArrayList(varint.encode(chunk.byteLength), chunk)
}

/**
 * Splits a byte stream into varint-length-prefixed frames. (Hand-written:
 * @libp2p/utils' LengthPrefixedDecoder drops empty frames, and the empty
 * frame is this protocol's end-of-data marker.) Feed it what
 * arrives with push(), take whole frames with next(). A frame over
 * `maxFrameBytes` is a ProxyProtocolError, raised before it is buffered.
 */
export class FrameDecoder {
  private readonly buffer = new Uint8ArrayList()
  private readonly maxFrameBytes: number

  constructor (maxFrameBytes: number) {
    this.maxFrameBytes = maxFrameBytes
  }

  /** Bytes received and not yet returned as frames. */
  get bufferedBytes (): number {
    return this.buffer.byteLength
  }

  push (data: Uint8Array | Uint8ArrayList): void {
    this.buffer.append(data)
  }

  /** The next whole frame (an empty list for an empty frame), or undefined until more bytes arrive. */
  next (): Uint8ArrayList | undefined {
    const header = this.readLength()
    if (header == null) return undefined
    const [length, headerBytes] = header
    if (this.buffer.byteLength < headerBytes + length) return undefined
    const frame = this.buffer.sublist(headerBytes, headerBytes + length)
    this.buffer.consume(headerBytes + length)
    return frame
  }

  /** The next frame's length and the length of its prefix, once the whole prefix is here. */
  private readLength (): [number, number] | undefined {
    let length = 0
    for (let i = 0; i < Math.min(this.buffer.byteLength, MAX_FRAME_LENGTH_BYTES); i++) {
      const byte = this.buffer.get(i)
      length += (byte & 0x7f) * 2 ** (7 * i)
      if ((byte & 0x80) === 0) {
        if (length > this.maxFrameBytes) throw new ProxyProtocolError(`A frame of ${length} bytes is over the limit of ${this.maxFrameBytes}`)
        return [length, i + 1]
      }
    }
    if (this.buffer.byteLength >= MAX_FRAME_LENGTH_BYTES) throw new ProxyProtocolError('A frame length prefix is too long')
    return undefined
  }
}
