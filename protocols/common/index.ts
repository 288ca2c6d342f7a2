/**
 * @packageDocumentation
 *
 * What every protocol shares: the request/response engine (`request()`,
 * `respond()`, `Responder`), the service lifecycle, typed errors, the
 * signature helpers of rendezvous documents, request metrics and the
 * rendezvous-peers hook. Not a protocol itself.
 */

export * from './abort.js'
export * from './addresses.js'
export * from './errors.js'
export * from './lifecycle.js'
export * from './logger.js'
export * from './metrics.js'
export * from './rendezvous.js'
export * from './request-response.js'
export * from './responder.js'
export * from './signing.js'
export * from './stream.js'
export * from './optimistic-stream.js'
export * from './components.js'
export * from './topic.js'
export * from './bounded-map.js'
