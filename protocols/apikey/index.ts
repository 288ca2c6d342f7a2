/**
 * @packageDocumentation
 *
 * `/peergrid/apikey/1.0.0`: a hosted gateway asks the rendezvous which
 * customer account an API key belongs to (only the key's sha-256 travels).
 * `apiKeyServer` runs on the rendezvous (its accounts come in as the
 * `apiKeys` hook); `apiKeyClient` on hosted gateways, with a cache.
 *
 * @example
 *
 * ```TypeScript
 * const services = { apiKeys: apiKeyClient() } // components: { connectionManager, rendezvous }
 * const account = await libp2p.services.apiKeys.verify(password) // undefined: refuse the login
 * ```
 */

export * from './client.js'
export * from './constants.js'
export * from './exchange.js'
export * from './server.js'
export { ApiKeyRequest, ApiKeyResponse } from './pb/apikey.js'
