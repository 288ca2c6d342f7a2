/**
 * @packageDocumentation
 *
 * The capability record: a provider's signed statement of the services it
 * offers, where, at what price and within which limits. Providers announce it
 * on the CAPABILITY_TOPIC gossipsub topic, provide `capabilityKey()` keys on the
 * DHT, and answer CAPABILITY_PROTOCOL requests with it.
 *
 * @example
 *
 * ```TypeScript
 * const bytes = await signCapabilityRecord(privateKey, { services: ['proxy'], country: 'DE', ... })
 * const { peerId, record } = await openCapabilityRecord(bytes) // throws on a forged or expired record
 * ```
 */

export * from './constants.js'
export * from './errors.js'
export * from './gossip.js'
export * from './keys.js'
export * from './record.js'
export { CapabilityRecord, CapabilityRequest, CapabilityResponse, SignedCapabilityRecord } from './pb/capability.js'
export type { Prices, Limits, PolicySummary } from './pb/capability.js'
export * from './view.js'
