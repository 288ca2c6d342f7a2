/**
 * @packageDocumentation
 *
 * The gateway's SOCKS5 front (RFC 1928 CONNECT, RFC 1929 auth). The caller
 * supplies `connect()`, which opens the tunnel (to a provider over the mesh)
 * or throws OpenFailedError; its reason picks the reply code (open-failure.ts).
 *
 * @example
 *
 * ```TypeScript
 * const server = createSocksServer({ connect: async (request, { signal }) => openTunnel(request, { signal }) })
 * server.listen(1080, '127.0.0.1')
 * ```
 */

export { createSocksServer } from './server.js'
export type { SocksRequest, SocksServerInit } from './server.js'
export { REPLY } from './constants.js'
export type { SocksReply } from './constants.js'
