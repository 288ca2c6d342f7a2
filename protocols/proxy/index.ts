/**
 * @packageDocumentation
 *
 * `/peergrid/proxy/1.0.0`: one libp2p stream per proxied TCP connection.
 * The gateway sends a ProxyOpen (target host, port, session id); the
 * provider checks and dials the target and answers a ProxyOpenResult; then
 * the customer's bytes flow raw to the provider, and the target's bytes come
 * back as length-prefixed frames so that the provider can append a
 * ProxyClose (byte counts each way, duration) after the last one. Half-close
 * works in both directions: the gateway closes its write side for the
 * client's FIN, the provider sends an empty frame for the target's.
 *
 * @example
 *
 * ```TypeScript
 * const stream = await libp2p.dialProtocol(provider, PROXY_PROTOCOL)
 * const pb = pbStream(stream, { maxDataLength: MAX_PROXY_RESULT_BYTES })
 * await pb.write({ host: 'example.com', port: 443 }, ProxyOpen)
 * const result = await pb.read(ProxyOpenResult)
 * ```
 */

export * from './constants.js'
export * from './errors.js'
export * from './frames.js'
export { ProxyClose, ProxyOpen, ProxyOpenResult } from './pb/proxy.js'
