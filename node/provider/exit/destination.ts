import { lookup } from 'node:dns/promises'
import { domainToASCII } from 'node:url'
import { raceSignal } from 'race-signal'
import { withTimeout } from '../../../protocols/common/index.js'
import { DEFAULT_DNS_TIMEOUT_MS } from '../../../protocols/proxy/index.js'
import { parseIpLiteral } from './address-policy.js'
import { MAX_HOST_LENGTH, MAX_RESOLVED_ADDRESSES } from './constants.js'
import { DestinationRefusedError, DnsFailureError, InvalidDestinationError } from './errors.js'
import { DEFAULT_BLOCKED_PORTS, blockedPortRule } from './port-rules.js'
import type { AddressPolicy } from './address-policy.js'
import type { PortRule } from './port-rules.js'
import type { AbortOptions } from '@libp2p/interface'

/** Turns a host name into IP addresses. */
export interface Resolver {
  resolve(host: string, options?: AbortOptions): Promise<string[]>
}

/** The operating system's resolver (getaddrinfo: /etc/hosts, then DNS), every address. */
export const systemResolver: Resolver = {
  async resolve (host) {
    // getaddrinfo cannot be cancelled; checkDestination stops waiting on its timeout
    const addrs = await lookup(host, { all: true, verbatim: true })
    return addrs.map(a => a.address)
  }
}

/** A destination that passed every check: dial `ip`, never `host` again. */
export interface CheckedDestination {
  /** the host as the customer asked for it (ASCII form of a name, or the normalised IP) */
  host: string
  port: number
  /** the checked address to connect to */
  ip: string
  family: 4 | 6
  /** every address the name resolved to; all were checked */
  resolved: string[]
  /** set when an --exit-allow range let the address through */
  allowedBy?: string
}

/** What the check uses. */
export interface DestinationCheckInit {
  policy: AddressPolicy
  resolver?: Resolver
  blockedPorts?: readonly PortRule[]
  /** default DEFAULT_DNS_TIMEOUT_MS */
  dnsTimeoutMs?: number
}

/**
 * Checks a customer's destination before the exit dials it: the port against
 * the blocked ports, an IP literal (in any spelling) against the address
 * policy, a name by resolving it here and checking every address. If any
 * address is forbidden the destination is refused, so a name cannot hide a
 * private address among public ones; the caller connects to the returned IP,
 * so a second resolution (DNS rebinding) cannot change it.
 */
export async function checkDestination (host: string, port: number, init: DestinationCheckInit, options: AbortOptions = {}): Promise<CheckedDestination> {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidDestinationError(`Port ${port} is out of range`)
  }
  const portRule = blockedPortRule(port, init.blockedPorts ?? DEFAULT_BLOCKED_PORTS)
  if (portRule != null) {
    throw new DestinationRefusedError(`port ${portRule.from === portRule.to ? portRule.from : `${portRule.from}-${portRule.to}`}`, `Port ${port} is blocked: ${portRule.rationale}`)
  }
  if (host.length === 0 || host.length > MAX_HOST_LENGTH + 2) {
    throw new InvalidDestinationError('The destination host is empty or too long')
  }

  const literal = parseIpLiteral(host)
  if (literal != null) {
    const decision = init.policy.check(literal)
    if (!decision.allowed) throw refusal(decision.rule, decision.rationale, decision.ip)
    return { host: literal, port, ip: decision.ip, family: decision.family, resolved: [decision.ip], allowedBy: decision.allowedBy }
  }

  const name = domainToASCII(host.replace(/\.$/, ''))
  if (name === '' || name.length > MAX_HOST_LENGTH || !/^[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*$/i.test(name)) {
    throw new InvalidDestinationError('The destination host is not a valid name')
  }
  const dnsTimeoutMs = init.dnsTimeoutMs ?? DEFAULT_DNS_TIMEOUT_MS
  let resolved: string[]
  try {
    // raced here too: a resolver that ignores the signal must not hold the stream open
    const signal = withTimeout(dnsTimeoutMs, options.signal)
    resolved = await raceSignal((init.resolver ?? systemResolver).resolve(name, { signal }), signal)
  } catch (err: any) {
    if (options.signal?.aborted === true) throw err
    throw new DnsFailureError(err.name === 'TimeoutError' ? `${name} did not resolve within ${dnsTimeoutMs} ms` : `${name} did not resolve (${err.code ?? err.name})`)
  }
  if (resolved.length === 0) throw new DnsFailureError(`${name} has no address`)
  if (resolved.length > MAX_RESOLVED_ADDRESSES) throw new DnsFailureError(`${name} resolved to more than ${MAX_RESOLVED_ADDRESSES} addresses`)

  let chosen: CheckedDestination | undefined
  for (const address of resolved) {
    const ip = parseIpLiteral(address)
    if (ip == null) throw new DnsFailureError(`${name} resolved to something that is not an address`)
    const decision = init.policy.check(ip)
    if (!decision.allowed) throw refusal(decision.rule, `${name} resolves to ${decision.ip}: ${decision.rationale}`, decision.ip)
    chosen ??= { host: name, port, ip: decision.ip, family: decision.family, resolved, allowedBy: decision.allowedBy }
  }
  return chosen as CheckedDestination
}

function refusal (rule: string, rationale: string, address: string): DestinationRefusedError {
  return new DestinationRefusedError(rule, `Destination ${address} is not public: ${rationale}`, address)
}
