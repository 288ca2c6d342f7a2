import pLimit from 'p-limit'
import { RENDEZVOUS_BUCKETS, rendezvousBucket } from '../db/buckets.js'
import { LedgerConflictError } from './errors.js'
import { checkTransaction, sameMovement } from './transactions.js'
import type { LedgerAccount } from './accounts.js'
import type { BookedTransaction, Entry, Transaction } from './transactions.js'
import type { CoordinatorDatabase } from '../db/buckets.js'
import type { BatchOperation } from 'level'

/** Most journal lines one read returns. */
export const MAX_JOURNAL_PAGE = 1000

/** What booking a transaction did. */
export interface Booking {
  /** false when the id was booked before (with the same movement): nothing changed */
  applied: boolean
  transaction: BookedTransaction
}

/** One account's balance. */
export interface Balance {
  account: LedgerAccount
  balance: number
}

/** What `check()` found. */
export interface LedgerCheck {
  ok: boolean
  transactions: number
  accounts: number
  /** the sum of every stored balance: zero in a sound ledger */
  total: number
  problems: string[]
}

/** Writes to the coordinator's database, for one atomic batch. */
export type BatchOperations = Array<BatchOperation<CoordinatorDatabase, string, unknown>>

const JOURNAL_KEY_DIGITS = 16
const HOUR_MS = 3_600_000

function journalKey (seq: number): string {
  return String(seq).padStart(JOURNAL_KEY_DIGITS, '0')
}

/** The earned-by-hour key of an account and a time: the hour's start, zero-padded so keys sort by time. */
function earnedKey (account: string, atMs: number): string {
  return `${account}/${String(Math.floor(atMs / HOUR_MS) * HOUR_MS).padStart(JOURNAL_KEY_DIGITS, '0')}`
}

/** What a transaction adds to providers' earnings, by account: the positive usage lines on provider accounts. */
function earnings (tx: Transaction): Entry[] {
  return tx.kind === 'usage' ? tx.entries.filter(e => e.amount > 0 && e.account.startsWith('provider:')) : []
}

/**
 * The coordinator's double-entry ledger in its LevelDB. Each transaction is
 * booked in one atomic, synced batch: the transaction under its id, its line
 * in the journal, and the new balance of every account it touches. So a
 * crash leaves either all of it or none, and booking an id again (a retry, a
 * replay) changes nothing. Bookings are serialised in this process; the
 * ledger has one writer.
 */
export class Ledger {
  private readonly db: CoordinatorDatabase
  private readonly transactions
  private readonly journalLines
  private readonly balanceOf
  private readonly earnedByHour
  private readonly clock: () => number
  private nextSeq?: number
  /** one booking at a time */
  private readonly serial = pLimit(1)

  /** `clock` (default Date.now) dates what providers earn, for the payout hold period: the booking time, not a time a peer signed */
  constructor (db: CoordinatorDatabase, clock: () => number = Date.now) {
    this.db = db
    this.clock = clock
    this.transactions = rendezvousBucket<BookedTransaction>(db, RENDEZVOUS_BUCKETS.ledgerTransactions)
    this.journalLines = rendezvousBucket<string>(db, RENDEZVOUS_BUCKETS.ledgerJournal)
    this.balanceOf = rendezvousBucket<number>(db, RENDEZVOUS_BUCKETS.ledgerBalances)
    this.earnedByHour = rendezvousBucket<number>(db, RENDEZVOUS_BUCKETS.ledgerEarnedByHour)
  }

  /**
   * Books `tx` unless its id is booked already. Throws InvalidTransactionError
   * for a transaction that breaks the rules, LedgerConflictError for an id
   * booked with a different movement.
   */
  async book (tx: Transaction): Promise<Booking> {
    const [booking] = await this.bookAll([tx])
    return booking as Booking
  }

  /**
   * Books several transactions in one atomic, synced write (ids already
   * booked are left as they are), together with `also`: writes of the
   * caller's own books that must land with them or not at all (a receipt
   * book's session state). Refuses the whole batch if any transaction is
   * invalid or conflicts.
   */
  async bookAll (txs: Transaction[], also: BatchOperations = []): Promise<Booking[]> {
    txs.forEach(checkTransaction)
    return this.serial(async () => {
      const stored = await this.transactions.getMany(txs.map(tx => tx.id))
      const balances = new Map<string, number>()
      const accounts = [...new Set(txs.flatMap(tx => tx.entries.map(e => e.account)))]
      const current = await this.balanceOf.getMany(accounts)
      accounts.forEach((account, i) => balances.set(account, current[i] ?? 0))
      const bookedNow = new Map<string, BookedTransaction>()
      const bookings: Booking[] = []
      const operations: BatchOperations = []
      let seq = await this.takeSeq()
      const now = this.clock()
      const earnedNow = new Map<string, number>()
      txs.forEach((tx, i) => {
        const existing = stored[i] ?? bookedNow.get(tx.id)
        if (existing != null) {
          if (!sameMovement(existing, tx)) throw new LedgerConflictError(`transaction ${tx.id} is booked already with other amounts`)
          bookings.push({ applied: false, transaction: existing })
          return
        }
        const booked: BookedTransaction = { ...tx, seq }
        bookedNow.set(tx.id, booked)
        operations.push(
          { type: 'put', sublevel: this.transactions, key: tx.id, value: booked },
          { type: 'put', sublevel: this.journalLines, key: journalKey(seq), value: tx.id }
        )
        for (const entry of tx.entries) balances.set(entry.account, (balances.get(entry.account) ?? 0) + entry.amount)
        for (const entry of earnings(tx)) earnedNow.set(entry.account, (earnedNow.get(entry.account) ?? 0) + entry.amount)
        bookings.push({ applied: true, transaction: booked })
        seq++
      })
      for (const account of new Set(txs.filter(tx => bookedNow.get(tx.id) != null).flatMap(tx => tx.entries.map(e => e.account)))) {
        operations.push({ type: 'put', sublevel: this.balanceOf, key: account, value: balances.get(account) ?? 0 })
      }
      if (earnedNow.size > 0) {
        const keys = [...earnedNow.keys()].map(account => earnedKey(account, now))
        const before = await this.earnedByHour.getMany(keys)
        keys.forEach((key, i) => {
          operations.push({ type: 'put', sublevel: this.earnedByHour, key, value: (before[i] ?? 0) + (earnedNow.get(key.slice(0, key.lastIndexOf('/'))) ?? 0) })
        })
      }
      if (operations.length + also.length > 0) await this.db.batch([...operations, ...also], { sync: true })
      this.nextSeq = seq
      return bookings
    })
  }

  /** An account's balance in micro-units (0 for an account never booked to). */
  async balance (account: LedgerAccount): Promise<number> {
    return (await this.balanceOf.get(account)) ?? 0
  }

  /**
   * What usage earned `account` in the hours booked from `sinceMs` on (the
   * whole hour `sinceMs` falls in included): the earnings a payout hold
   * period keeps back.
   */
  async earnedSince (account: LedgerAccount, sinceMs: number): Promise<number> {
    let total = 0
    for await (const value of this.earnedByHour.values({ gte: earnedKey(account, sinceMs), lt: `${account}/~` })) total += value
    return total
  }

  /** Every account booked to, with its balance. */
  async balances (): Promise<Balance[]> {
    return (await this.balanceOf.iterator().all()).map(([account, balance]) => ({ account: account as LedgerAccount, balance }))
  }

  /** A booked transaction by id. */
  async transaction (id: string): Promise<BookedTransaction | undefined> {
    return this.transactions.get(id)
  }

  /** Journal lines in booking order, from position `after` + 1, at most `limit` (≤ MAX_JOURNAL_PAGE). */
  async journal (options: { after?: number, limit?: number } = {}): Promise<BookedTransaction[]> {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), MAX_JOURNAL_PAGE)
    const ids = await this.journalLines.values(options.after == null ? { limit } : { gt: journalKey(options.after), limit }).all()
    const found = await this.transactions.getMany(ids)
    return found.filter((tx): tx is BookedTransaction => tx != null)
  }

  /**
   * Proves the books: replays the whole journal, checks that every
   * transaction sums to zero and that the replayed balances equal the stored
   * ones, and that the stored balances sum to zero.
   */
  async check (): Promise<LedgerCheck> {
    return this.serial(async () => {
      const problems: string[] = []
      const replayed = new Map<string, number>()
      const earned = new Map<string, number>()
      let transactions = 0
      let expectedSeq = 0
      for await (const [key, id] of this.journalLines.iterator()) {
        const tx = await this.transactions.get(id)
        if (tx == null) { problems.push(`journal line ${key} names ${id}, which is not stored`); continue }
        if (tx.seq !== Number(key)) problems.push(`${id} is at journal line ${key} but says ${tx.seq}`)
        if (tx.seq !== expectedSeq) problems.push(`journal line ${expectedSeq} is missing`)
        expectedSeq = tx.seq + 1
        try {
          checkTransaction(tx)
        } catch (err: any) {
          problems.push(err.message)
        }
        for (const entry of tx.entries) replayed.set(entry.account, (replayed.get(entry.account) ?? 0) + entry.amount)
        for (const entry of earnings(tx)) earned.set(entry.account, (earned.get(entry.account) ?? 0) + entry.amount)
        transactions++
      }
      let total = 0
      const stored = await this.balanceOf.iterator().all()
      for (const [account, balance] of stored) {
        total += balance
        if ((replayed.get(account) ?? 0) !== balance) problems.push(`${account}: stored balance ${balance}, journal says ${replayed.get(account) ?? 0}`)
        replayed.delete(account)
      }
      for (const [account, balance] of replayed) problems.push(`${account}: journal says ${balance}, no balance stored`)
      if (total !== 0) problems.push(`balances sum to ${total}, not zero`)
      const indexed = new Map<string, number>()
      for await (const [key, value] of this.earnedByHour.iterator()) {
        const account = key.slice(0, key.lastIndexOf('/'))
        indexed.set(account, (indexed.get(account) ?? 0) + value)
      }
      for (const account of new Set([...earned.keys(), ...indexed.keys()])) {
        if ((earned.get(account) ?? 0) !== (indexed.get(account) ?? 0)) problems.push(`${account}: earned ${earned.get(account) ?? 0} by the journal, ${indexed.get(account) ?? 0} by the hourly index`)
      }
      const storedTransactions = await this.transactions.keys().all()
      if (storedTransactions.length !== transactions) problems.push(`${storedTransactions.length} transactions stored, ${transactions} in the journal`)
      return { ok: problems.length === 0, transactions, accounts: stored.length, total, problems }
    })
  }

  private async takeSeq (): Promise<number> {
    if (this.nextSeq == null) {
      const last = await this.journalLines.keys({ reverse: true, limit: 1 }).all()
      this.nextSeq = last.length === 0 ? 0 : Number(last[0]) + 1
    }
    return this.nextSeq
  }

}
