/**
 * @packageDocumentation
 *
 * The capability record: a provider's signed statement of the services it
 * offers, where, at what price and within which limits. Providers announce it
 * on the CAPABILITY_TOPIC gossipsub topic, provide `capabilityKey()` keys on the
 * DHT, and answer `/peergrid/capability/1.0.0` with it (`capabilityServer`,
 * whose record comes in as the `capabilityRecord` hook); gateways ask with
 * `capabilityClient`.
 *
 * @example
 *
 * ```TypeScript
 * const bytes = await signCapabilityRecord(privateKey, { services: ['proxy'], country: 'DE', ... })
 * const { peerId, record } = await openCapabilityRecord(bytes) // throws on a forged or expired record
 * const fresh = await libp2p.services.capabilityClient.fetch(peerId, record.seq) // undefined: not newer
 * ```
 */

export * from './client.js'
export * from './constants.js'
export * from './errors.js'
export * from './exchange.js'
export * from './gossip.js'
export * from './keys.js'
export * from './record.js'
export * from './server.js'
export { CapabilityRecord, CapabilityRequest, CapabilityResponse, Reach, SignedCapabilityRecord } from './pb/capability.js'
export type { Prices, Limits, PolicySummary } from './pb/capability.js'
export * from './view.js'
