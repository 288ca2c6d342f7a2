import { request as httpRequest } from 'node:http'
import { OPEN_FAILURES, openFailureReason } from '../open-failure.js'
import { DEFAULT_OPEN_TIMEOUT_MS, openSignal } from '../tunnel.js'
import { PROXY_REALM } from './constants.js'
import { checkCredentials } from './credentials.js'
import { parseForwardTarget } from './targets.js'
import type { HttpProxyServerInit } from './server.js'
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'

/**
 * Hop-by-hop headers (RFC 9110 section 7.6.1) and the proxy's own: they are
 * for this hop and never forwarded.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'transfer-encoding', 'upgrade'])

/**
 * Serves a plain proxy request in absolute form (`GET http://host/path`, as
 * `curl -x` sends for http:// URLs): opens a tunnel to host:port like a
 * CONNECT would, then speaks HTTP/1.1 over it with Node's own client, one
 * request per tunnel (`Connection: close` upstream), and streams the answer
 * back. The client's connection to the proxy may stay open for more requests.
 * Anything but an absolute http:// URL is answered 400 (https goes through CONNECT).
 */
export async function forwardRequest (request: IncomingMessage, response: ServerResponse, init: HttpProxyServerInit): Promise<void> {
  if (init.acceptClient?.(request.socket.remoteAddress) === false) {
    plain(response, 403, 'This proxy does not serve your address\n')
    return
  }
  const target = parseForwardTarget(request.url ?? '')
  if ('refused' in target) {
    plain(response, 400, target.refused)
    return
  }
  const credentials = await checkCredentials(request, init)
  if (credentials === false) {
    response.writeHead(407, { 'Proxy-Authenticate': `Basic realm="${PROXY_REALM}"`, 'Content-Length': 0, Connection: 'close' }).end()
    return
  }
  const socket = request.socket
  let upstream: Duplex
  try {
    upstream = await init.connect({
      host: target.host,
      port: target.port,
      ...credentials,
      client: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`
    }, { signal: openSignal(socket, init.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS) })
  } catch (err) {
    const failure = OPEN_FAILURES[openFailureReason(err)]
    if (!socket.destroyed) plain(response, failure.http, `${failure.text}\n`)
    return
  }
  if (socket.destroyed) {
    upstream.destroy()
    return
  }

  const headers = endToEnd(request.rawHeaders)
  headers.Connection = 'close'
  const outgoing = httpRequest({
    method: request.method,
    path: target.path,
    headers,
    setHost: false,
    createConnection: () => upstream as any
  })
  const fail = (): void => {
    upstream.destroy()
    if (!response.headersSent) plain(response, 502, 'Bad Gateway\n')
    else response.destroy()
  }
  outgoing.on('error', fail)
  outgoing.on('response', (answer: IncomingMessage) => {
    response.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.rawHeaders))
    answer.pipe(response)
    answer.on('error', fail)
  })
  response.on('close', () => { upstream.destroy() })
  request.pipe(outgoing)
}

/** The end-to-end headers of a raw header list, repeated names kept (Set-Cookie). */
function endToEnd (rawHeaders: string[]): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {}
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string
    if (HOP_BY_HOP.has(name.toLowerCase())) continue
    const previous = headers[name]
    const value = rawHeaders[i + 1] as string
    headers[name] = previous == null ? value : ([] as string[]).concat(previous as string | string[], value)
  }
  return headers
}

function plain (response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text), Connection: 'close' }).end(text)
}
