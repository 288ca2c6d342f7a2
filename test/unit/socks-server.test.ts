import { createHash, randomBytes } from 'node:crypto'
import { connect, createServer } from 'node:net'
import { SocksClient } from 'socks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OpenFailedError } from '../../node/gateway/open-failure.js'
import { REPLY, createSocksServer } from '../../node/gateway/socks/index.js'
import type { OpenFailureReason } from '../../node/gateway/open-failure.js'
import type { SocksRequest } from '../../node/gateway/socks/index.js'
import type { AddressInfo, Server, Socket } from 'node:net'

// The upstream here is a direct TCP connection to a local echo server: the
// SOCKS front is tested on its own; the mesh path comes with the proxy protocol.
let echo: Server
let echoPort: number
let socks: Server
let socksPort: number
const seen: SocksRequest[] = []
let refuseWith: OpenFailureReason | undefined

beforeAll(async () => {
  echo = createServer({ allowHalfOpen: true }, socket => { socket.pipe(socket) })
  await new Promise<void>(resolve => echo.listen(0, '127.0.0.1', resolve))
  echoPort = (echo.address() as AddressInfo).port
  socks = createSocksServer({
    handshakeTimeoutMs: 300,
    authenticate: (username, password) => password !== 'wrong',
    connect: async (request) => {
      seen.push(request)
      if (refuseWith != null) throw new OpenFailedError(refuseWith)
      return connect({ host: '127.0.0.1', port: echoPort, allowHalfOpen: true })
    }
  })
  await new Promise<void>(resolve => socks.listen(0, '127.0.0.1', resolve))
  socksPort = (socks.address() as AddressInfo).port
})
afterAll(() => { socks?.close(); echo?.close() })

async function through (destination: { host: string, port: number }, proxy: { userId?: string, password?: string } = {}): Promise<Socket> {
  const { socket } = await SocksClient.createConnection({
    proxy: { host: '127.0.0.1', port: socksPort, type: 5, ...proxy },
    command: 'connect',
    destination,
    timeout: 5_000
  })
  return socket
}

async function echoRoundTrip (socket: Socket, bytes: Buffer): Promise<Buffer> {
  const chunks: Buffer[] = []
  socket.on('data', (chunk: Buffer) => chunks.push(chunk))
  const ended = new Promise(resolve => socket.once('end', resolve))
  socket.end(bytes)
  await ended
  return Buffer.concat(chunks)
}

/** Sends raw bytes and resolves with what the server answered before closing. */
async function raw (bytes: number[]): Promise<Buffer> {
  const socket = connect({ host: '127.0.0.1', port: socksPort })
  const chunks: Buffer[] = []
  socket.on('data', (chunk: Buffer) => chunks.push(chunk))
  socket.on('error', () => {})
  socket.write(Buffer.from(bytes))
  await new Promise(resolve => socket.once('close', resolve))
  return Buffer.concat(chunks)
}

describe('SOCKS5 front', () => {
  const targets: Array<[string, string]> = [['IPv4', '127.0.0.1'], ['IPv6', '::1'], ['domain', 'example.test']]
  for (const [type, host] of targets) {
    it(`tunnels a ${type} CONNECT byte for byte, with half-close`, async () => {
      refuseWith = undefined
      const payload = randomBytes(3 * 1024 * 1024 + 7)
      const socket = await through({ host, port: 443 })
      const back = await echoRoundTrip(socket, payload)
      expect(createHash('sha256').update(back).digest('hex'), type).toBe(createHash('sha256').update(payload).digest('hex'))
      const request = seen.at(-1)!
      expect(request.host, type).toBe(host)
      expect(request.port, type).toBe(443)
      expect(request.addressType, type).toBe(type.toLowerCase())
    })
  }

  it('passes RFC 1929 credentials to the connect handler', async () => {
    refuseWith = undefined
    const socket = await through({ host: 'example.test', port: 80 }, { userId: 'alice-country-de-session-s1', password: 'key' })
    socket.destroy()
    expect(seen.at(-1)).toMatchObject({ username: 'alice-country-de-session-s1', password: 'key' })
  })

  it('refuses bad credentials', async () => {
    await expect(through({ host: 'example.test', port: 80 }, { userId: 'alice', password: 'wrong' })).rejects.toThrow(/Authentication failed/)
  })

  const replies: Array<[OpenFailureReason, number, RegExp]> = [
    ['rules', REPLY.NOT_ALLOWED, /NotAllowed/],
    ['unreachable', REPLY.HOST_UNREACHABLE, /HostUnreachable/],
    ['refused', REPLY.CONNECTION_REFUSED, /ConnectionRefused/],
    ['timeout', REPLY.TTL_EXPIRED, /TTLExpired/],
    ['no-provider', REPLY.NETWORK_UNREACHABLE, /NetworkUnreachable/],
    ['over-rate', REPLY.NOT_ALLOWED, /NotAllowed/],
    ['failure', REPLY.GENERAL_FAILURE, /Failure/]
  ]
  for (const [reason, code, message] of replies) {
    it(`answers a failed open (${reason}) with reply 0x0${code}`, async () => {
      refuseWith = reason
      await expect(through({ host: 'example.test', port: 80 }), reason).rejects.toThrow(message)
    })
  }

  it('answers BIND with "command not supported"', async () => {
    const answer = await raw([5, 1, 0, 5, 2, 0, 1, 127, 0, 0, 1, 0, 80])
    expect([...answer]).toEqual([5, 0, 5, REPLY.COMMAND_NOT_SUPPORTED, 0, 1, 0, 0, 0, 0, 0, 0])
  })

  it('answers an unknown address type with "address type not supported"', async () => {
    const answer = await raw([5, 1, 0, 5, 1, 0, 9])
    expect([...answer]).toEqual([5, 0, 5, REPLY.ADDRESS_TYPE_NOT_SUPPORTED, 0, 1, 0, 0, 0, 0, 0, 0])
  })

  const garbage: Array<[string, number[]]> = [
    ['SOCKS4', [4, 1, 0, 80, 127, 0, 0, 1, 0]],
    ['HTTP', [...Buffer.from('GET / HTTP/1.1\r\n\r\n')]],
    ['no methods', [5, 0]],
    ['empty domain', [5, 1, 0, 5, 1, 0, 3, 0, 0, 80]]
  ]
  for (const [name, bytes] of garbage) {
    it(`closes on a malformed handshake (${name}) and keeps serving`, async () => {
      const answer = await raw(bytes)
      expect(answer.length, name).toBeLessThanOrEqual(2)
    })
  }

  it('cuts off a silent client at the handshake deadline, without an answer', async () => {
    const socket = connect({ host: '127.0.0.1', port: socksPort })
    let received = 0
    socket.on('data', (chunk: Buffer) => { received += chunk.length })
    await new Promise(resolve => socket.once('close', resolve))
    expect(received).toBe(0)
  })

  it('cuts off a client that stops half-way through the handshake', async () => {
    const answer = await new Promise<Buffer>(resolve => {
      const socket = connect({ host: '127.0.0.1', port: socksPort })
      const chunks: Buffer[] = []
      socket.on('data', (chunk: Buffer) => chunks.push(chunk))
      socket.write(Buffer.from([5, 1, 0, 5, 1, 0, 3, 20, 97]))
      socket.once('close', () => { resolve(Buffer.concat(chunks)) })
    })
    expect([...answer]).toEqual([5, 0])
  })

  it('requires credentials when asked to', async () => {
    const strict = createSocksServer({ requireAuth: true, connect: async () => { throw new OpenFailedError('failure') } })
    await new Promise<void>(resolve => strict.listen(0, '127.0.0.1', resolve))
    const socket = connect({ host: '127.0.0.1', port: (strict.address() as AddressInfo).port })
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.write(Buffer.from([5, 1, 0]))
    await new Promise(resolve => socket.once('close', resolve))
    strict.close()
    expect([...Buffer.concat(chunks)]).toEqual([5, 0xff])
  })
})
