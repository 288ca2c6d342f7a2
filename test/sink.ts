import { createServer } from 'node:net'
import { SocksClient } from 'socks'
import type { Server } from 'node:net'

/** A TCP server that reads what a client sends until its FIN (counted in `received`), then answers `down` bytes and closes. */
export async function startSink (down: number): Promise<{ server: Server, port: number, received: number[] }> {
  const received: number[] = []
  const server = createServer({ allowHalfOpen: true }, socket => {
    let count = 0
    socket.on('data', (chunk: Buffer) => { count += chunk.byteLength })
    socket.on('error', () => {})
    socket.on('end', () => {
      received.push(count)
      socket.end(Buffer.alloc(down, 7))
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return { server, port: (server.address() as { port: number }).port, received }
}

/** Sends `up` bytes through a SOCKS5 front (host:port) and its FIN, reads to the end; resolves with what came back, or the error that cut it. */
export async function exchange (socks: string, port: number, up: number): Promise<{ down: number, error?: string }> {
  const [host, proxyPort] = [socks.slice(0, socks.lastIndexOf(':')), Number(socks.slice(socks.lastIndexOf(':') + 1))]
  const { socket } = await SocksClient.createConnection({ proxy: { host, port: proxyPort, type: 5 }, command: 'connect', destination: { host: '127.0.0.1', port }, timeout: 20_000 })
  return new Promise(resolve => {
    let down = 0
    let error: string | undefined
    socket.on('data', (chunk: Buffer) => { down += chunk.byteLength })
    socket.on('error', (err) => { error = err.message })
    socket.on('close', () => { resolve({ down, ...(error != null ? { error } : {}) }) })
    socket.end(Buffer.alloc(up, 1))
  })
}
