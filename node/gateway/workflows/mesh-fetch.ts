import { request as httpRequest } from 'node:http'
import { connect as tlsConnect } from 'node:tls'
import { FETCH_TIMEOUT_MS, MAX_FETCH_BODY_BYTES } from './constants.js'
import { MeshFetchError } from './errors.js'
import type { FetchOutput, FetchRequest } from '../../../workflows/engine/index.js'
import type { ProxyRequest } from '../proxy-request.js'
import type { AbortOptions } from '@libp2p/interface'
import type { Duplex } from 'node:stream'

/** Opens a tunnel through the proxy mesh (the router's connect). */
export type TunnelOpener = (request: ProxyRequest, options: AbortOptions) => Promise<Duplex>

/**
 * One HTTP request through the proxy mesh, as a workflow's fetch node
 * makes it: a tunnel to the host through an exit (in the country asked,
 * on the sticky session asked), TLS over it for https (verified against
 * the host name), then Node's HTTP client over that. The body is read as
 * UTF-8 text, at most MAX_FETCH_BODY_BYTES, all within FETCH_TIMEOUT_MS.
 */
export async function meshFetch (open: TunnelOpener, request: FetchRequest, options: AbortOptions = {}): Promise<FetchOutput> {
  const url = new URL(request.url)
  const https = url.protocol === 'https:'
  const port = url.port !== '' ? Number(url.port) : https ? 443 : 80
  const signal = AbortSignal.any([AbortSignal.timeout(FETCH_TIMEOUT_MS), ...(options.signal != null ? [options.signal] : [])])
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
      reject(err instanceof MeshFetchError ? err : new MeshFetchError(signal.aborted && options.signal?.aborted !== true ? `${url.host} did not answer within ${FETCH_TIMEOUT_MS} ms` : `${url.host}: ${err.message}`))
    }
    const req = httpRequest({
      host: url.hostname,
      port,
      path: `${url.pathname}${url.search}`,
      method: request.method,
      headers: { ...request.headers, connection: 'close' },
      createConnection: () => socket as any,
      signal
    }, (response) => {
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
    })
    req.on('error', fail)
    req.end(request.body)
  })
}
