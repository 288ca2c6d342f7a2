/**
 * @packageDocumentation
 *
 * `/peergrid/register/1.0.0`: a node presents its account's enrollment key
 * and the rendezvous issues it a credential bound to the connection's
 * noise-authenticated peer id. `registerServer` runs on the rendezvous (its
 * accounts and signing key come in as the `authority` hook); `registerClient`
 * on providers and gateways keeps a valid credential, renewing it before it
 * expires.
 *
 * @example
 *
 * ```TypeScript
 * const services = {
 *   credentials: registerClient({ enrollmentKey, trustedKeys }) // components: { peerId, connectionManager, rendezvous, store }
 * }
 * libp2p.services.credentials.current()?.bytes // presented with every proxy open
 * ```
 */

export * from './client.js'
export * from './constants.js'
export * from './errors.js'
export * from './exchange.js'
export * from './server.js'
export { RegisterRequest, RegisterResponse } from './pb/register.js'
