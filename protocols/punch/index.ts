/**
 * @packageDocumentation
 *
 * `/peergrid/punch/1.0.0`: TCP hole punching between two nodes behind NATs,
 * coordinated over a relayed connection (see puncher.ts for the flow and
 * why libp2p's DCUtR is not used). Runs on providers and gateways; the
 * `self` hook says where this node can be punched to.
 *
 * @example
 *
 * ```TypeScript
 * const services = { puncher: puncher() } // components: { registrar, upgrader, logger, self }
 * const direct = await libp2p.services.puncher.punch(relayedConnection)
 * ```
 */

export * from './constants.js'
export * from './errors.js'
export * from './puncher.js'
export { dialFromPort, freePort } from './socket-connection.js'
export type { PortDialTarget } from './socket-connection.js'
export { PunchMessage } from './pb/punch.js'
