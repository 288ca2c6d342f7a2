import pLimit from 'p-limit'
import { peekReceipt } from '../../protocols/receipts/index.js'
import { BUCKETS, bucket } from './open.js'
import type { NodeDatabase } from './open.js'
import type { ReceiptAnswered, ReceiptOutbox } from '../../protocols/receipts/index.js'

/** A receipt waiting for the rendezvous: the highest counter-signed receipt of one session. */
export interface OutboxEntry {
  seq: number
  /** the encoded SignedReceipt, base64 */
  receipt: string
  storedAtMs: number
}

/** What became of receipts the rendezvous answered, for the exit's metrics and statements. */
export interface OutboxCounts {
  waiting: number
  settled: number
  refused: number
}

/**
 * The exit's receipts waiting for the rendezvous, in its LevelDB: one entry
 * per session, the highest counter-signed receipt (receipts are cumulative,
 * so it covers every earlier one). An entry leaves when the rendezvous has
 * answered for that very receipt; a newer receipt of the session that came
 * in meanwhile stays. Survives restarts: nothing counter-signed is lost
 * before the rendezvous has it.
 */
export class ReceiptOutboxRepository implements ReceiptOutbox {
  private readonly entries
  private count = 0
  private settledCount = 0
  private refusedCount = 0
  /** one booking at a time */
  private readonly serial = pLimit(1)

  constructor (db: NodeDatabase) {
    this.entries = bucket<OutboxEntry>(db, BUCKETS.receiptOutbox)
  }

  /** Counts what is stored (call once before use). */
  async open (): Promise<void> {
    this.count = (await this.entries.keys().all()).length
  }

  /** Keeps a counter-signed receipt unless the session's stored one is as recent. */
  async put (signedReceipt: Uint8Array, nowMs = Date.now()): Promise<void> {
    const { session, seq } = sessionOf(signedReceipt)
    await this.serial(async () => {
      const stored = await this.entries.get(session)
      if (stored != null && stored.seq >= seq) return
      await this.entries.put(session, { seq, receipt: Buffer.from(signedReceipt).toString('base64'), storedAtMs: nowMs })
      if (stored == null) this.count++
    })
  }

  async waiting (limit: number): Promise<Uint8Array[]> {
    const entries = await this.entries.values({ limit }).all()
    return entries.map(entry => Uint8Array.from(Buffer.from(entry.receipt, 'base64')))
  }

  size (): number {
    return this.count
  }

  /** Of `sessions`, those with a receipt waiting for the rendezvous. */
  async waitingOf (sessions: string[]): Promise<Set<string>> {
    const stored = await this.entries.getMany(sessions)
    return new Set(sessions.filter((_, i) => stored[i] != null))
  }

  async answered (answers: ReceiptAnswered[]): Promise<void> {
    const sessions = answers.map(answer => sessionOf(answer.bytes))
    await this.serial(async () => {
      const stored = await this.entries.getMany(sessions.map(s => s.session))
      const done = sessions.filter((s, i) => stored[i] != null && (stored[i] as OutboxEntry).seq <= s.seq)
      if (done.length > 0) await this.entries.batch(done.map(s => ({ type: 'del' as const, key: s.session })))
      this.count -= done.length
    })
    for (const answer of answers) {
      if (answer.outcome === 'booked' || answer.outcome === 'duplicate' || answer.outcome === 'superseded') this.settledCount++
      else this.refusedCount++
    }
  }

  counts (): OutboxCounts {
    return { waiting: this.count, settled: this.settledCount, refused: this.refusedCount }
  }

}

function sessionOf (signedReceipt: Uint8Array): { session: string, seq: number } {
  const receipt = peekReceipt(signedReceipt)
  if (receipt == null) throw new Error('The outbox holds only receipts the exit counter-signed: this one does not decode')
  return receipt
}
