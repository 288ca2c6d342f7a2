import type { Role } from '../daemon/start-node.js'

/** Settings every daemon takes. */
export interface CommonConfig {
  /** where the key, database and API token live (default ~/.peergrid/<role>) */
  dataDir: string
  /** multiaddrs to listen on */
  listen: string[]
  /** multiaddrs to announce instead of the listen addresses */
  announce: string[]
  /** rendezvous multiaddrs, each ending in /p2p/<peer id> */
  bootstrap: string[]
  /** serve Prometheus metrics on 127.0.0.1:<port>/metrics; absent = off */
  metricsPort?: number
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** keep loopback/private addresses in discovery (devnet, LAN); absent = decided from the addresses */
  privateNetwork?: boolean
  /** take part in gossipsub */
  gossip: boolean
  maxConnections?: number
}

/** How a provider or gateway gets its credential. */
export interface IdentityConfig {
  /** the account's enrollment key, from `peergrid account create`; absent = no credential */
  enrollmentKey?: string
  /** credential signing key ids of the rendezvous servers this node trusts (printed by `peergrid rendezvous`) */
  trust: string[]
}

/** Settings of the local HTTP API (providers and gateways). */
export interface ApiConfig {
  /** port of the local API on 127.0.0.1; 0 picks a free one */
  apiPort: number
}

/** Provider settings: what goes into the capability record. */
export interface ProviderConfig extends CommonConfig, ApiConfig, IdentityConfig {
  country: string
  asn: number
  services: string[]
  priceMicrosPerGiB: number
  priceMicrosPerCpuSecond: number
  maxProxyStreams: number
  /** concurrent proxy streams of one customer */
  maxProxyStreamsPerCustomer: number
  maxBandwidthBytesPerSecond: number
  categories: string[]
  /** CIDR ranges the exit may reach although they are not public: local testing only */
  exitAllow: string[]
  /** most new connections per second from one customer, bursts up to 4x; 0 = no limit */
  maxCustomerOpensPerSecond: number
  /** most new connections per second from one customer to one destination host, bursts up to 4x; 0 = no limit */
  maxDestinationOpensPerSecond: number
  /** account ids the exit serves; empty = every customer with a valid credential */
  allowCustomers: string[]
  /** destinations the exit refuses: domains (with subdomains) or CIDR ranges */
  denyDestinations: string[]
  /** destinations the exit serves; empty = all the network's rules allow */
  allowDestinations: string[]
}

/** Gateway settings: where its proxy fronts listen. */
export interface GatewayConfig extends CommonConfig, ApiConfig, IdentityConfig {
  /** SOCKS5 port on 127.0.0.1; 0 picks a free one */
  socksPort: number
  /** HTTP proxy port on 127.0.0.1; 0 picks a free one */
  httpProxyPort: number
  /** the address the proxy fronts listen on (default 127.0.0.1; a hosted gateway may serve the network) */
  proxyHost: string
  /** serve many customers, each logging in with an API key from the rendezvous */
  hosted: boolean
  /** hosted: most tunnels one customer holds */
  maxTunnelsPerCustomer: number
  /** hosted: most new connections per second of one customer, bursts up to 4x; 0 = no limit */
  maxCustomerOpensPerSecond: number
}

/** Rendezvous settings: its operator API. */
export type RendezvousConfig = CommonConfig & ApiConfig

/** The configuration of each role. */
export interface RoleConfig {
  rendezvous: RendezvousConfig
  provider: ProviderConfig
  gateway: GatewayConfig
}

const port = { type: 'integer', minimum: 0, maximum: 65535 }
const multiaddrList = { type: 'array', items: { type: 'string', format: 'multiaddr' }, maxItems: 32 }
const microUnits = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }

const COMMON_PROPERTIES = {
  dataDir: { type: 'string', minLength: 1 },
  listen: { ...multiaddrList, minItems: 1 },
  announce: multiaddrList,
  bootstrap: { type: 'array', items: { type: 'string', format: 'peer-multiaddr' }, maxItems: 32 },
  metricsPort: port,
  logLevel: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
  privateNetwork: { type: 'boolean' },
  gossip: { type: 'boolean' },
  maxConnections: { type: 'integer', minimum: 1, maximum: 100_000 }
}

const API_PROPERTIES = {
  apiPort: port
}

const PROVIDER_PROPERTIES = {
  country: { type: 'string', format: 'country' },
  asn: { type: 'integer', minimum: 0, maximum: 4_294_967_295 },
  services: { type: 'array', items: { enum: ['proxy', 'compute'] }, minItems: 1, uniqueItems: true },
  priceMicrosPerGiB: microUnits,
  priceMicrosPerCpuSecond: microUnits,
  maxProxyStreams: { type: 'integer', minimum: 0, maximum: 1_000_000 },
  maxProxyStreamsPerCustomer: { type: 'integer', minimum: 1, maximum: 1_000_000 },
  maxBandwidthBytesPerSecond: microUnits,
  categories: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,31}$' }, maxItems: 16, uniqueItems: true },
  exitAllow: { type: 'array', items: { type: 'string', format: 'cidr' }, maxItems: 64 },
  maxCustomerOpensPerSecond: { type: 'integer', minimum: 0, maximum: 100_000 },
  maxDestinationOpensPerSecond: { type: 'integer', minimum: 0, maximum: 100_000 },
  allowCustomers: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' }, maxItems: 10_000 },
  denyDestinations: { type: 'array', items: { type: 'string', format: 'destination-pattern' }, maxItems: 10_000 },
  allowDestinations: { type: 'array', items: { type: 'string', format: 'destination-pattern' }, maxItems: 10_000 }
}

const IDENTITY_PROPERTIES = {
  enrollmentKey: { type: 'string', minLength: 1, maxLength: 128 },
  trust: { type: 'array', items: { type: 'string', format: 'key-id' }, maxItems: 8 }
}

const GATEWAY_PROPERTIES = {
  socksPort: port,
  httpProxyPort: port,
  proxyHost: { type: 'string', format: 'ip' },
  hosted: { type: 'boolean' },
  maxTunnelsPerCustomer: { type: 'integer', minimum: 1, maximum: 1_000_000 },
  maxCustomerOpensPerSecond: { type: 'integer', minimum: 0, maximum: 100_000 }
}

/** The JSON Schema of a role's configuration. */
export function configSchema (role: Role): Record<string, unknown> {
  const properties = {
    ...COMMON_PROPERTIES,
    ...API_PROPERTIES,
    ...(role === 'provider' ? PROVIDER_PROPERTIES : {}),
    ...(role === 'rendezvous' ? {} : IDENTITY_PROPERTIES),
    ...(role === 'gateway' ? GATEWAY_PROPERTIES : {})
  }
  return {
    type: 'object',
    properties,
    required: ['dataDir', 'listen', 'logLevel', 'gossip', ...(role === 'provider' ? ['country'] : [])],
    additionalProperties: false
  }
}

/** Keys whose values are lists (comma-separated in env vars). */
export const LIST_KEYS = new Set(['listen', 'announce', 'bootstrap', 'services', 'categories', 'exitAllow', 'trust', 'allowCustomers', 'denyDestinations', 'allowDestinations'])

/** Every key a role takes. */
export function configKeys (role: Role): string[] {
  return Object.keys((configSchema(role) as { properties: object }).properties)
}
