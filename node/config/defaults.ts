import { homedir } from 'node:os'
import { join } from 'node:path'
import {
  DEFAULT_MAX_PROXY_STREAMS,
  DEFAULT_PRICE_MICROS_PER_CPU_SECOND,
  DEFAULT_PRICE_MICROS_PER_GIB
} from '../provider/constants.js'
import { DEFAULT_MAX_TUNNELS_PER_CUSTOMER } from '../gateway/hosted/constants.js'
import { DEFAULT_HTTP_PROXY_PORT, DEFAULT_SOCKS_PORT } from '../gateway/proxy/constants.js'
import { DEFAULT_MAX_PROXY_STREAMS_PER_CUSTOMER } from '../provider/exit/constants.js'
import type { Role } from '../daemon/start-node.js'

/** Default TCP port of a rendezvous server. */
export const DEFAULT_RENDEZVOUS_PORT = 7400

/** Default port of the rendezvous's operator API. */
export const DEFAULT_RENDEZVOUS_API_PORT = 7410

/** Default port of the gateway's local API. */
export const DEFAULT_GATEWAY_API_PORT = 7480

/** Default port of the provider's local API. */
export const DEFAULT_PROVIDER_API_PORT = 7490

/** Where peergrid keeps its state: $PEERGRID_HOME or ~/.peergrid. */
export function peergridHome (env: NodeJS.ProcessEnv = process.env): string {
  return env.PEERGRID_HOME != null && env.PEERGRID_HOME !== '' ? env.PEERGRID_HOME : join(homedir(), '.peergrid')
}

/** The defaults of a role, before config file, env and flags. */
export function configDefaults (role: Role, env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const common = {
    dataDir: join(peergridHome(env), role),
    listen: [role === 'rendezvous' ? `/ip4/0.0.0.0/tcp/${DEFAULT_RENDEZVOUS_PORT}` : '/ip4/0.0.0.0/tcp/0'],
    announce: [],
    bootstrap: [],
    logLevel: 'info',
    gossip: true
  }
  switch (role) {
    case 'rendezvous':
      return { ...common, apiPort: DEFAULT_RENDEZVOUS_API_PORT }
    case 'gateway':
      return {
        ...common,
        apiPort: DEFAULT_GATEWAY_API_PORT,
        socksPort: DEFAULT_SOCKS_PORT,
        httpProxyPort: DEFAULT_HTTP_PROXY_PORT,
        proxyHost: '127.0.0.1',
        hosted: false,
        maxTunnelsPerCustomer: DEFAULT_MAX_TUNNELS_PER_CUSTOMER,
        maxCustomerOpensPerSecond: 0,
        trust: []
      }
    case 'provider':
      return {
        ...common,
        apiPort: DEFAULT_PROVIDER_API_PORT,
        asn: 0,
        services: ['proxy'],
        priceMicrosPerGiB: DEFAULT_PRICE_MICROS_PER_GIB,
        priceMicrosPerCpuSecond: DEFAULT_PRICE_MICROS_PER_CPU_SECOND,
        maxProxyStreams: DEFAULT_MAX_PROXY_STREAMS,
        maxProxyStreamsPerCustomer: DEFAULT_MAX_PROXY_STREAMS_PER_CUSTOMER,
        maxBandwidthBytesPerSecond: 0,
        categories: [],
        exitAllow: [],
        maxCustomerOpensPerSecond: 0,
        maxDestinationOpensPerSecond: 0,
        allowCustomers: [],
        denyDestinations: [],
        allowDestinations: [],
        trust: []
      }
  }
}
