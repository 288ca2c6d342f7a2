import { InvalidArgumentError } from 'commander'

/** Collects a repeatable option into a list. */
export function collect (value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

/** Collects a repeatable option that also takes comma-separated lists. */
export function collectList (value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map(s => s.trim()).filter(Boolean)]
}

/** Parses a non-negative integer flag, with a readable error. */
export function integer (value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('must be a whole number')
  const n = Number(value)
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('is too large')
  return n
}

/** Which command-line option sets which config key. */
export const FLAG_KEYS: Record<string, { key: string, flag: string, transform?: (v: any) => unknown }> = {
  dataDir: { key: 'dataDir', flag: '--data-dir' },
  listen: { key: 'listen', flag: '--listen' },
  announce: { key: 'announce', flag: '--announce' },
  bootstrap: { key: 'bootstrap', flag: '--bootstrap' },
  metrics: { key: 'metricsPort', flag: '--metrics' },
  logLevel: { key: 'logLevel', flag: '--log-level' },
  privateNetwork: { key: 'privateNetwork', flag: '--private-network' },
  gossip: { key: 'gossip', flag: '--no-gossip' },
  maxConnections: { key: 'maxConnections', flag: '--max-connections' },
  apiPort: { key: 'apiPort', flag: '--api-port' },
  country: { key: 'country', flag: '--country', transform: (v: string) => v.toUpperCase() },
  asn: { key: 'asn', flag: '--asn' },
  services: { key: 'services', flag: '--services' },
  pricePerGib: { key: 'priceMicrosPerGiB', flag: '--price-per-gib' },
  pricePerCpuSecond: { key: 'priceMicrosPerCpuSecond', flag: '--price-per-cpu-second' },
  maxProxyStreams: { key: 'maxProxyStreams', flag: '--max-proxy-streams' },
  maxBandwidth: { key: 'maxBandwidthBytesPerSecond', flag: '--max-bandwidth' },
  category: { key: 'categories', flag: '--category' },
  maxProxyStreamsPerCustomer: { key: 'maxProxyStreamsPerCustomer', flag: '--max-proxy-streams-per-customer' },
  exitAllow: { key: 'exitAllow', flag: '--exit-allow' },
  socksPort: { key: 'socksPort', flag: '--socks-port' },
  httpProxyPort: { key: 'httpProxyPort', flag: '--http-proxy-port' },
  enroll: { key: 'enrollmentKey', flag: '--enroll' },
  hosted: { key: 'hosted', flag: '--hosted' },
  proxyHost: { key: 'proxyHost', flag: '--proxy-host' },
  maxTunnelsPerCustomer: { key: 'maxTunnelsPerCustomer', flag: '--max-tunnels-per-customer' },
  allowCustomer: { key: 'allowCustomers', flag: '--allow-customer' },
  denyDestination: { key: 'denyDestinations', flag: '--deny-destination' },
  allowDestination: { key: 'allowDestinations', flag: '--allow-destination' },
  maxCustomerOpensPerSecond: { key: 'maxCustomerOpensPerSecond', flag: '--max-customer-opens-per-second' },
  maxDestinationOpensPerSecond: { key: 'maxDestinationOpensPerSecond', flag: '--max-destination-opens-per-second' },
  trust: { key: 'trust', flag: '--trust' }
}
