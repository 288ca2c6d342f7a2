import { bucket } from './open.js'
import type { NodeDatabase } from './open.js'
import type { TransparencyEntry } from '../../protocols/local-api/index.js'

export type { JobRecord, TransparencyDecision, TransparencyEntry } from '../../protocols/local-api/index.js'

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
   * until `visit` answers false, `max` entries were read, or the log ends.
   * Returns the id of the first entry not visited (where the next scan
   * starts), or undefined when the log ended.
   */
  async scan (from: number | string, max: number, visit: (entry: TransparencyEntry) => boolean | void): Promise<string | undefined> {
    let cursor = from
    let read = 0
    for (;;) {
      const page = await this.list(cursor, MAX_TRANSPARENCY_PAGE + 1)
      for (const entry of page.slice(0, MAX_TRANSPARENCY_PAGE)) {
        if (read++ === max || visit(entry) === false) return entry.id
      }
      const next = page[MAX_TRANSPARENCY_PAGE]
      if (next == null) return undefined
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
