import { MAX_HANDSHAKE_BYTES } from './constants.js'
import type { Socket } from 'node:net'

/** The client closed the connection or sent more than MAX_HANDSHAKE_BYTES before the tunnel opened. */
export class HandshakeError extends Error {
  static override name = 'HandshakeError'
  override name = 'HandshakeError'
}

/**
 * Reads exact byte counts from a socket during the SOCKS handshake. Its data
 * listener is attached at once, so nothing a fast client sends is lost; bytes
 * past the request are handed back by release() for the tunnel.
 */
export class HandshakeReader {
  private buffered: Buffer = Buffer.alloc(0)
  private received = 0
  private wanted?: { n: number, resolve: (bytes: Buffer) => void, reject: (err: Error) => void }
  private failure?: Error
  private readonly socket: Socket

  private readonly onData = (chunk: Buffer): void => {
    this.received += chunk.length
    if (this.received > MAX_HANDSHAKE_BYTES) {
      this.fail(new HandshakeError(`Client sent more than ${MAX_HANDSHAKE_BYTES} bytes before the tunnel opened`))
      return
    }
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk])
    this.deliver()
  }

  private readonly onEnd = (): void => { this.fail(new HandshakeError('Client closed the connection during the handshake')) }

  constructor (socket: Socket) {
    this.socket = socket
    socket.on('data', this.onData)
    socket.on('end', this.onEnd)
    socket.on('close', this.onEnd)
  }

  /** The next `n` bytes. */
  async read (n: number): Promise<Buffer> {
    if (this.failure != null) throw this.failure
    return new Promise((resolve, reject) => {
      this.wanted = { n, resolve, reject }
      this.deliver()
    })
  }

  /** Stops reading (the socket is paused) and returns what the client sent past the handshake. */
  release (): Buffer {
    this.socket.pause()
    this.socket.off('data', this.onData)
    this.socket.off('end', this.onEnd)
    this.socket.off('close', this.onEnd)
    const rest = this.buffered
    this.buffered = Buffer.alloc(0)
    return rest
  }

  private deliver (): void {
    if (this.wanted == null || this.buffered.length < this.wanted.n) return
    const { n, resolve } = this.wanted
    this.wanted = undefined
    const bytes = this.buffered.subarray(0, n)
    this.buffered = this.buffered.subarray(n)
    resolve(bytes)
  }

  private fail (err: Error): void {
    this.failure ??= err
    const wanted = this.wanted
    this.wanted = undefined
    wanted?.reject(err)
  }
}
