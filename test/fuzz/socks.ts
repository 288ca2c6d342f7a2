import { Duplex } from 'node:stream'
import { OpenFailedError } from '../../node/gateway/open-failure.js'
import { createSocksServer } from '../../node/gateway/socks/index.js'
import type { Server } from 'node:net'

/** A run that does not end within this time is a hang. */
const EXCHANGE_TIMEOUT_MS = 2_000

/** A client socket in memory: what the test pushes is what the server reads; what the server writes is kept. */
class MemorySocket extends Duplex {
  readonly remoteAddress = '127.0.0.1'
  readonly remotePort = 40_000
  written = 0

  constructor () {
    super({ allowHalfOpen: true })
  }

  override _read (): void {}
  override _write (chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.written += chunk.length
    callback()
  }

  setTimeout (): this { return this }
  setNoDelay (): this { return this }
  setKeepAlive (): this { return this }
}

let server: Server | undefined

/** The SOCKS5 front as the gateway builds it, with a connect handler that refuses (no provider) and one good password. */
function front (): Server {
  server ??= createSocksServer({
    connect: async () => { throw new OpenFailedError('no-provider') },
    authenticate: (_username, password) => password === 'good',
    handshakeTimeoutMs: EXCHANGE_TIMEOUT_MS
  })
  return server
}

/** Valid client messages: greetings (no auth, user/pass), an RFC 1929 login, CONNECT requests for each address type. */
export function socksSeeds (): Uint8Array[] {
  const connect = (type: number, address: number[]): number[] => [5, 1, 0, type, ...address, 0x01, 0xbb]
  return [
    [5, 1, 0],
    [5, 2, 0, 2],
    [1, 5, ...Buffer.from('alice'), 4, ...Buffer.from('good')],
    connect(1, [93, 184, 216, 34]),
    connect(3, [11, ...Buffer.from('example.com')]),
    connect(4, [0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 1]),
    [5, 1, 0, ...connect(3, [8, ...Buffer.from('host.one')])],
    [5, 1, 2, 1, 3, ...Buffer.from('bob'), 4, ...Buffer.from('good'), ...connect(1, [1, 2, 3, 4])]
  ].map(bytes => Uint8Array.from(bytes))
}

/**
 * Plays one client against the SOCKS5 front: sends `chunks`, then its FIN.
 * Resolves once the server has closed the connection or asked for a tunnel
 * (and answered the refusal); throws when it does neither in time.
 */
export async function socksExchange (chunks: Uint8Array[]): Promise<void> {
  const socket = new MemorySocket()
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`The SOCKS5 front neither closed nor answered within ${EXCHANGE_TIMEOUT_MS} ms`)) }, EXCHANGE_TIMEOUT_MS)
    const finish = (): void => { clearTimeout(timer); resolve() }
    // the server is done with a client once it has ended its side or closed the connection
    socket.once('close', finish)
    socket.once('finish', finish)
  })
  front().emit('connection', socket)
  for (const chunk of chunks) socket.push(Buffer.from(chunk))
  socket.push(null)
  await done
  socket.destroy()
}
