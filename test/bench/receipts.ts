import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../../node/db/open.js'
import { openReceipt } from '../../protocols/receipts/index.js'
import { levelCoordinatorStore } from '../../rendezvous/store/level/index.js'
import { Ledger } from '../../rendezvous/ledger/ledger.js'
import { ReceiptBook } from '../../rendezvous/receipts/book.js'
import { VerifyPool } from '../../rendezvous/receipts/verify-pool.js'
import { benchReceipts, rate, seedStore, settleRate } from './bench-receipts.js'
import type { Figure } from './stats.js'

/** Batches settling at once in the bench, as when several exits submit together (the receipt server allows 8). */
const SETTLE_CONCURRENCY = 4

/**
 * Receipts settled per second by the rendezvous's receipt book (verified,
 * deduplicated and durably booked in synced LevelDB batches of 256), against
 * a baseline in the same run: opening the same receipts, which verifies their
 * two signatures and two credentials and books nothing. Two shapes: every
 * receipt a new session (each must be verified), and 25 sessions of cumulative
 * receipts resubmitted in bulk (only the highest of each session is verified).
 */
export async function receiptsBench (count: number): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'peergrid-bench-receipts-'))
  try {
    const receipts = await benchReceipts(count)
    const { distinct, cumulative, trustedKeys } = receipts
    const db = await openDatabase(join(dir, 'db'))
    const store = levelCoordinatorStore(db)
    await seedStore(store, receipts)
    const ledger = new Ledger(store)

    let started = performance.now()
    for (const receipt of distinct) await openReceipt(receipt, { trustedKeys, countersigned: true, nowMs: receipts.nowMs })
    const verifyRate = count / ((performance.now() - started) / 1000)

    // as the rendezvous runs: signatures checked on worker threads, several exits' batches settling at once
    const pool = new VerifyPool()
    const pooled = new ReceiptBook({ ledger, trustedKeys: () => trustedKeys, verifySignature: async (k, d, sig) => pool.verify(k, d, sig) })
    const inThread = new ReceiptBook({ ledger, trustedKeys: () => trustedKeys })
    const half = Math.floor(count / 2)
    const inThreadRate = await settleRate([inThread], distinct.slice(0, half), 1)
    const distinctRate = await settleRate([pooled], distinct.slice(half), SETTLE_CONCURRENCY)
    const cumulativeRate = await settleRate([pooled], cumulative, SETTLE_CONCURRENCY)
    await pool.close()
    started = performance.now()
    const check = await ledger.check()
    const checkMs = performance.now() - started
    await db.close()
    return [
      { what: `open ${count.toLocaleString('en')} receipts (2 signatures + 2 credentials each), nothing booked`, value: rate(verifyRate) },
      { what: 'settle, every receipt a new session, one batch at a time, signatures on the main thread', value: rate(inThreadRate), baseline: rate(verifyRate), ratio: `${(inThreadRate / verifyRate).toFixed(2)}x` },
      { what: `settle, every receipt a new session, ${SETTLE_CONCURRENCY} batches at once, signatures on ${availableParallelism()} worker threads`, value: rate(distinctRate), baseline: rate(verifyRate), ratio: `${(distinctRate / verifyRate).toFixed(2)}x`, goal: '≥ 10,000/s' },
      { what: `settle, 25 sessions of cumulative receipts, ${SETTLE_CONCURRENCY} batches of 256 at once, worker threads`, value: rate(cumulativeRate), baseline: rate(verifyRate), ratio: `${(cumulativeRate / verifyRate).toFixed(2)}x`, goal: '≥ 10,000/s' },
      { what: `prove the books (${check.transactions.toLocaleString('en')} transactions, ok: ${String(check.ok)})`, value: `${Math.round(checkMs)} ms` }
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
