/**
 * @packageDocumentation
 *
 * `/peergrid/meter/1.0.0`: during a metered proxy session the gateway sends
 * each cumulative receipt it signs (every so many bytes, every so many
 * seconds, and at close) to the exit, which checks it against its own
 * counts and answers it counter-signed. The exit's policy (its sessions,
 * counts and the unreceipted bound) is the role's, given as the `meter` hook.
 */

export * from './client.js'
export * from './constants.js'
export * from './errors.js'
export * from './exchange.js'
export * from './server.js'
export { MeterRequest, MeterResponse } from './pb/meter.js'
