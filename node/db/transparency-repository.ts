import { bucket } from './open.js'
import type { NodeDatabase } from './open.js'

/** What the exit decided about a connection. */
export type TransparencyDecision = 'allowed' | 'refused'

/**
 * One proxied connection as the provider's owner sees it: who asked for
 * what, where the exit connected, how much went each way and why it ended.
 */
export interface TransparencyEntry {
  /** unique, sortable by start time; also the database key */
  id: string
  /** when the stream was opened, unix ms */
  timeMs: number
  /** the customer's peer id (noise-authenticated) */
  customer: string
  /** the customer's account, from its verified credential */
  account?: string
  /** the destination as the customer asked for it */
  host: string
  port: number
  /** the sticky-session id the customer chose, if any */
  sessionId?: string
  /** the address the exit connected to ("ip:port") */
  dialled?: string
  decision: TransparencyDecision
  /** ok, or why it was refused or failed: unauthorized, rules, policy, dns, unreachable, refused, timeout, over-capacity, bad-request, failure */
  reason: string
  /** the rule that refused the destination (rules), or the credential error (unauthorized) */
  rule?: string
  /** bytes written to the destination (customer → destination) */
  bytesSent: number
  /** bytes read from the destination (destination → customer) */
  bytesReceived: number
  /** from open to close, ms; absent while the connection is open */
  durationMs?: number
  /** how an allowed connection ended: closed, reset, idle, shutdown, unpaid (its traffic outran the customer's receipts); absent while open */
  end?: string
  /** a metered connection: the session id its receipts name */
  meteringSession?: string
  /** a metered connection: the price fixed at open, micro-units per GiB */
  pricePerGiB?: number
  /** a metered connection: what its newest counter-signed receipt covers, micro-units (what it earned, before the operator's fee) */
  earnedMicroUnits?: number
  /** a compute job rather than a connection (host is "job", port 0): what ran, within which limits, and what it used */
  job?: JobRecord
}

/** A compute job in the transparency log. */
export interface JobRecord {
  /** sha-256 (hex) of the module */
  module: string
  limits: { memoryBytes: number, wallMs: number, outputBytes: number }
  exitCode?: number
  /** why it did not exit: a limit, a trap, the deadline */
  error?: string
  cpuMs?: number
  wallMs?: number
  outputBytes?: number
  pricePerCpuSecond?: number
}

/** How many entries one query returns at most. */
export const MAX_TRANSPARENCY_PAGE = 10_000

/** The form of an entry id: start time, then a counter. */
export const TRANSPARENCY_ID = /^\d{15}-\d{9}$/

/** Digits of the time part of a key: unix ms fit in 15 digits until the year 33658. */
const TIME_DIGITS = 15

/**
 * The provider's transparency log in LevelDB. Entries are keyed by start
 * time plus a per-process counter, so a range scan from a time is a cheap
 * prefix walk. An allowed connection is written when it opens and again
 * when it closes.
 */
export class TransparencyRepository {
  private readonly store
  private counter = 0
  private readonly listeners = new Set<(entry: TransparencyEntry) => void>()

  constructor (db: NodeDatabase) {
    this.store = bucket<TransparencyEntry>(db, 'tlog')
  }

  /** A fresh id for a connection that started at `timeMs`. */
  newId (timeMs: number): string {
    this.counter = (this.counter + 1) % 1e9
    return `${timeKey(timeMs)}-${String(this.counter).padStart(9, '0')}`
  }

  /** Writes (or overwrites) an entry; then tells the listeners (the live feed). */
  async put (entry: TransparencyEntry): Promise<void> {
    await this.store.put(entry.id, entry)
    for (const listener of this.listeners) listener(entry)
  }

  /** Calls `listener` with every entry written from now on (synchronously: it must copy what it keeps); returns the unsubscribe. */
  subscribe (listener: (entry: TransparencyEntry) => void): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  /** Entries from a start time (unix ms) or from an entry id on, oldest first, at most `limit` (at most MAX_TRANSPARENCY_PAGE + 1). */
  async list (from: number | string, limit: number = 1_000): Promise<TransparencyEntry[]> {
    const gte = typeof from === 'string' ? from : timeKey(Math.max(0, from))
    // one past a page: readers ask for it to learn where the next page starts
    return this.store.values({ gte, limit: Math.min(limit, MAX_TRANSPARENCY_PAGE + 1) }).all()
  }

  /**
   * Calls `visit` with entries from `from` on, oldest first, page by page,
   * reading at most `max`; true when more were there than it read.
   */
  async scan (from: number | string, max: number, visit: (entry: TransparencyEntry) => void): Promise<boolean> {
    let cursor = from
    let read = 0
    for (;;) {
      const page = await this.list(cursor, MAX_TRANSPARENCY_PAGE + 1)
      for (const entry of page.slice(0, MAX_TRANSPARENCY_PAGE)) {
        if (read++ === max) return true
        visit(entry)
      }
      const next = page[MAX_TRANSPARENCY_PAGE]
      if (next == null) return false
      cursor = next.id
    }
  }

  /** Deletes entries that started before `beforeMs`. */
  async prune (beforeMs: number): Promise<void> {
    await this.store.clear({ lt: timeKey(Math.max(0, beforeMs)) })
  }
}

function timeKey (timeMs: number): string {
  return String(Math.floor(timeMs)).padStart(TIME_DIGITS, '0')
}
