/**
 * @packageDocumentation
 *
 * `/peergrid/proxy/1.0.0`: one libp2p stream per proxied TCP connection.
 * The gateway sends a ProxyOpen (target host, port, session id, credential);
 * the provider checks and dials the target and answers a ProxyOpenResult;
 * then the customer's bytes flow raw to the provider, and the target's bytes
 * come back as length-prefixed frames so that the provider can append a
 * ProxyClose (byte counts each way, duration) after the last one. Half-close
 * works in both directions: the gateway closes its write side for the
 * client's FIN, the provider sends an empty frame for the target's.
 *
 * `proxyServer` is the exit's stream lifecycle; what it serves is decided by
 * the `exit` hook (admission, destination check, dial, transparency log).
 * `proxyClient` opens tunnels for a gateway's fronts (a MeshTunnel is the
 * stream as a Node Duplex).
 *
 * @example
 *
 * ```TypeScript
 * const { tunnel, dialled } = await libp2p.services.proxyClient.open(provider, { host: 'example.com', port: 443, credential })
 * clientSocket.pipe(tunnel).pipe(clientSocket)
 * ```
 */

export * from './client.js'
export * from './constants.js'
export * from './errors.js'
export * from './frames.js'
export * from './metrics.js'
export * from './relay.js'
export * from './server.js'
export * from './tunnel.js'
export { ProxyClose, ProxyOpen, ProxyOpenResult } from './pb/proxy.js'
