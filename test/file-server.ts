import { createHash, randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { Server } from 'node:http'

/** A local HTTP server with random bodies of any size and an upload hasher. */
export interface FileServer {
  port: number
  /** http://<host>:<port>/bytes/<size> */
  url(size: number): string
  /** sha-256 (hex) of what /bytes/<size> serves */
  sha256(size: number): string
  close(): Promise<void>
}

/**
 * Starts a real HTTP server on `host` (default 127.0.0.1), port 0. `GET /bytes/<n>` answers n
 * random bytes (the same bytes for the same n, for the server's lifetime);
 * `POST /upload` answers the sha-256 of the request body.
 */
export async function startFileServer (host = '127.0.0.1'): Promise<FileServer> {
  const bodies = new Map<number, Buffer>()
  const body = (size: number): Buffer => {
    let bytes = bodies.get(size)
    if (bytes == null) {
      bytes = randomBytes(size)
      bodies.set(size, bytes)
    }
    return bytes
  }
  const server: Server = createServer((request, response) => {
    const match = /^\/bytes\/(\d{1,9})$/.exec(request.url ?? '')
    if (request.method === 'GET' && match != null) {
      const bytes = body(Number(match[1]))
      response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': bytes.byteLength })
      response.end(bytes)
      return
    }
    if (request.method === 'POST' && request.url === '/upload') {
      const hash = createHash('sha256')
      let length = 0
      request.on('data', (chunk: Buffer) => { hash.update(chunk); length += chunk.byteLength })
      request.on('end', () => { response.end(JSON.stringify({ sha256: hash.digest('hex'), length })) })
      return
    }
    response.writeHead(404).end()
  })
  await new Promise<void>(resolve => { server.listen(0, host, resolve) })
  const address = server.address()
  const port = typeof address === 'object' && address != null ? address.port : 0
  return {
    port,
    url: (size) => `http://${host}:${port}/bytes/${size}`,
    sha256: (size) => createHash('sha256').update(body(size)).digest('hex'),
    async close () {
      server.closeAllConnections()
      await new Promise<void>(resolve => { server.close(() => { resolve() }) })
    }
  }
}
