/**
 * A set of domains, each covering its subdomains, that answers for a host
 * name in time proportional to the name's labels, not to the set's size (a
 * rule set or an owner's deny list may hold thousands of domains, and every
 * proxy open asks).
 */
export class DomainSet<V = true> {
  private readonly entries = new Map<string, V>()

  /** Adds a domain (lower case, no trailing dot) with a value returned on a match. */
  add (domain: string, value: V): void {
    if (!this.entries.has(domain)) this.entries.set(domain, value)
  }

  get size (): number {
    return this.entries.size
  }

  /** The domains, in insertion order. */
  domains (): string[] {
    return [...this.entries.keys()]
  }

  /** The matching domain and its value, when `host` is a listed domain or one of its subdomains. */
  match (host: string): { domain: string, value: V } | undefined {
    let name = host.toLowerCase().replace(/\.$/, '')
    for (;;) {
      const value = this.entries.get(name)
      if (value !== undefined) return { domain: name, value }
      const dot = name.indexOf('.')
      if (dot === -1) return undefined
      name = name.slice(dot + 1)
    }
  }
}

/** True when `name` is `domain` or one of its subdomains (both lower case, no trailing dot). */
export function matchesDomain (name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`)
}
