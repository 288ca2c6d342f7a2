import ipaddr from 'ipaddr.js'
import { InvalidClientRangeError } from '../errors.js'

/**
 * Which clients may use a gateway's proxy fronts without a login: loopback
 * always, and the ranges the operator lists (`--allow-clients`). A gateway
 * whose fronts listen beyond loopback must have either such a list or
 * `--hosted` (a login per customer), as Squid and Dante refuse clients
 * outside an allowlist by default.
 */
export class ClientAllowlist {
  private readonly ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>

  constructor (cidrs: readonly string[] = []) {
    this.ranges = cidrs.map(cidr => {
      try {
        return ipaddr.parseCIDR(cidr)
      } catch {
        throw new InvalidClientRangeError(`--allow-clients ${cidr} is not a CIDR range such as 192.168.1.0/24`)
      }
    })
  }

  /** True for a loopback client or one inside a listed range; an IPv4 client seen as ::ffff:a.b.c.d counts as a.b.c.d. */
  allows (address: string | undefined): boolean {
    if (address == null || !ipaddr.isValid(address)) return false
    const ip = ipaddr.process(address)
    if (ip.range() === 'loopback') return true
    return this.ranges.some(range => range[0].kind() === ip.kind() && ip.match(range))
  }
}

/** True when `host` is a loopback address: fronts there serve this machine only. */
export function isLoopbackHost (host: string): boolean {
  return ipaddr.isValid(host) && ipaddr.process(host).range() === 'loopback'
}
