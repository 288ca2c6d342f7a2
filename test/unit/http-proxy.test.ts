import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { createServer as createHttpServer } from 'node:http'
import { connect } from 'node:net'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpProxyServer } from '../../node/gateway/http-proxy/index.js'
import { OpenFailedError } from '../../node/gateway/open-failure.js'
import type { OpenFailureReason } from '../../node/gateway/open-failure.js'
import type { ProxyRequest } from '../../node/gateway/proxy-request.js'
import type { Server as HttpServer } from 'node:http'
import type { AddressInfo, Server } from 'node:net'

const run = promisify(execFile)

// The upstream is a direct TCP connection to a local HTTP server: the
// CONNECT front is tested on its own, with curl as the client.
const files = new Map<string, Buffer>([['/empty', Buffer.alloc(0)], ['/small', randomBytes(1024)], ['/large', randomBytes(5 * 1024 * 1024 + 3)]])
let origin: HttpServer
let originPort: number
let proxy: HttpServer
let proxyPort: number
const seen: ProxyRequest[] = []
let failWith: OpenFailureReason | undefined

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

beforeAll(async () => {
  origin = createHttpServer((request, response) => {
    const body = files.get(request.url ?? '')
    response.writeHead(body == null ? 404 : 200, { 'Content-Length': body?.length ?? 0 })
    response.end(body)
  })
  await new Promise<void>(resolve => origin.listen(0, '127.0.0.1', resolve))
  originPort = (origin.address() as AddressInfo).port
  proxy = createHttpProxyServer({
    headersTimeoutMs: 500,
    authenticate: (_username, password) => password !== 'wrong',
    connect: async (request) => {
      seen.push(request)
      if (failWith != null) throw new OpenFailedError(failWith)
      return connect({ host: '127.0.0.1', port: originPort, allowHalfOpen: true })
    }
  })
  await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve))
  proxyPort = (proxy.address() as AddressInfo).port
})
afterAll(() => { proxy?.close(); origin?.close() })

/** Sends a raw request head and returns the status line of the answer. */
async function rawStatus (head: string, server: Server = proxy): Promise<string> {
  const socket = connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port })
  let received = ''
  socket.on('data', (chunk: Buffer) => { received += chunk.toString('latin1') })
  socket.on('error', () => {})
  socket.write(head)
  await new Promise(resolve => socket.once('close', resolve))
  return received.split('\r\n')[0] ?? ''
}

describe('HTTP CONNECT front', () => {
  for (const [path, body] of files) {
    it(`curl -p -x fetches ${path} (${body.length} bytes) byte for byte`, async () => {
      failWith = undefined
      const { stdout } = await run('curl', ['-sS', '-p', '-x', `http://127.0.0.1:${proxyPort}`, `http://127.0.0.1:${originPort}${path}`], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 })
      expect(sha(stdout), path).toBe(sha(body))
    })
  }

  for (const [path, body] of files) {
    it(`curl -x (absolute-form GET, no tunnel) fetches ${path} (${body.length} bytes) byte for byte`, async () => {
      failWith = undefined
      const { stdout } = await run('curl', ['-sS', '-x', `http://127.0.0.1:${proxyPort}`, `http://127.0.0.1:${originPort}${path}`], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 })
      expect(sha(stdout), path).toBe(sha(body))
      expect(seen.at(-1), path).toMatchObject({ host: '127.0.0.1', port: originPort })
    })
  }

  it('curl -x keeps its connection to the proxy for several absolute-form requests', async () => {
    failWith = undefined
    const { stdout } = await run('curl', ['-sS', '-x', `http://127.0.0.1:${proxyPort}`, '-o', '/dev/null', '-w', '%{num_connects} %{http_code}\n',
      `http://127.0.0.1:${originPort}/small`, '-o', '/dev/null', `http://127.0.0.1:${originPort}/large`])
    expect(stdout.trim().split('\n')).toEqual(['1 200', '0 200'])
  })

  it('answers a failed absolute-form open with the same status as CONNECT (rules: 403)', async () => {
    failWith = 'rules'
    expect(await rawStatus('GET http://example.test/ HTTP/1.1\r\nHost: example.test\r\n\r\n')).toBe('HTTP/1.1 403 Forbidden')
  })

  it('passes Basic proxy credentials (with the options in the username) to the handler', async () => {
    failWith = undefined
    await run('curl', ['-sS', '-p', '-x', `http://127.0.0.1:${proxyPort}`, '-U', 'alice-country-de-session-s1:key', `http://127.0.0.1:${originPort}/small`])
    expect(seen.at(-1)).toMatchObject({ host: '127.0.0.1', port: originPort, username: 'alice-country-de-session-s1', password: 'key' })
  })

  const statuses: Array<[OpenFailureReason, string]> = [
    ['rules', '403 Forbidden'],
    ['policy', '403 Forbidden'],
    ['dns', '502 Bad Gateway'],
    ['unreachable', '502 Bad Gateway'],
    ['refused', '502 Bad Gateway'],
    ['timeout', '504 Gateway Timeout'],
    ['no-provider', '503 Service Unavailable'],
    ['over-capacity', '503 Service Unavailable'],
    ['over-rate', '429 Too Many Requests'],
    ['failure', '502 Bad Gateway']
  ]
  for (const [reason, status] of statuses) {
    it(`answers a failed open (${reason}) with ${status}`, async () => {
      failWith = reason
      expect(await rawStatus('CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n'), reason).toBe(`HTTP/1.1 ${status}`)
    })
  }

  const malformed: Array<[string, string, string]> = [
    ['target without a port', 'CONNECT example.test HTTP/1.1\r\n\r\n', '400'],
    ['port out of range', 'CONNECT example.test:70000 HTTP/1.1\r\n\r\n', '400'],
    ['userinfo in the target', 'CONNECT a@example.test:443 HTTP/1.1\r\n\r\n', '400'],
    ['wrong credentials', `CONNECT example.test:443 HTTP/1.1\r\nProxy-Authorization: Basic ${Buffer.from('alice:wrong').toString('base64')}\r\n\r\n`, '407'],
    ['a request in origin form (not a proxy request)', 'GET / HTTP/1.1\r\nHost: example.test\r\n\r\n', '400'],
    ['an absolute https URL (must use CONNECT)', 'GET https://example.test/ HTTP/1.1\r\nHost: example.test\r\n\r\n', '400'],
    ['oversized headers', `CONNECT example.test:443 HTTP/1.1\r\nX-Pad: ${'a'.repeat(10_000)}\r\n\r\n`, '431'],
    ['not HTTP at all', '\x05\x01\x00', '400']
  ]
  for (const [name, head, status] of malformed) {
    it(`refuses ${name} with ${status}`, async () => {
      failWith = undefined
      expect(await rawStatus(head), name).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `))
    })
  }

  it('cuts off a client that never finishes its request head', async () => {
    const status = await rawStatus('CONNECT example.test:443 HTTP/1.1\r\nHost: exa')
    expect(status).toMatch(/^(HTTP\/1\.1 408 |$)/)
  })

  it('answers 407 with a Basic challenge when credentials are required', async () => {
    const strict = createHttpProxyServer({ requireAuth: true, connect: async () => { throw new OpenFailedError('failure') } })
    await new Promise<void>(resolve => strict.listen(0, '127.0.0.1', resolve))
    const socket = connect({ host: '127.0.0.1', port: (strict.address() as AddressInfo).port })
    let received = ''
    socket.on('data', (chunk: Buffer) => { received += chunk.toString() })
    socket.write('CONNECT example.test:443 HTTP/1.1\r\n\r\n')
    await new Promise(resolve => socket.once('close', resolve))
    strict.close()
    expect(received).toMatch(/^HTTP\/1\.1 407 /)
    expect(received).toMatch(/Proxy-Authenticate: Basic realm="peergrid"/)
  })
})
