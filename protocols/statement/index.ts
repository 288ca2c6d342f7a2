/**
 * @packageDocumentation
 *
 * `/peergrid/statement/1.0.0`: an exit asks the rendezvous what it booked
 * for the exit's own metered sessions (highest booked receipt, bytes and
 * amount of each), so the provider can put its own counters beside the
 * books (`peergrid earnings --verify`). `statementServer` runs on the
 * rendezvous (its receipt book comes in as the `statements` hook), answering
 * only for the connection's peer; `statementClient` on providers.
 *
 * @example
 *
 * ```TypeScript
 * const services = { statements: statementClient() } // components: { connectionManager, rendezvous }
 * const { sessions } = await libp2p.services.statements.fetch(Date.now() - 86_400_000)
 * ```
 */

export * from './client.js'
export * from './constants.js'
export * from './errors.js'
export * from './exchange.js'
export * from './server.js'
export { BookedSession, StatementRequest, StatementResponse } from './pb/statement.js'
