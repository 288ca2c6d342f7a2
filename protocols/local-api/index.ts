/**
 * @packageDocumentation
 *
 * The shapes of the local HTTP API's answers that more than one side reads:
 * the node writes them, the CLI prints them, the dashboard (web/) draws
 * them; and how amounts and sizes are written for people. The routes are in node/.
 */

export * from './format.js'
export type * from './capability.js'
export type * from './controls.js'
export type * from './earnings.js'
export type * from './transparency.js'
