import ipaddr from 'ipaddr.js'
import { FORBIDDEN_IPV4, FORBIDDEN_IPV6, GLOBAL_UNICAST_IPV6, NAMED_IPV6, SIX_TO_FOUR, TEREDO } from './address-rules.js'
import { InvalidCidrError } from './errors.js'
import type { AddressRule } from './address-rules.js'

type Address = ipaddr.IPv4 | ipaddr.IPv6
type Cidr = [Address, number]

/** Whether an address may be dialled, and which rule decided. */
export type AddressDecision =
  | { allowed: true, ip: string, family: 4 | 6, allowedBy?: string }
  | { allowed: false, ip: string, rule: string, rationale: string }

interface CompiledRule extends AddressRule {
  range: Cidr
}

const compile = (rules: readonly AddressRule[]): CompiledRule[] => rules.map(rule => ({ ...rule, range: ipaddr.parseCIDR(rule.cidr) }))
const V4_RULES = compile(FORBIDDEN_IPV4)
const V6_RULES = compile(FORBIDDEN_IPV6)
const V6_NAMED = compile(NAMED_IPV6)
const V6_GLOBAL = ipaddr.parseCIDR(GLOBAL_UNICAST_IPV6)
const V6_6TO4 = ipaddr.parseCIDR(SIX_TO_FOUR)
const V6_TEREDO = ipaddr.parseCIDR(TEREDO)

/**
 * The host as an IP address if it is one in any spelling an OS resolver would
 * accept (127.1, 0x7f.1, 017700000001, 2130706433, [::1]), normalised;
 * undefined for a host name.
 */
export function parseIpLiteral (host: string): string | undefined {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host
  if (!ipaddr.isValid(bare)) return undefined
  return ipaddr.parse(bare).toString()
}

/** The rule that refuses the exit's own addresses. */
export const OWN_ADDRESS_RULE: AddressRule = {
  cidr: 'own address',
  rationale: 'one of this exit\'s own addresses (an interface, or what peers observe): the owner\'s router and port-forwarded services answer there'
}

/** What the policy is built from. */
export interface AddressPolicyInit {
  /** ranges allowed past the rules (--exit-allow; local testing only) */
  allow?: string[]
  /** the exit's own addresses (loopback aside), refused even when public or inside an --exit-allow range */
  own?: { has(ip: string): boolean }
}

/**
 * Decides whether the exit may dial an address: never one of the exit's own
 * addresses; otherwise only public unicast, checked against the tables in
 * address-rules.ts, except ranges the owner allowed with --exit-allow (for
 * local testing; never settable from the network). Like Tor's exit policy,
 * the own-address rule comes first, so no allowed range can lift it.
 */
export class AddressPolicy {
  private readonly allow: Array<{ cidr: string, range: Cidr }>
  private readonly own?: { has(ip: string): boolean }

  constructor (init: AddressPolicyInit = {}) {
    this.own = init.own
    this.allow = (init.allow ?? []).map(cidr => {
      try {
        return { cidr, range: ipaddr.parseCIDR(cidr) }
      } catch {
        throw new InvalidCidrError(`--exit-allow ${cidr} is not a CIDR such as 127.0.0.0/8 or ::1/128`)
      }
    })
  }

  /** The ranges allowed past the rules (for the start-up warning). */
  get allowed (): string[] {
    return this.allow.map(a => a.cidr)
  }

  /** Checks one address; `ip` must be an IP literal (see parseIpLiteral). */
  check (ip: string): AddressDecision {
    const address = ipaddr.parse(ip)
    const text = address.toString()
    if (this.own?.has(text) === true) return { allowed: false, ip: text, rule: OWN_ADDRESS_RULE.cidr, rationale: OWN_ADDRESS_RULE.rationale }
    const permitted = this.allow.find(a => a.range[0].kind() === address.kind() && address.match(a.range))
    if (permitted != null) {
      return { allowed: true, ip: text, family: address.kind() === 'ipv4' ? 4 : 6, allowedBy: permitted.cidr }
    }
    const refusal = address.kind() === 'ipv4' ? checkV4(address as ipaddr.IPv4) : checkV6(address as ipaddr.IPv6)
    if (refusal != null) return { allowed: false, ip: text, rule: refusal.cidr, rationale: refusal.rationale }
    return { allowed: true, ip: text, family: address.kind() === 'ipv4' ? 4 : 6 }
  }
}

function checkV4 (address: ipaddr.IPv4): AddressRule | undefined {
  return V4_RULES.find(rule => address.match(rule.range))
}

function checkV6 (address: ipaddr.IPv6): AddressRule | undefined {
  const named = V6_NAMED.find(rule => address.match(rule.range))
  if (named != null) return named
  if (!address.match(V6_GLOBAL)) {
    return { cidr: `outside ${GLOBAL_UNICAST_IPV6}`, rationale: 'not global unicast (RFC 4291)' }
  }
  const bytes = address.toByteArray()
  if (address.match(V6_6TO4)) {
    return embedded(SIX_TO_FOUR, new ipaddr.IPv4(bytes.slice(2, 6)))
  }
  if (address.match(V6_TEREDO)) {
    // the server address is bits 32-63; the client's is the last 32 bits, inverted (RFC 4380 section 4)
    return embedded(TEREDO, new ipaddr.IPv4(bytes.slice(4, 8))) ??
      embedded(TEREDO, new ipaddr.IPv4(bytes.slice(12, 16).map(b => b ^ 0xff)))
  }
  return V6_RULES.find(rule => address.match(rule.range))
}

function embedded (prefix: string, inner: ipaddr.IPv4): AddressRule | undefined {
  const rule = checkV4(inner)
  return rule == null ? undefined : { cidr: `${prefix} embedding ${rule.cidr}`, rationale: `tunnels to ${inner.toString()}: ${rule.rationale}` }
}
