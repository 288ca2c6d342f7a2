import { createHttpProxyServer } from '../http-proxy/index.js'
import { createSocksServer } from '../socks/index.js'
import { ClientAllowlist } from './client-allowlist.js'
import type { Authenticator } from '../proxy-request.js'
import type { ProxyRouter } from './router.js'
import type { Logger } from '../../logger.js'
import type { Server, Socket } from 'node:net'

/** Where the fronts listen. */
export interface ProxyFrontsInit {
  /** SOCKS5 port on `host`; 0 picks a free one; absent = no SOCKS front */
  socksPort?: number
  /** HTTP proxy port on `host`; 0 picks a free one; absent = no HTTP front */
  httpProxyPort?: number
  /** default 127.0.0.1 */
  host?: string
  /** default DEFAULT_IDLE_TIMEOUT_MS */
  idleTimeoutMs?: number
  /** checks a login (hosted gateways: the password is the customer's API key) */
  authenticate?: Authenticator
  /** refuse clients without a login (hosted gateways) */
  requireAuth?: boolean
  /** without a login, serve only loopback clients and clients in these ranges (ignored with requireAuth: a login is the check) */
  allowClients?: readonly string[]
}

/** The listening fronts. */
export interface ProxyFronts {
  /** "127.0.0.1:<port>" of the SOCKS5 front */
  socks?: string
  /** "127.0.0.1:<port>" of the HTTP proxy front */
  httpProxy?: string
  /** stops listening and closes every client connection */
  close(): Promise<void>
}

/** A front could not listen (port in use, bad address). */
export class FrontListenError extends Error {
  static override name = 'FrontListenError'
  override name = 'FrontListenError'
}

/** Starts the SOCKS5 and HTTP CONNECT fronts of a gateway, both routing through `router`. */
export async function listenProxyFronts (router: ProxyRouter, init: ProxyFrontsInit, logger: Logger): Promise<ProxyFronts> {
  const host = init.host ?? '127.0.0.1'
  const connect = router.connect.bind(router)
  const allowlist = new ClientAllowlist(init.allowClients)
  const acceptClient = init.requireAuth === true ? undefined : (address: string | undefined): boolean => allowlist.allows(address)
  const servers: Array<{ server: Server, sockets: Set<Socket> }> = []
  const fronts: ProxyFronts = {
    async close () {
      await Promise.all(servers.map(async ({ server, sockets }) => {
        const closed = new Promise<void>(resolve => { server.close(() => { resolve() }) })
        for (const socket of sockets) socket.destroy()
        await closed
      }))
    }
  }
  try {
    if (init.socksPort != null) {
      const server = createSocksServer({ connect, idleTimeoutMs: init.idleTimeoutMs, authenticate: init.authenticate, requireAuth: init.requireAuth, acceptClient, logger })
      fronts.socks = await listen(server, host, init.socksPort, 'SOCKS5 proxy', servers)
    }
    if (init.httpProxyPort != null) {
      const server = createHttpProxyServer({ connect, idleTimeoutMs: init.idleTimeoutMs, authenticate: init.authenticate, requireAuth: init.requireAuth, acceptClient, logger })
      fronts.httpProxy = await listen(server, host, init.httpProxyPort, 'HTTP proxy', servers)
    }
  } catch (err) {
    await fronts.close()
    throw err
  }
  return fronts
}

async function listen (server: Server, host: string, port: number, what: string, servers: Array<{ server: Server, sockets: Set<Socket> }>): Promise<string> {
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => { sockets.delete(socket) })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(new FrontListenError(err.code === 'EADDRINUSE'
        ? `Cannot start the ${what} on ${host}:${port}: the port is already in use; pick another (0 picks a free one)`
        : `Cannot start the ${what} on ${host}:${port}: ${err.message}`))
    })
    server.listen(port, host, () => { resolve() })
  })
  servers.push({ server, sockets })
  const address = server.address()
  return `${host}:${typeof address === 'object' && address != null ? address.port : port}`
}
