import { createServer } from 'node:http'
import { OPEN_FAILURES, openFailureReason } from '../open-failure.js'
import { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_OPEN_TIMEOUT_MS, openSignal, pipeTunnel } from '../tunnel.js'
import { DEFAULT_HEADERS_TIMEOUT_MS, MAX_HTTP_HEADER_BYTES, PROXY_REALM } from './constants.js'
import type { Authenticator, ConnectHandler, ProxyRequest } from '../proxy-request.js'
import type { Logger } from '../../logger.js'
import type { IncomingMessage, Server } from 'node:http'
import type { Socket } from 'node:net'

/** How the HTTP CONNECT front behaves. */
export interface HttpProxyServerInit {
  connect: ConnectHandler
  /** checks Proxy-Authorization credentials; without it any are accepted (their options still count) */
  authenticate?: Authenticator
  /** answer 407 to clients without credentials (default false) */
  requireAuth?: boolean
  /** default DEFAULT_HEADERS_TIMEOUT_MS */
  headersTimeoutMs?: number
  /** the tunnel must be open within this time of the request (default DEFAULT_OPEN_TIMEOUT_MS) */
  openTimeoutMs?: number
  /** default DEFAULT_IDLE_TIMEOUT_MS */
  idleTimeoutMs?: number
  logger?: Logger
}

/**
 * An HTTP proxy that serves CONNECT tunnels (RFC 9110 section 9.3.6), with
 * Basic Proxy-Authorization carrying the proxy options. Other methods are
 * answered 405. Build it here, listen() in the caller.
 */
export function createHttpProxyServer (init: HttpProxyServerInit): Server {
  const headersTimeout = init.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS
  const server = createServer({
    maxHeaderSize: MAX_HTTP_HEADER_BYTES,
    headersTimeout,
    requestTimeout: headersTimeout,
    // Node enforces the timeouts above only when it checks connections (every 30 s by default)
    connectionsCheckingInterval: Math.min(1_000, Math.max(50, Math.floor(headersTimeout / 2)))
  })
  server.on('connect', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    void tunnelRequest(request, socket, head, init)
  })
  server.on('request', (_request, response) => {
    response.writeHead(405, { Allow: 'CONNECT', 'Content-Type': 'text/plain', Connection: 'close' })
    response.end('This proxy serves CONNECT tunnels only (curl: -p / --proxytunnel)\n')
  })
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) {
      socket.destroy()
      return
    }
    if (err.code === 'HPE_HEADER_OVERFLOW') answer(socket, 431, 'Request Header Fields Too Large')
    else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') answer(socket, 408, 'Request Timeout')
    else answer(socket, 400, 'Bad Request')
  })
  return server
}

async function tunnelRequest (request: IncomingMessage, socket: Socket, head: Buffer, init: HttpProxyServerInit): Promise<void> {
  socket.on('error', () => { socket.destroy() })
  const target = parseAuthority(request.url ?? '')
  if (target == null) {
    answer(socket, 400, 'Bad Request')
    return
  }
  const credentials = parseBasic(request.headers['proxy-authorization'])
  if (credentials == null && init.requireAuth === true) {
    answer(socket, 407, 'Proxy Authentication Required', `Proxy-Authenticate: Basic realm="${PROXY_REALM}"\r\n`)
    return
  }
  if (credentials != null && init.authenticate != null && !await init.authenticate(credentials.username, credentials.password)) {
    answer(socket, 407, 'Proxy Authentication Required', `Proxy-Authenticate: Basic realm="${PROXY_REALM}"\r\n`)
    return
  }
  const proxyRequest: ProxyRequest = { ...target, ...credentials, client: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}` }
  // stop reading until the tunnel is open; what the client sends meanwhile waits in the socket
  socket.pause()
  try {
    const upstream = await init.connect(proxyRequest, { signal: openSignal(socket, init.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS) })
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
    pipeTunnel(socket, upstream, head, init.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS)
  } catch (err) {
    const failure = OPEN_FAILURES[openFailureReason(err)]
    if (!socket.destroyed) answer(socket, failure.http, failure.text)
  }
}

function answer (socket: Socket, status: number, text: string, headers = ''): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\n${headers}Connection: close\r\nContent-Length: 0\r\n\r\n`)
}

/** host:port or [v6]:port, as CONNECT's request target (RFC 9110 section 7.1). */
function parseAuthority (authority: string): { host: string, port: number } | undefined {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]/@\s]+)):(\d{1,5})$/.exec(authority)
  if (match == null) return undefined
  const port = Number(match[3])
  if (port < 1 || port > 65535) return undefined
  return { host: (match[1] ?? match[2]) as string, port }
}

function parseBasic (header: string | undefined): { username: string, password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '')
  if (match == null) return undefined
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon === -1) return undefined
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}
