/**
 * @packageDocumentation
 *
 * The owner's controls over serving (issue 13, first part): pause, a
 * monthly data cap, serving windows in an IANA time zone, idle-only. One
 * pure `decide(now, state, controls)` says serve or not with every reason
 * in a fixed order; `checkControls` refuses controls that do not hold
 * together before they take effect. Enforcement on the exit and the job
 * runner, persistence, the capability record and the local API come next.
 */

export * from './check.js'
export * from './decide.js'
export { isTimeZone, localTime } from './local-time.js'
export type { LocalTime } from './local-time.js'
