import { journalLines } from '../store/pages.js'
import { LedgerConflictError } from './errors.js'
import { checkTransaction, sameMovement } from './transactions.js'
import type { LedgerAccount } from './accounts.js'
import type { BookedTransaction, Entry, Transaction } from './transactions.js'
import type { BooksReader, BooksUnit, CoordinatorStore } from '../store/store.js'

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

const HOUR_MS = 3_600_000

/** The start of the hour `atMs` falls in: earnings are kept per account and hour of booking. */
function hourOf (atMs: number): number {
  return Math.floor(atMs / HOUR_MS) * HOUR_MS
}

/** What a transaction adds to providers' earnings, by account: the positive usage lines on provider accounts. */
function earnings (tx: Transaction): Entry[] {
  return tx.kind === 'usage' ? tx.entries.filter(e => e.amount > 0 && e.account.startsWith('provider:')) : []
}

/**
 * The coordinator's double-entry ledger in its store. Each booking is one
 * unit of the store: the transaction under its id at the next journal
 * position, and the new balance of every account it touches, land together
 * or not at all, so a crash leaves all of it or none, and booking an id
 * again (a retry, a replay) changes nothing. Units run one at a time across
 * every rendezvous on the store, so journal positions have no gaps.
 */
export class Ledger {
  readonly store: CoordinatorStore
  private readonly clock: () => number

  /** `clock` (default Date.now) dates what providers earn, for the payout hold period: the booking time, not a time a peer signed */
  constructor (store: CoordinatorStore, clock: () => number = Date.now) {
    this.store = store
    this.clock = clock
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

  /** Books several transactions in one unit (ids already booked are left as they are); refuses them all if any is invalid or conflicts. */
  async bookAll (txs: Transaction[]): Promise<Booking[]> {
    txs.forEach(checkTransaction)
    return this.store.unit(async (books) => this.bookIn(books, txs))
  }

  /**
   * Books `txs` as part of the caller's unit, whose own writes (a receipt
   * book's session state, a payout) land with them or not at all. Throws as
   * bookAll does, which fails the whole unit.
   */
  async bookIn (books: BooksUnit, txs: Transaction[]): Promise<Booking[]> {
    txs.forEach(checkTransaction)
    if (txs.length === 0) return []
    const stored = await books.transactions(txs.map(tx => tx.id))
    const accounts = [...new Set(txs.flatMap(tx => tx.entries.map(e => e.account)))]
    const current = await books.balances(accounts)
    const balances = new Map(accounts.map((account, i) => [account, current[i] ?? 0]))
    const bookedNow = new Map<string, BookedTransaction>()
    const touched = new Set<LedgerAccount>()
    const earnedNow = new Map<string, number>()
    const bookings: Booking[] = []
    let seq = await books.journalEnd()
    for (const [i, tx] of txs.entries()) {
      const existing = stored[i] ?? bookedNow.get(tx.id)
      if (existing != null) {
        if (!sameMovement(existing, tx)) throw new LedgerConflictError(`transaction ${tx.id} is booked already with other amounts`)
        bookings.push({ applied: false, transaction: existing })
        continue
      }
      const booked: BookedTransaction = { ...tx, seq: seq++ }
      bookedNow.set(tx.id, booked)
      books.write({ type: 'transaction', transaction: booked })
      for (const entry of tx.entries) {
        balances.set(entry.account, (balances.get(entry.account) ?? 0) + entry.amount)
        touched.add(entry.account)
      }
      for (const entry of earnings(tx)) earnedNow.set(entry.account, (earnedNow.get(entry.account) ?? 0) + entry.amount)
      bookings.push({ applied: true, transaction: booked })
    }
    for (const account of touched) books.write({ type: 'balance', account, balance: balances.get(account) ?? 0 })
    if (earnedNow.size > 0) {
      const hourMs = hourOf(this.clock())
      const keys = [...earnedNow.keys()].map(account => ({ account, hourMs }))
      const before = await books.earned(keys)
      keys.forEach((key, i) => books.write({ type: 'earned', ...key, amount: (before[i] ?? 0) + (earnedNow.get(key.account) ?? 0) }))
    }
    return bookings
  }

  /** An account's balance in micro-units (0 for an account never booked to), read from `books` (default: the store, outside any unit). */
  async balance (account: LedgerAccount, books: BooksReader = this.store): Promise<number> {
    return (await books.balances([account]))[0] ?? 0
  }

  /**
   * What usage earned `account` in the hours booked from `sinceMs` on (the
   * whole hour `sinceMs` falls in included): the earnings a payout hold
   * period keeps back.
   */
  async earnedSince (account: LedgerAccount, sinceMs: number, books: BooksReader = this.store): Promise<number> {
    return books.earnedSince(account, hourOf(sinceMs))
  }

  /** Every account booked to, with its balance. */
  async balances (books: BooksReader = this.store): Promise<Balance[]> {
    return (await books.allBalances()).map(([account, balance]) => ({ account: account as LedgerAccount, balance }))
  }

  /** A booked transaction by id. */
  async transaction (id: string): Promise<BookedTransaction | undefined> {
    return (await this.store.transactions([id]))[0]
  }

  /** Journal lines in booking order, from position `after` + 1, at most `limit` (≤ MAX_JOURNAL_PAGE). */
  async journal (options: { after?: number, limit?: number } = {}): Promise<BookedTransaction[]> {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), MAX_JOURNAL_PAGE)
    const lines = await this.store.journalLines(options.after, limit)
    return lines.map(line => line.transaction).filter((tx): tx is BookedTransaction => tx != null)
  }

  /**
   * Proves the books: replays the whole journal, checks that every
   * transaction sums to zero and that the replayed balances equal the stored
   * ones, and that the stored balances sum to zero. Reads one snapshot of
   * the books: bookings go on meanwhile.
   */
  async check (): Promise<LedgerCheck> {
    return this.store.snapshot(async (books) => {
      const problems: string[] = []
      const replayed = new Map<string, number>()
      const earned = new Map<string, number>()
      let transactions = 0
      let expectedSeq = 0
      for await (const { seq, id, transaction: tx } of journalLines(books)) {
        if (tx == null) { problems.push(`journal line ${seq} names ${id}, which is not stored`); continue }
        if (tx.seq !== seq) problems.push(`${id} is at journal line ${seq} but says ${tx.seq}`)
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
      const stored = await books.allBalances()
      for (const [account, balance] of stored) {
        total += balance
        if ((replayed.get(account) ?? 0) !== balance) problems.push(`${account}: stored balance ${balance}, journal says ${replayed.get(account) ?? 0}`)
        replayed.delete(account)
      }
      for (const [account, balance] of replayed) problems.push(`${account}: journal says ${balance}, no balance stored`)
      if (total !== 0) problems.push(`balances sum to ${total}, not zero`)
      const indexed = new Map<string, number>()
      for (const { account, amount } of await books.allEarned()) indexed.set(account, (indexed.get(account) ?? 0) + amount)
      for (const account of new Set([...earned.keys(), ...indexed.keys()])) {
        if ((earned.get(account) ?? 0) !== (indexed.get(account) ?? 0)) problems.push(`${account}: earned ${earned.get(account) ?? 0} by the journal, ${indexed.get(account) ?? 0} by the hourly index`)
      }
      const storedTransactions = await books.transactionCount()
      if (storedTransactions !== transactions) problems.push(`${storedTransactions} transactions stored, ${transactions} in the journal`)
      return { ok: problems.length === 0, transactions, accounts: stored.length, total, problems }
    })
  }
}
