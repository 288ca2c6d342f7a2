import { createServer } from 'node:http'
import { OPEN_FAILURES, openFailureReason } from '../open-failure.js'
import { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_OPEN_TIMEOUT_MS, openSignal, pipeTunnel } from '../tunnel.js'
import { DEFAULT_HEADERS_TIMEOUT_MS, MAX_HTTP_HEADER_BYTES, PROXY_REALM } from './constants.js'
import { checkCredentials } from './credentials.js'
import { forwardRequest } from './forward.js'
import { parseAuthority } from './targets.js'
import type { Authenticator, ConnectHandler, ProxyRequest } from '../proxy-request.js'
import type { Logger } from '../../logger.js'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

/** How the HTTP CONNECT front behaves. */
export interface HttpProxyServerInit {
  connect: ConnectHandler
  /** checks Proxy-Authorization credentials; without it any are accepted (their options still count) */
  authenticate?: Authenticator
  /** answer 407 to clients without credentials (default false) */
  requireAuth?: boolean
  /** whether a client address may use the front at all (default: every one); others get 403 */
  acceptClient?(address: string | undefined): boolean
  /** default DEFAULT_HEADERS_TIMEOUT_MS */
  headersTimeoutMs?: number
  /** the tunnel must be open within this time of the request (default DEFAULT_OPEN_TIMEOUT_MS) */
  openTimeoutMs?: number
  /** default DEFAULT_IDLE_TIMEOUT_MS */
  idleTimeoutMs?: number
  logger?: Logger
}

/**
 * An HTTP proxy that serves CONNECT tunnels (RFC 9110 section 9.3.6) and
 * plain requests in absolute form (`GET http://host/path`, forward.ts), with
 * Basic Proxy-Authorization carrying the proxy options. Build it here,
 * listen() in the caller.
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
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void forwardRequest(request, response, init)
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
  if (init.acceptClient?.(socket.remoteAddress) === false) {
    answer(socket, 403, 'Forbidden')
    return
  }
  const target = parseAuthority(request.url ?? '')
  if (target == null) {
    answer(socket, 400, 'Bad Request')
    return
  }
  const credentials = await checkCredentials(request, init)
  if (credentials === false) {
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
