import ipaddr from 'ipaddr.js'
import { DomainSet } from '../../../protocols/rules/index.js'
import { parseIpLiteral } from './address-policy.js'
import { InvalidDestinationError } from './errors.js'

/** What the provider's owner allows, beyond the network's rules. */
export interface OwnerPolicyInit {
  /** account ids served; empty = every customer with a valid credential */
  allowCustomers?: string[]
  /** customers never served: an account id or a peer id */
  blockCustomers?: string[]
  /** destinations refused: a domain (with its subdomains) or a CIDR range */
  denyDestinations?: string[]
  /** destinations served; empty = every destination the rules allow */
  allowDestinations?: string[]
}

/** A domain pattern: a name, optionally "*." or "." before it (the same: it and its subdomains). */
const DOMAIN_PATTERN = /^(\*?\.)?[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*\.?$/i

/** A pattern of the owner's destination lists: a domain pattern or a CIDR range. */
export function isDestinationPattern (pattern: string): boolean {
  if (!pattern.includes('/')) return pattern.length <= 255 && (DOMAIN_PATTERN.test(pattern) || parseIpLiteral(pattern) != null)
  try {
    ipaddr.parseCIDR(pattern)
    return true
  } catch {
    return false
  }
}

interface Patterns {
  domains: DomainSet
  ranges: Array<{ text: string, range: [ipaddr.IPv4 | ipaddr.IPv6, number] }>
}

/**
 * The owner's policy, enforced on the exit: a customer allowlist and
 * destination allow/deny lists. A domain pattern matches the name and every
 * subdomain ("example.com" covers "www.example.com"); a CIDR pattern matches
 * IP literals and the addresses names resolve to. Names are checked before
 * they are resolved, so a denied name is never looked up.
 */
export class OwnerPolicy {
  private readonly customers: ReadonlySet<string>
  private readonly blocked: ReadonlySet<string>
  private readonly deny: Patterns
  private readonly allow: Patterns

  constructor (init: OwnerPolicyInit = {}) {
    this.customers = new Set(init.allowCustomers ?? [])
    this.blocked = new Set(init.blockCustomers ?? [])
    this.deny = parsePatterns(init.denyDestinations ?? [])
    this.allow = parsePatterns(init.allowDestinations ?? [])
  }

  /** Domains the owner refuses, for the capability record. */
  get deniedDomains (): string[] {
    return this.deny.domains.domains()
  }

  /** True when only allow-listed customers are served. */
  get hasCustomerAllowlist (): boolean {
    return this.customers.size > 0
  }

  /** The rule refusing this customer (its account, and its peer id when known), if any. */
  checkCustomer (account: string, peerId?: string): string | undefined {
    if (this.blocked.has(account)) return `blocked ${account}`
    if (peerId != null && this.blocked.has(peerId)) return `blocked ${peerId}`
    return this.customers.size > 0 && !this.customers.has(account) ? 'customer allowlist' : undefined
  }

  /** The rule refusing a destination name before it is resolved, if any. */
  checkName (host: string): string | undefined {
    // an IP literal (in any spelling) is no name: the address check covers it
    if (parseIpLiteral(host) != null) return undefined
    const denied = this.deny.domains.match(host)
    return denied != null ? `deny ${denied.domain}` : undefined
  }

  /** The rule refusing a destination (its name as asked, the address it resolved to), if any. */
  checkAddress (host: string, ip: string): string | undefined {
    const address = ipaddr.parse(ip)
    const denied = this.deny.ranges.find(r => r.range[0].kind() === address.kind() && address.match(r.range))
    if (denied != null) return `deny ${denied.text}`
    if (this.allow.domains.size === 0 && this.allow.ranges.length === 0) return undefined
    const allowed = this.allow.domains.match(host) != null ||
      this.allow.ranges.some(r => r.range[0].kind() === address.kind() && address.match(r.range))
    return allowed ? undefined : 'not in the owner\'s allow list'
  }
}

function parsePatterns (patterns: string[]): Patterns {
  const parsed: Patterns = { domains: new DomainSet(), ranges: [] }
  for (const given of patterns) {
    // a bare IP address is the range of that one address
    const ip = parseIpLiteral(given)
    const pattern = ip != null ? `${ip}/${ip.includes(':') ? 128 : 32}` : given
    if (pattern.includes('/')) {
      try {
        parsed.ranges.push({ text: pattern, range: ipaddr.parseCIDR(pattern) })
      } catch {
        throw new InvalidDestinationError(`${pattern} is not a CIDR range`)
      }
    } else {
      if (!isDestinationPattern(pattern)) throw new InvalidDestinationError(`${pattern} is neither a domain nor a CIDR range`)
      parsed.domains.add(pattern.toLowerCase().replace(/^\*?\./, '').replace(/\.$/, ''), true)
    }
  }
  return parsed
}
