import { request as httpRequest } from 'node:http'
import { connect as tlsConnect } from 'node:tls'
import { withTimeout } from '../../../protocols/common/index.js'
import { FETCH_ATTEMPTS, FETCH_TIMEOUT_MS, MAX_FETCH_BODY_BYTES } from './constants.js'
import { MeshFetchError } from './errors.js'
import type { FetchOutput, FetchRequest } from '../../../workflows/engine/index.js'
import type { ProxyRequest } from '../proxy-request.js'
import type { AbortOptions } from '@libp2p/interface'
import type { ClientRequest, IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'

/** Opens a tunnel through the proxy mesh (the router's connect). */
export type TunnelOpener = (request: ProxyRequest, options: AbortOptions) => Promise<Duplex>

/** Methods a fetch may send again when its tunnel broke before the whole response came. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE'])

/** A failure of the tunnel or the connection under the HTTP exchange (not of the server's answer): worth another exit. */
class TransportError extends MeshFetchError {}

/**
 * One HTTP request through the proxy mesh, as a workflow's fetch node
 * makes it: a tunnel to the host through an exit (in the country asked,
 * on the sticky session asked; the router tries other exits when one
 * cannot open it), TLS over it for https (verified against the host name),
 * then Node's HTTP client over that. An idempotent request whose tunnel
 * breaks before the whole response came is sent again on a new tunnel, at
 * most FETCH_ATTEMPTS times. The body is read as UTF-8 text, at most
 * MAX_FETCH_BODY_BYTES, all within FETCH_TIMEOUT_MS.
 */
export async function meshFetch (open: TunnelOpener, request: FetchRequest, options: AbortOptions = {}): Promise<FetchOutput> {
  const signal = withTimeout(FETCH_TIMEOUT_MS, options.signal)
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetchOnce(open, request, signal, options)
    } catch (err: any) {
      if (!(err instanceof TransportError) || !IDEMPOTENT.has(request.method) || attempt >= FETCH_ATTEMPTS || signal.aborted) throw err
    }
  }
}

async function fetchOnce (open: TunnelOpener, request: FetchRequest, signal: AbortSignal, options: AbortOptions): Promise<FetchOutput> {
  const url = new URL(request.url)
  const https = url.protocol === 'https:'
  const port = url.port !== '' ? Number(url.port) : https ? 443 : 80
  const username = [
    ...(request.country != null ? [`country-${request.country.toLowerCase()}`] : []),
    ...(request.session != null ? [`session-${request.session}`] : [])
  ].join('-')
  let tunnel: Duplex
  try {
    tunnel = await open({ host: url.hostname.replace(/^\[|\]$/g, ''), port, username, client: 'workflow' }, { signal })
  } catch (err: any) {
    throw new MeshFetchError(`No exit opened ${url.host}: ${err.message}`)
  }
  const socket = https ? tlsConnect({ socket: tunnel, servername: url.hostname }) : tunnel
  return new Promise<FetchOutput>((resolve, reject) => {
    const fail = (err: Error): void => {
      socket.destroy()
      if (err instanceof MeshFetchError) reject(err)
      else if (signal.aborted) reject(new MeshFetchError(options.signal?.aborted === true ? 'The fetch was stopped' : `${url.host} did not answer within ${FETCH_TIMEOUT_MS} ms`))
      else reject(new TransportError(`${url.host}: ${err.message}`))
    }
    const onResponse = (response: IncomingMessage): void => {
      const chunks: Buffer[] = []
      let size = 0
      response.on('data', (chunk: Buffer) => {
        size += chunk.byteLength
        if (size > MAX_FETCH_BODY_BYTES) {
          fail(new MeshFetchError(`The response from ${url.host} is over ${MAX_FETCH_BODY_BYTES} bytes`))
          return
        }
        chunks.push(chunk)
      })
      response.on('error', fail)
      response.on('end', () => {
        socket.destroy()
        const headers: Record<string, string> = {}
        for (const [name, value] of Object.entries(response.headers)) if (value != null) headers[name] = Array.isArray(value) ? value.join(', ') : value
        resolve({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') })
      })
    }
    let req: ClientRequest
    try {
      req = httpRequest({
        host: url.hostname,
        port,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: { ...request.headers, connection: 'close' },
        createConnection: () => socket as any,
        signal
      }, onResponse)
    } catch (err: any) {
      // Node checks header names and values as the request is made
      socket.destroy()
      reject(new MeshFetchError(`The request to ${url.host} is not valid HTTP: ${err.message}`))
      return
    }
    req.on('error', fail)
    req.end(request.body)
  })
}
