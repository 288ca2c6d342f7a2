import { createHash } from 'node:crypto'
import { SocksClient } from 'socks'
import type { Socket } from 'node:net'

/** What a fetch through the SOCKS5 proxy got. */
export interface SocksFetchResult {
  status: number
  /** body bytes after the response head */
  bytes: number
  sha256: string
}

/** How to read: a slow reader pauses for `pauseMs` after every `everyBytes`. */
export interface SlowReader {
  everyBytes: number
  pauseMs: number
}

/**
 * Opens a SOCKS5 tunnel with Node's `socks` client, sends an HTTP/1.0 GET
 * and hashes the body as it arrives, optionally reading slowly (pausing the
 * socket so that backpressure reaches the provider).
 */
export async function socksFetch (proxy: string, target: { host: string, port: number }, path: string, options: { username?: string, password?: string, slow?: SlowReader } = {}): Promise<SocksFetchResult> {
  const [host, port] = [proxy.slice(0, proxy.lastIndexOf(':')), Number(proxy.slice(proxy.lastIndexOf(':') + 1))]
  const { socket } = await SocksClient.createConnection({
    proxy: { host, port, type: 5, ...(options.username != null ? { userId: options.username, password: options.password ?? 'x' } : {}) },
    command: 'connect',
    destination: target,
    timeout: 20_000
  })
  return read(socket, `GET ${path} HTTP/1.0\r\nHost: ${target.host}\r\n\r\n`, options.slow)
}

async function read (socket: Socket, request: string, slow?: SlowReader): Promise<SocksFetchResult> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256')
    let head: Buffer | undefined = Buffer.alloc(0)
    let status = 0
    let bytes = 0
    let sinceLastPause = 0
    socket.on('data', (chunk: Buffer) => {
      if (head != null) {
        head = Buffer.concat([head, chunk])
        const end = head.indexOf('\r\n\r\n')
        if (end === -1) return
        status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head.subarray(0, end).toString('latin1'))?.[1] ?? 0)
        chunk = head.subarray(end + 4)
        head = undefined
      }
      hash.update(chunk)
      bytes += chunk.byteLength
      sinceLastPause += chunk.byteLength
      if (slow != null && sinceLastPause >= slow.everyBytes) {
        sinceLastPause = 0
        socket.pause()
        setTimeout(() => { socket.resume() }, slow.pauseMs)
      }
    })
    socket.on('error', reject)
    socket.on('end', () => {
      resolve({ status, bytes, sha256: hash.digest('hex') })
      socket.destroy()
    })
    socket.write(request)
  })
}
