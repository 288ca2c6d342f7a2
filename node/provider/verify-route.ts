import { StatementUnavailableError } from '../../protocols/statement/index.js'
import { ApiError } from '../api/errors.js'
import { MAX_TRANSPARENCY_PAGE } from '../db/transparency-repository.js'
import { DIFFERENCES, compareBooks } from './verify-earnings.js'
import type { Provider } from './index.js'
import type { SessionCheck } from './verify-earnings.js'
import type { StatementClient } from '../../protocols/statement/index.js'
import type { TransparencyEntry } from '../db/transparency-repository.js'
import type { FastifyInstance } from 'fastify'

/** The log is read from this long before `since` too, so a session opened before it and booked after it is found. */
export const VERIFY_LOOKBACK_MS = 86_400_000

/** Most log entries one verification reads. */
export const MAX_VERIFY_ENTRIES = 100_000

/** An answer of `GET /api/earnings/verify`. */
export interface EarningsVerification {
  since: number
  /** the rendezvous whose books were read */
  rendezvous: string
  sessions: SessionCheck[]
  /** sessions by status */
  counts: Record<string, number>
  /** how many sessions differ */
  differences: number
  /** sums over the sessions: what the exit counted, what customers counter-signed, what the rendezvous booked (micro-units, before the fee) */
  totals: { counted: number, countersigned: number, booked: number }
  /** true when the log or the statement held more than could be read */
  truncated: boolean
}

/**
 * `GET /api/earnings/verify?since=<unix ms>`: the exit's own counters beside
 * the rendezvous's books, session by session (what `peergrid earnings
 * --verify` prints): asks the rendezvous for its statement of this exit's
 * sessions (`/peergrid/statement/1.0.0`) and compares.
 */
export function registerVerifyRoute (app: FastifyInstance, provider: Provider, statements: Pick<StatementClient, 'fetch'>, parseSince: (since: string) => number | string): void {
  app.get<{ Querystring: { since?: string } }>('/api/earnings/verify', {
    schema: { querystring: { type: 'object', properties: { since: { type: 'string', maxLength: 64 } }, additionalProperties: false } }
  }, async (request): Promise<EarningsVerification> => {
    const parsed = request.query.since == null ? Date.now() - 86_400_000 : parseSince(request.query.since)
    if (typeof parsed !== 'number') throw new ApiError('BAD_REQUEST', 'since must be unix milliseconds or an ISO 8601 time')
    const since = parsed
    let statement
    try {
      statement = await statements.fetch(since, { signal: AbortSignal.timeout(60_000) })
    } catch (err: any) {
      if (err instanceof StatementUnavailableError) throw new ApiError('UNAVAILABLE', err.message)
      throw err
    }
    const { entries, truncated } = await readLog(provider, since - VERIFY_LOOKBACK_MS)
    const booked = new Set(statement.sessions.map(s => s.session))
    // what the look-back read is only for sessions the rendezvous booked since
    const inPeriod = entries.filter(e => e.timeMs >= since || (e.meteringSession != null && booked.has(e.meteringSession)))
    const waiting = await provider.receiptOutbox?.waitingOf(inPeriod.flatMap(e => e.meteringSession != null ? [e.meteringSession] : [])) ?? new Set<string>()
    const sessions = compareBooks(inPeriod, statement.sessions, waiting)
    const counts: Record<string, number> = {}
    for (const s of sessions) counts[s.status] = (counts[s.status] ?? 0) + 1
    return {
      since,
      rendezvous: statement.rendezvous,
      sessions,
      counts,
      differences: sessions.filter(s => DIFFERENCES.has(s.status)).length,
      totals: {
        counted: sessions.reduce((n, s) => n + (s.counted?.amount ?? 0), 0),
        countersigned: sessions.reduce((n, s) => n + s.countersigned, 0),
        booked: sessions.reduce((n, s) => n + (s.booked?.amount ?? 0), 0)
      },
      truncated: truncated || statement.truncated
    }
  })
}

async function readLog (provider: Provider, from: number): Promise<{ entries: TransparencyEntry[], truncated: boolean }> {
  const entries: TransparencyEntry[] = []
  let cursor: number | string = from
  for (;;) {
    const page = await provider.transparency.list(cursor, MAX_TRANSPARENCY_PAGE + 1)
    entries.push(...page.slice(0, MAX_TRANSPARENCY_PAGE))
    if (entries.length >= MAX_VERIFY_ENTRIES) return { entries: entries.slice(0, MAX_VERIFY_ENTRIES), truncated: true }
    const next = page[MAX_TRANSPARENCY_PAGE]
    if (next == null) return { entries, truncated: false }
    cursor = next.id
  }
}
