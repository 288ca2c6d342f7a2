// The destination for the proxy benchmarks, run as its own process: an HTTP
// server answering GET /bytes/<n> with n bytes (a random 1 MiB block repeated,
// written with backpressure), and a TCP echo server. Prints {"http":port,"echo":port}.
import { randomBytes } from 'node:crypto'
import { createServer as createHttpServer } from 'node:http'
import { createServer as createTcpServer } from 'node:net'
import type { AddressInfo } from 'node:net'

const block = randomBytes(1024 * 1024)
const http = createHttpServer((request, response) => {
  const match = /^\/bytes\/(\d+)$/.exec(request.url ?? '')
  if (match == null) {
    response.writeHead(404).end()
    return
  }
  let left = Number(match[1])
  response.writeHead(200, { 'Content-Length': left })
  const write = (): void => {
    while (left > 0) {
      const chunk = block.subarray(0, Math.min(left, block.byteLength))
      left -= chunk.byteLength
      if (!response.write(chunk)) {
        response.once('drain', write)
        return
      }
    }
    response.end()
  }
  write()
})
const echo = createTcpServer({ allowHalfOpen: true }, socket => {
  socket.on('error', () => {})
  socket.pipe(socket)
})
let listening = 0
const ready = (): void => {
  if (++listening < 2) return
  process.stdout.write(JSON.stringify({ http: (http.address() as AddressInfo).port, echo: (echo.address() as AddressInfo).port }) + '\n')
}
http.listen(0, '127.0.0.1', ready)
echo.listen(0, '127.0.0.1', ready)
