/**
 * @packageDocumentation
 *
 * The gateway's HTTP CONNECT front. Like the SOCKS5 front, the caller
 * supplies `connect()`; an OpenFailedError's reason picks the HTTP status
 * (open-failure.ts).
 *
 * @example
 *
 * ```TypeScript
 * const server = createHttpProxyServer({ connect: async (request, { signal }) => openTunnel(request, { signal }) })
 * server.listen(8080, '127.0.0.1')
 * ```
 */

export { createHttpProxyServer } from './server.js'
export type { HttpProxyServerInit } from './server.js'
