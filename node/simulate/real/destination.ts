import { createServer } from 'node:net'
import type { AddressInfo, Server, Socket } from 'node:net'

/** Longest request line the destination reads (a byte count and a newline). */
export const MAX_DESTINATION_REQUEST_BYTES = 32

/** Most bytes one request may ask for (1 GiB). */
export const MAX_DESTINATION_RESPONSE_BYTES = 1024 ** 3

const CHUNK = Buffer.alloc(64 * 1024, 0x61)

/**
 * The simulated web: a TCP server on 127.0.0.1 that every exit of the real
 * tier connects to. A client sends the number of bytes it wants and a
 * newline, then anything (its upload, read and dropped); after `delayMs`
 * (the destination's distance by the link model) the server sends that many
 * bytes and ends.
 */
export class Destination {
  private readonly server: Server
  private readonly sockets = new Set<Socket>()
  private readonly delayMs: number

  private constructor (delayMs: number) {
    this.delayMs = delayMs
    this.server = createServer(socket => { this.serve(socket) })
  }

  static async listen (delayMs: number): Promise<Destination> {
    const destination = new Destination(delayMs)
    await new Promise<void>((resolve, reject) => {
      destination.server.once('error', reject)
      destination.server.listen(0, '127.0.0.1', () => { resolve() })
    })
    return destination
  }

  get port (): number {
    return (this.server.address() as AddressInfo).port
  }

  private serve (socket: Socket): void {
    this.sockets.add(socket)
    socket.once('close', () => this.sockets.delete(socket))
    socket.on('error', () => {})
    let line = ''
    let answered = false
    socket.on('data', (chunk: Buffer) => {
      if (answered) return
      line += chunk.toString('latin1')
      const end = line.indexOf('\n')
      if (end < 0) {
        if (line.length > MAX_DESTINATION_REQUEST_BYTES) socket.destroy()
        return
      }
      answered = true
      const wanted = Number(line.slice(0, end))
      if (!Number.isSafeInteger(wanted) || wanted < 0 || wanted > MAX_DESTINATION_RESPONSE_BYTES) {
        socket.destroy()
        return
      }
      setTimeout(() => { send(socket, wanted) }, this.delayMs)
    })
  }

  async close (): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>(resolve => { this.server.close(() => { resolve() }) })
  }
}

/** Writes `left` bytes, waiting for 'drain' whenever the socket's buffer is full, then ends. */
function send (socket: Socket, left: number): void {
  while (left > 0 && !socket.destroyed) {
    const n = Math.min(left, CHUNK.length)
    left -= n
    if (!socket.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) {
      socket.once('drain', () => { send(socket, left) })
      return
    }
  }
  if (!socket.destroyed) socket.end()
}
