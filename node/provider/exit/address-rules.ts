/**
 * Destinations a provider never dials, as data with a rationale per row.
 * Sources: IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890
 * and its updates); cloud metadata services live inside these ranges
 * (169.254.169.254 link-local, Alibaba 100.100.100.200 in CGNAT, AWS
 * fd00:ec2::254 in unique-local).
 */
export interface AddressRule {
  cidr: string
  /** what the range is and why a proxy exit must not reach it */
  rationale: string
}

/** IPv4 ranges that are never public unicast. */
export const FORBIDDEN_IPV4: readonly AddressRule[] = [
  { cidr: '0.0.0.0/8', rationale: '"this network" (RFC 791); 0.0.0.0 reaches the local host on many stacks' },
  { cidr: '10.0.0.0/8', rationale: 'private (RFC 1918): the provider\'s own network' },
  { cidr: '100.64.0.0/10', rationale: 'carrier-grade NAT (RFC 6598); Alibaba Cloud metadata 100.100.100.200' },
  { cidr: '127.0.0.0/8', rationale: 'loopback (RFC 1122): services on the provider\'s machine' },
  { cidr: '169.254.0.0/16', rationale: 'link-local (RFC 3927); cloud metadata 169.254.169.254' },
  { cidr: '172.16.0.0/12', rationale: 'private (RFC 1918)' },
  { cidr: '192.0.0.0/24', rationale: 'IETF protocol assignments (RFC 6890)' },
  { cidr: '192.0.2.0/24', rationale: 'documentation TEST-NET-1 (RFC 5737)' },
  { cidr: '192.88.99.0/24', rationale: 'deprecated 6to4 relay anycast (RFC 7526)' },
  { cidr: '192.168.0.0/16', rationale: 'private (RFC 1918): home routers and LANs' },
  { cidr: '198.18.0.0/15', rationale: 'benchmarking (RFC 2544)' },
  { cidr: '198.51.100.0/24', rationale: 'documentation TEST-NET-2 (RFC 5737)' },
  { cidr: '203.0.113.0/24', rationale: 'documentation TEST-NET-3 (RFC 5737)' },
  { cidr: '224.0.0.0/4', rationale: 'multicast (RFC 5771)' },
  { cidr: '240.0.0.0/4', rationale: 'reserved for future use (RFC 1112), includes broadcast 255.255.255.255' }
]

/**
 * IPv6: only global unicast (2000::/3, RFC 4291) may be dialled; that alone
 * excludes ::/128, ::1, IPv4-mapped and -compatible forms, unique-local
 * fc00::/7, link-local fe80::/10, site-local fec0::/10 and multicast ff00::/8.
 * Inside 2000::/3 these are refused too.
 */
export const GLOBAL_UNICAST_IPV6 = '2000::/3'

export const FORBIDDEN_IPV6: readonly AddressRule[] = [
  { cidr: '2001::/23', rationale: 'IETF protocol assignments (RFC 2928); Teredo 2001::/32 is judged by its embedded IPv4 instead' },
  { cidr: '2001:db8::/32', rationale: 'documentation (RFC 3849)' },
  { cidr: '3fff::/20', rationale: 'documentation (RFC 9637)' }
]

/** IPv6 ranges refused outside 2000::/3 but named for a precise reason in refusals. */
export const NAMED_IPV6: readonly AddressRule[] = [
  { cidr: '::/128', rationale: 'unspecified address' },
  { cidr: '::1/128', rationale: 'loopback' },
  { cidr: '::ffff:0:0/96', rationale: 'IPv4-mapped: would reach an IPv4 address past the IPv4 rules' },
  { cidr: '::/96', rationale: 'IPv4-compatible (deprecated, RFC 4291): would reach an IPv4 address past the IPv4 rules' },
  { cidr: '64:ff9b::/96', rationale: 'NAT64 well-known prefix (RFC 6052): a local translator reaches any IPv4, private ones included' },
  { cidr: '64:ff9b:1::/48', rationale: 'local-use NAT64 (RFC 8215)' },
  { cidr: '100::/64', rationale: 'discard-only (RFC 6666)' },
  { cidr: 'fc00::/7', rationale: 'unique-local (RFC 4193): private networks; AWS metadata fd00:ec2::254' },
  { cidr: 'fe80::/10', rationale: 'link-local (RFC 4291)' },
  { cidr: 'fec0::/10', rationale: 'site-local (deprecated, RFC 3879)' },
  { cidr: 'ff00::/8', rationale: 'multicast (RFC 4291)' }
]

/** 6to4 (RFC 3056): the IPv4 in bits 16-47 is what the tunnel reaches. */
export const SIX_TO_FOUR = '2002::/16'

/** Teredo (RFC 4380): the client IPv4 is the last 32 bits, inverted. */
export const TEREDO = '2001::/32'
