import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../../node/db/open.js'
import { silentLogger } from '../../node/logger.js'
import { Ledger } from '../../rendezvous/ledger/ledger.js'
import { ReceiptBook } from '../../rendezvous/receipts/book.js'
import { VerifyPool } from '../../rendezvous/receipts/verify-pool.js'
import { levelCoordinatorStore } from '../../rendezvous/store/level/index.js'
import { openPostgresStore } from '../../rendezvous/store/postgres/index.js'
import { startPostgres } from '../postgres-server.js'
import { benchReceipts, rate, seedStore, settleRate } from './bench-receipts.js'
import type { CoordinatorStore } from '../../rendezvous/store/store.js'
import type { Figure } from './stats.js'

/** Receipts per second of the two shapes, and whether the books proved afterwards. */
interface Measured {
  distinct: number
  cumulative: number
  ok: boolean
}

/** Batches settling at once, over however many rendezvous (the receipt server of each allows 8). */
const SETTLE_CONCURRENCY = 6

/**
 * Receipts booked per second by the coordinator's store: the same receipts
 * (every one its own session, so each is verified and booked), settled by
 * one rendezvous on its LevelDB (the baseline), by one on PostgreSQL, and by
 * three on one PostgreSQL database, each with its own pool, taking the
 * batches in turn. All in this process with one pool of signature workers:
 * the three rendezvous share its CPU, so the third figure shows what the
 * database's one-unit-at-a-time lock costs, not what three machines would do.
 * The PostgreSQL server is a test server this bench starts (initdb in a temp
 * dir, fsync on, on this machine's disk).
 */
export async function receiptStoreBench (count: number): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'peergrid-bench-stores-'))
  const server = await startPostgres()
  const pool = new VerifyPool()
  const opened: CoordinatorStore[] = []
  try {
    const receipts = await benchReceipts(count)
    const books = (stores: CoordinatorStore[]): ReceiptBook[] => stores.map(store => new ReceiptBook({ ledger: new Ledger(store), trustedKeys: () => receipts.trustedKeys, verifySignature: async (k, d, sig) => pool.verify(k, d, sig) }))
    const measure = async (stores: CoordinatorStore[]): Promise<Measured> => {
      await seedStore(stores[0] as CoordinatorStore, receipts)
      const distinct = await settleRate(books(stores), receipts.distinct, SETTLE_CONCURRENCY)
      const cumulative = await settleRate(books(stores), receipts.cumulative, SETTLE_CONCURRENCY)
      return { distinct, cumulative, ok: (await new Ledger(stores[0] as CoordinatorStore).check()).ok }
    }
    const db = await openDatabase(join(dir, 'db'))
    const level = await measure([levelCoordinatorStore(db)])
    await db.close()
    const postgres = async (instances: number): Promise<Measured> => {
      const url = await server.createDatabase()
      const stores = await Promise.all(Array.from({ length: instances }, async () => (await openPostgresStore({ url, logger: silentLogger() })).store))
      opened.push(...stores)
      return measure(stores)
    }
    const one = await postgres(1)
    const three = await postgres(3)
    const rows = (shape: 'distinct' | 'cumulative', what: string): Figure[] => [
      { what: `LevelDB, one rendezvous: ${what}`, value: rate(level[shape]) },
      ...([['PostgreSQL, one rendezvous', one], ['PostgreSQL, three rendezvous on one database, batches in turn', three]] as const).map(([name, figure]) => ({
        what: `${name}: ${what}`, value: rate(figure[shape]), baseline: rate(level[shape]), ratio: `${(figure[shape] / level[shape]).toFixed(2)}x`
      }))
    ]
    return [
      ...rows('distinct', `${count.toLocaleString('en')} receipts, each its own session (every one verified), ${SETTLE_CONCURRENCY} batches of 256 at once`),
      ...rows('cumulative', `${count.toLocaleString('en')} cumulative receipts of 25 sessions (the highest verified, every batch booked)`),
      { what: 'the books prove afterwards: LevelDB, PostgreSQL one, PostgreSQL three', value: [level, one, three].map(m => String(m.ok)).join(', ') }
    ]
  } finally {
    await Promise.allSettled(opened.map(async store => { await store.close() }))
    await pool.close()
    await server.destroy()
    await rm(dir, { recursive: true, force: true })
  }
}
