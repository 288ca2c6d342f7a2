import { SERVICE_NAMES, toCapabilityView } from '../../protocols/capability/index.js'
import { PROXY_PROTOCOL } from '../../protocols/proxy/index.js'
import { registerRuleSetRoute } from '../api/rules-route.js'
import { registerJobRoutes } from './jobs/api.js'
import { registerWorkflowRoutes } from './workflows/api.js'
import type { Gateway } from './index.js'
import type { MeteredTotals } from './metering.js'
import type { UsageSample } from './usage-history.js'
import type { PathView } from './paths.js'
import type { Reachability, ReachabilityState } from '../libp2p/reachability.js'
import type { CapabilityView } from '../../protocols/capability/index.js'
import type { ConnectionManager } from '@libp2p/interface-internal'
import type { FastifyInstance } from 'fastify'
import type { HeldRuleSet } from '../api/rules-route.js'

/** A provider in the gateway's table, as `GET /api/providers` lists it. */
export interface ProviderView extends CapabilityView {
  /** where the gateway learned of it: gossip or dht */
  source: string
  /** how the gateway reached it last (absent: not yet) */
  path?: PathView
  /** why the gateway does not use it, when it does not */
  unusable?: string
}

/** What `GET /api/usage` answers: the gateway's metered sessions since it started. */
export interface UsageView extends MeteredTotals {
  /** false when the gateway signs no receipts (no credential or metering turned off) */
  metering: boolean
}

/** A hosted gateway's customer, as `GET /api/customers` lists it. */
export interface HostedCustomerView {
  account: string
  /** tunnels open now */
  tunnels: number
  /** metered sessions and what their receipts came to since the gateway started */
  sessions: number
  spentMicroUnits: number
}

/** What `GET /api/status` answers. */
export interface GatewayStatus {
  /** live providers in the table */
  providers: number
  /** customer tunnels open now */
  tunnels: number
  /** `/peergrid/proxy/1.0.0` streams open on the gateway's connections (one per tunnel; more means a leak) */
  proxyStreams: number
  /** whether the gateway holds a credential (providers refuse tunnels without one) */
  credential: boolean
  /** a hosted gateway: customers log in with API keys */
  hosted: boolean
  /** whether the gateway can be dialled, its NAT, its relays (absent on the memory transport) */
  reachability?: ReachabilityState
}

/**
 * The gateway's local API routes:
 * - `GET /api/providers?service=proxy&country=DE` lists the live providers the
 *   gateway knows (its table; no network lookup);
 * - `GET /api/status`: providers known, tunnels and proxy streams open, whether it holds a credential;
 * - `GET /api/rules`: the version and hash of the network rule set this gateway holds;
 * - `GET /api/usage`, `GET /api/usage/series`: what the metered sessions and jobs cost, now and sampled each minute;
 * - `POST /api/jobs`, `GET /api/jobs/:id`: jobs on providers that offer compute (jobs/api.ts);
 * - `POST /api/workflows`, `GET /api/workflows/:id[/history]`: workflows (workflows/api.ts).
 */
export function registerGatewayRoutes (app: FastifyInstance, gateway: Gateway, connections: Pick<ConnectionManager, 'getConnections'>, rules?: HeldRuleSet, reachability?: Pick<Reachability, 'state'>): void {
  registerRuleSetRoute(app, rules)
  if (gateway.jobs != null) registerJobRoutes(app, gateway.jobs)
  if (gateway.workflows != null) registerWorkflowRoutes(app, gateway.workflows)
  app.get('/api/status', async (): Promise<GatewayStatus> => ({
    providers: gateway.table.matching().length,
    tunnels: gateway.router.activeTunnels,
    proxyStreams: connections.getConnections().reduce((n, c) => n + c.streams.filter(s => s.protocol === PROXY_PROTOCOL).length, 0),
    credential: gateway.hasCredential,
    hosted: gateway.apiKeys != null,
    ...(reachability != null ? { reachability: reachability.state() } : {})
  }))

  app.get('/api/usage', async (): Promise<UsageView> => ({
    metering: gateway.meter != null,
    ...(gateway.meter?.summary() ?? { sessions: 0, jobs: 0, receipts: 0, refused: 0, amount: 0 })
  }))

  // a hosted gateway's customers: who logged in with an API key, their tunnels now, their sessions and spend since start
  app.get('/api/customers', async (): Promise<{ customers: HostedCustomerView[] }> => {
    const tunnels = gateway.router.tunnelsByAccount()
    const sums = new Map((gateway.meter?.byAccount() ?? []).map(a => [a.account, a]))
    const accounts = new Set([...tunnels.keys(), ...sums.keys()])
    return {
      customers: [...accounts].sort().map(account => ({
        account,
        tunnels: tunnels.get(account) ?? 0,
        sessions: sums.get(account)?.sessions ?? 0,
        spentMicroUnits: sums.get(account)?.amount ?? 0
      }))
    }
  })

  app.get('/api/usage/series', async (): Promise<{ samples: UsageSample[] }> => ({ samples: gateway.usage?.series() ?? [] }))

  app.get<{ Querystring: { service?: string, country?: string } }>('/api/providers', {
    schema: {
      querystring: {
        type: 'object',
        properties: {
          service: { enum: [...SERVICE_NAMES] },
          country: { type: 'string', pattern: '^[A-Za-z]{2}$' }
        },
        additionalProperties: false
      }
    }
  }, async (request): Promise<{ providers: ProviderView[] }> => {
    const { service, country } = request.query
    const entries = gateway.table.list({ service, country: country?.toUpperCase() })
    return {
      providers: entries.map(entry => {
        const path = gateway.paths?.pathOf(entry.peerId)
        const usable = gateway.paths?.usable(entry.peerId, entry.record)
        const serving = entry.record.serving
        const unusable = serving?.serving === false ? `not serving: ${serving.reasons.join(', ')}` : usable != null && !usable.ok ? usable.reason : undefined
        return { ...toCapabilityView(entry), source: entry.source, ...(path != null ? { path } : {}), ...(unusable != null ? { unusable } : {}) }
      })
    }
  })
}
