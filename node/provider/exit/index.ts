/**
 * @packageDocumentation
 *
 * The proxy exit's guard: which destinations a provider may dial. Every
 * customer destination goes through `checkDestination()` before a socket is
 * opened, and the exit connects to the address it returns, never to the name.
 *
 * @example
 *
 * ```TypeScript
 * const policy = new AddressPolicy({ allow: exitAllow }) // --exit-allow, local testing only
 * const { ip, port } = await checkDestination(host, port, { policy }, { signal })
 * net.connect({ host: ip, port })
 * ```
 */

export { AddressPolicy, parseIpLiteral } from './address-policy.js'
export type { AddressDecision } from './address-policy.js'
export { FORBIDDEN_IPV4, FORBIDDEN_IPV6, NAMED_IPV6 } from './address-rules.js'
export { DEFAULT_BLOCKED_PORTS, blockedPortRule } from './port-rules.js'
export { checkDestination, systemResolver } from './destination.js'
export type { CheckedDestination, DestinationCheckInit, Resolver } from './destination.js'
export * from './errors.js'
export * from './constants.js'
