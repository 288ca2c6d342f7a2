/**
 * @packageDocumentation
 *
 * Versioned signed documents of the rendezvous (the revocation list, the rule
 * set): one protocol for all of them. A document kind names its gossip topic,
 * its fetch protocol, its size limit and how a copy is verified; the
 * rendezvous runs a `documentServer` per kind (fetches, gossip), every other
 * node a `documentWatcher` (gossip, fetch on connect and periodically, a
 * stored copy across restarts). `revocations/` and `rules/` define the kinds.
 *
 * @example
 *
 * ```TypeScript
 * const services = {
 *   rules: documentWatcher({ kind: ruleSetDocument(trustedKeys) }) // with components { connectionManager, pubsub, rendezvous, store }
 * }
 * libp2p.services.rules.current()?.version
 * ```
 */

export * from './constants.js'
export * from './exchange.js'
export * from './kind.js'
export * from './metrics.js'
export * from './server.js'
export * from './watcher.js'
export { DocumentRequest, DocumentResponse } from './pb/documents.js'
