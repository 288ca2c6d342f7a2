import { openCapabilityRecord, toCapabilityView } from '../../protocols/capability/index.js'
import { ApiError } from '../api/errors.js'
import { MAX_TRANSPARENCY_PAGE, TRANSPARENCY_ID } from '../db/transparency-repository.js'
import { registerRuleSetRoute } from '../api/rules-route.js'
import { registerVerifyRoute } from './verify-route.js'
import { registerControlsRoutes } from './api-controls.js'
import type { ControlsView, EarningsSeries, SeriesBucket } from '../../protocols/local-api/index.js'
import type { Reachability, ReachabilityState } from '../libp2p/reachability.js'
import type { CapabilityView } from '../../protocols/capability/index.js'
import type { Provider } from './index.js'
import type { StatementClient } from '../../protocols/statement/index.js'
import type { TransparencyEntry } from '../db/transparency-repository.js'
import type { FastifyInstance } from 'fastify'
import type { HeldRuleSet } from '../api/rules-route.js'

/** Entries `GET /api/transparency` returns when no limit is given. */
export const DEFAULT_TRANSPARENCY_PAGE = 1_000

/** Most log entries `GET /api/earnings` reads. */
export const MAX_EARNINGS_ENTRIES = 100_000

/** What one customer account's metered connections and paid jobs earned. */
export interface EarningsByAccount {
  account: string
  connections: number
  bytesSent: number
  bytesReceived: number
  /** paid jobs and the CPU time billed for them */
  jobs: number
  cpuMs: number
  earnedMicroUnits: number
}

/** An answer of `GET /api/earnings`. */
export interface EarningsView {
  /** from when (unix ms) */
  since: number
  /** metered connections, paid jobs, and what their counter-signed receipts cover, before the operator's fee */
  connections: number
  jobs: number
  earnedMicroUnits: number
  byAccount: EarningsByAccount[]
  /** counter-signed receipts: waiting for the rendezvous, settled by it, refused by it (since the provider started) */
  receipts: { waiting: number, settled: number, refused: number }
  /** true when more entries than MAX_EARNINGS_ENTRIES fell in the period (the sums cover the first ones) */
  truncated: boolean
}

/** The parts of a provider node its API reads besides the role (each optional: a route that needs an absent one is left out). */
export interface ProviderApiParts {
  exit?: { activeStreams: number }
  revocations?: { current(): { version: number } | undefined }
  rules?: HeldRuleSet
  /** the rendezvous's statements, for `GET /api/earnings/verify` */
  statements?: Pick<StatementClient, 'fetch'>
  /** whether the provider can be dialled, its NAT, its relays */
  reachability?: Pick<Reachability, 'state'>
  /** peers connected and the rendezvous among them */
  network?: { peers(): number, rendezvous(): string[] }
  /** the provider's credential */
  credentials?: { current(): { account: string, expiresAtMs: number } | undefined }
}

/** What `GET /api/status` of a provider answers. */
export interface ProviderStatusView {
  /** the capability record it announces (null before the first is signed) */
  record: CapabilityView | null
  exit: { activeStreams: number, exitAllow: string[], ownAddresses: string[] } | null
  /** the version of the newest revocation list held (0 = none) */
  revocationVersion: number
  /** whether it can be dialled, its NAT and relays (absent on the memory transport) */
  reachability?: ReachabilityState
  /** the owner's controls: settings, serving or not and why, the month's bytes (absent without live controls) */
  controls?: ControlsView
  /** peers connected now, and the rendezvous among them */
  peers?: number
  rendezvous?: string[]
  /** the provider's credential: its account and when it expires (null before registration) */
  credential?: { account: string, expiresAt: string } | null
}

/** Most buckets one earnings series has. */
export const MAX_SERIES_BUCKETS = 1_000

export type { EarningsSeries, SeriesBucket } from '../../protocols/local-api/index.js'

/** Most entries one filtered history query reads to find its page. */
export const MAX_TRANSPARENCY_SCAN = 100_000

/** An answer of `GET /api/transparency`. */
export interface TransparencyPage {
  entries: TransparencyEntry[]
  /** pass as `since` for the next page (an entry id); absent when this page is the last */
  next?: string
}

/**
 * The provider's local API routes:
 * - `GET /api/status`: the capability record the provider announces (with the addresses it
 *   advertises), its exit's state, revocation list version and reachability;
 * - `GET /api/rules`: the version and hash of the rule set the exit enforces;
 * - `GET /api/transparency?since=<unix ms, ISO time or entry id>&limit=<n>`:
 *   the connections the exit handled, oldest first, from `since` on; `next`
 *   is the `since` of the following page;
 * - `GET /api/earnings?since=<unix ms or ISO time>`: what metered connections and paid jobs
 *   earned since then (default: the last 24 h), by customer account, and the
 *   receipts waiting for the rendezvous;
 * - `GET /api/earnings/verify?since=<...>`: the exit's counters beside the
 *   rendezvous's books, session by session (see verify-route.ts).
 */
export function registerProviderRoutes (app: FastifyInstance, provider: Provider, parts: ProviderApiParts = {}): void {
  const { exit, revocations, rules } = parts
  registerRuleSetRoute(app, rules)
  if (parts.statements != null) registerVerifyRoute(app, provider, parts.statements, parseSince)
  if (provider.controls != null) registerControlsRoutes(app, provider.controls, provider.feed)
  app.get('/api/status', async (): Promise<ProviderStatusView> => {
    const current = provider.advertiser.current()
    return {
      record: current == null ? null : toCapabilityView(await openCapabilityRecord(current.bytes)),
      exit: exit == null ? null : { activeStreams: exit.activeStreams, exitAllow: provider.exitAllowed, ownAddresses: provider.ownAddresses?.list() ?? [] },
      revocationVersion: revocations?.current()?.version ?? 0,
      ...(parts.reachability != null ? { reachability: parts.reachability.state() } : {}),
      ...(provider.controls != null ? { controls: provider.controls.view() } : {}),
      ...(parts.network != null ? { peers: parts.network.peers(), rendezvous: parts.network.rendezvous() } : {}),
      ...(parts.credentials != null ? { credential: credentialView(parts.credentials.current()) } : {})
    }
  })

  app.get<{ Querystring: { since?: string, bucketMinutes?: number } }>('/api/earnings/series', {
    schema: {
      querystring: {
        type: 'object',
        properties: { since: { type: 'string', maxLength: 64 }, bucketMinutes: { type: 'integer', minimum: 1, maximum: 44_640 } },
        additionalProperties: false
      }
    }
  }, async (request): Promise<EarningsSeries> => {
    const parsed = request.query.since == null ? Date.now() - 86_400_000 : parseSince(request.query.since)
    const since = typeof parsed === 'number' ? parsed : Number(parsed.slice(0, 15))
    const bucketMs = (request.query.bucketMinutes ?? 60) * 60_000
    const count = Math.ceil((Date.now() - since) / bucketMs)
    if (count > MAX_SERIES_BUCKETS) throw new ApiError('BAD_REQUEST', `That is ${count} buckets; at most ${MAX_SERIES_BUCKETS}: ask from later or with larger buckets`)
    const start = since - since % bucketMs
    const buckets: SeriesBucket[] = Array.from({ length: Math.max(1, Math.ceil((Date.now() - start) / bucketMs)) }, (_, i) => ({ t: start + i * bucketMs, connections: 0, jobs: 0, bytes: 0, earnedMicroUnits: 0 }))
    const stoppedAt = await provider.transparency.scan(since, MAX_EARNINGS_ENTRIES, entry => {
      const bucket = buckets[Math.floor((entry.timeMs - start) / bucketMs)]
      if (bucket == null) return
      if (entry.job != null) bucket.jobs++
      else if (entry.decision === 'allowed') bucket.connections++
      bucket.bytes += entry.bytesSent + entry.bytesReceived
      bucket.earnedMicroUnits += entry.earnedMicroUnits ?? 0
    })
    return { since, bucketMs, buckets, truncated: stoppedAt != null }
  })

  app.get<{ Querystring: { since?: string } }>('/api/earnings', {
    schema: { querystring: { type: 'object', properties: { since: { type: 'string', maxLength: 64 } }, additionalProperties: false } }
  }, async (request): Promise<EarningsView> => {
    const since = request.query.since == null ? Date.now() - 86_400_000 : parseSince(request.query.since)
    const byAccount = new Map<string, EarningsByAccount>()
    const stoppedAt = await provider.transparency.scan(since, MAX_EARNINGS_ENTRIES, entry => {
      if (entry.meteringSession == null) return
      const account = entry.account ?? entry.customer
      const sums = byAccount.get(account) ?? { account, connections: 0, bytesSent: 0, bytesReceived: 0, jobs: 0, cpuMs: 0, earnedMicroUnits: 0 }
      if (entry.job != null) {
        sums.jobs++
        sums.cpuMs += entry.job.cpuMs ?? 0
      } else {
        sums.connections++
        sums.bytesSent += entry.bytesSent
        sums.bytesReceived += entry.bytesReceived
      }
      sums.earnedMicroUnits += entry.earnedMicroUnits ?? 0
      byAccount.set(account, sums)
    })
    const accounts = [...byAccount.values()].sort((a, b) => b.earnedMicroUnits - a.earnedMicroUnits)
    return {
      since: typeof since === 'number' ? since : Number(since.slice(0, 15)),
      connections: accounts.reduce((n, a) => n + a.connections, 0),
      jobs: accounts.reduce((n, a) => n + a.jobs, 0),
      earnedMicroUnits: accounts.reduce((n, a) => n + a.earnedMicroUnits, 0),
      byAccount: accounts,
      receipts: provider.receiptOutbox?.counts() ?? { waiting: 0, settled: 0, refused: 0 },
      truncated: stoppedAt != null
    }
  })

  app.get<{ Querystring: TransparencyQuery }>('/api/transparency', {
    schema: {
      querystring: {
        type: 'object',
        properties: {
          since: { type: 'string', maxLength: 64 },
          limit: { type: 'integer', minimum: 1, maximum: MAX_TRANSPARENCY_PAGE },
          customer: { type: 'string', maxLength: 128 },
          host: { type: 'string', maxLength: 255 },
          decision: { enum: ['allowed', 'refused'] },
          kind: { enum: ['connection', 'job'] }
        },
        additionalProperties: false
      }
    }
  }, async (request): Promise<TransparencyPage> => historyPage(provider, request.query))
}

/** A history query: from `since`, at most `limit` entries, those matching every filter given. */
export interface TransparencyQuery {
  since?: string
  limit?: number
  /** the customer's peer id or account */
  customer?: string
  /** the destination asked for, or a domain it is under */
  host?: string
  decision?: 'allowed' | 'refused'
  kind?: 'connection' | 'job'
}

/** One page of history: entries from `since` on matching the filters, reading at most MAX_TRANSPARENCY_SCAN entries. */
async function historyPage (provider: Provider, query: TransparencyQuery): Promise<TransparencyPage> {
  const limit = query.limit ?? DEFAULT_TRANSPARENCY_PAGE
  const matches = (entry: TransparencyEntry): boolean =>
    (query.customer == null || entry.customer === query.customer || entry.account === query.customer) &&
    (query.host == null || entry.host === query.host || entry.host.endsWith(`.${query.host}`)) &&
    (query.decision == null || entry.decision === query.decision) &&
    (query.kind == null || (query.kind === 'job') === (entry.job != null))
  const entries: TransparencyEntry[] = []
  const next = await provider.transparency.scan(parseSince(query.since), MAX_TRANSPARENCY_SCAN, entry => {
    if (entries.length === limit) return false
    if (matches(entry)) entries.push(entry)
  })
  return next == null ? { entries } : { entries, next }
}

function credentialView (credential: { account: string, expiresAtMs: number } | undefined): { account: string, expiresAt: string } | null {
  return credential == null ? null : { account: credential.account, expiresAt: new Date(credential.expiresAtMs).toISOString() }
}

/** `since` as unix ms or an entry id: digits are ms, an id is an id, else it must be an ISO 8601 time; absent is 0. */
export function parseSince (since: string | undefined): number | string {
  if (since == null || since === '') return 0
  if (TRANSPARENCY_ID.test(since)) return since
  if (/^\d{1,15}$/.test(since)) return Number(since)
  const ms = Date.parse(since)
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(since)) {
    throw new ApiError('BAD_REQUEST', 'since must be unix milliseconds or an ISO 8601 time such as 2026-11-21T10:00:00Z')
  }
  return ms
}
