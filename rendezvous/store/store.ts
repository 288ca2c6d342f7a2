import type { Account } from '../identity/accounts.js'
import type { BookedTransaction } from '../ledger/transactions.js'
import type { Payout, PayoutRun } from '../payouts/payout.js'
import type { SessionState } from '../receipts/settle.js'

/** The signed documents the coordinator versions. */
export type DocumentKind = 'revocations' | 'rules'

/** The current version of a document as stored: the signed bytes peers get, and what it was made from. */
export interface StoredDocument<M = unknown> {
  version: number
  /** the encoded signed document, base64 */
  signed: string
  /** what the next version is built from (e.g. the revoked accounts) */
  meta: M
}

/** A hosted customer's API key, stored under its sha-256. */
export interface ApiKeyEntry {
  account: string
  createdAtMs: number
}

/** One line of the ledger's journal: its position, the transaction it names, and that transaction (absent if it is not stored: a broken book). */
export interface JournalLine {
  seq: number
  id: string
  transaction?: BookedTransaction
}

/** What usage earned one provider account in one hour of booking. */
export interface EarnedHour {
  account: string
  /** the hour's start, unix ms */
  hourMs: number
  amount: number
}

/** Small named values of the coordinator (the payout schedule). */
export type StateKey = 'payout-schedule'

/** Work that runs on one rendezvous at a time, whatever the number sharing the store: a payout run. */
export type ExclusiveWork = 'payouts'

/**
 * Reads of the coordinator's books. Outside a unit they see every
 * committed write but may be stale by the time they are used; inside a
 * unit nothing else writes until it ends (its own queued writes are not
 * seen either).
 */
export interface BooksReader {
  account(id: string): Promise<Account | undefined>
  accounts(ids: string[]): Promise<Array<Account | undefined>>
  allAccounts(): Promise<Account[]>
  accountByEnrollmentKeyHash(hash: string): Promise<Account | undefined>
  apiKey(hash: string): Promise<ApiKeyEntry | undefined>
  /** every API key as [sha-256, entry] (for copying the books) */
  allApiKeys(): Promise<Array<[string, ApiKeyEntry]>>

  document<M>(kind: DocumentKind): Promise<StoredDocument<M> | undefined>

  transactions(ids: string[]): Promise<Array<BookedTransaction | undefined>>
  /** the next journal position (0 for an empty journal) */
  journalEnd(): Promise<number>
  /** journal lines after position `after` (from the start when undefined), in order, at most `limit` */
  journalLines(after: number | undefined, limit: number): Promise<JournalLine[]>
  /** how many transactions are stored */
  transactionCount(): Promise<number>
  /** balances by account, in order (undefined: never booked to) */
  balances(accounts: string[]): Promise<Array<number | undefined>>
  allBalances(): Promise<Array<[string, number]>>
  /** what `account` earned in the hours starting at or after `fromHourMs` */
  earnedSince(account: string, fromHourMs: number): Promise<number>
  /** earnings of account-hours, in order (undefined: none) */
  earned(keys: Array<{ account: string, hourMs: number }>): Promise<Array<number | undefined>>
  allEarned(): Promise<EarnedHour[]>

  /** metered sessions by key ("<provider peer id>/<session id>"), in order */
  sessions(keys: string[]): Promise<Array<SessionState | undefined>>
  /** one provider peer's sessions with ids after `after` ('' for the first), in session id order (byte order), at most `limit` */
  providerSessions(provider: string, after: string, limit: number): Promise<SessionState[]>
  allSessions(): Promise<SessionState[]>

  payouts(ids: string[]): Promise<Array<Payout | undefined>>
  payoutRun(id: string): Promise<PayoutRun | undefined>
  /** payout runs newest first, those with ids before `before` (all when undefined), at most `limit` */
  payoutRuns(before: string | undefined, limit: number): Promise<PayoutRun[]>
  /** the runs that have payouts in transit */
  runsInTransit(): Promise<string[]>

  state<V>(key: StateKey): Promise<V | undefined>
}

/** One write to the books; a unit's writes land together or not at all. */
export type BookWrite =
  /** an account (new or changed), with its enrollment key hash indexed */
  | { type: 'account', account: Account }
  | { type: 'api-key', hash: string, entry: ApiKeyEntry }
  /** the next version of a document: a second write of one version is refused */
  | { type: 'document', kind: DocumentKind, document: StoredDocument }
  /** a new transaction at its journal position */
  | { type: 'transaction', transaction: BookedTransaction }
  | { type: 'balance', account: string, balance: number }
  | { type: 'earned', account: string, hourMs: number, amount: number }
  | { type: 'session', key: string, state: SessionState }
  /** a payout (new or changed); in transit while its state says so */
  | { type: 'payout', payout: Payout }
  | { type: 'payout-run', run: PayoutRun }
  /** a state value; undefined removes it */
  | { type: 'state', key: StateKey, value: unknown }

/** A unit of work: reads alone among every unit of every rendezvous on the store, and writes queued to land together at its end. */
export interface BooksUnit extends BooksReader {
  write(...writes: BookWrite[]): void
}

/** What the store's database is doing, for /api/status and metrics. */
export interface StoreStatus {
  kind: 'leveldb' | 'postgresql'
  /** up: the last use worked; down: it failed to reach the database (error says why) */
  state: 'up' | 'down'
  /** the schema version (PostgreSQL) */
  schemaVersion?: number
  error?: string
  /** when the state last changed, unix ms */
  sinceMs: number
}

/**
 * The coordinator's books: accounts, API keys, the signed documents, the
 * ledger, metered sessions and payouts. LevelDB (one rendezvous) and
 * PostgreSQL (any number of rendezvous sharing one database) keep them
 * behind this one interface; the coordinator never reaches past it.
 */
export interface CoordinatorStore extends BooksReader {
  readonly kind: StoreStatus['kind']
  /**
   * Runs `work` alone: no other unit, in this process or another
   * rendezvous on the same database, runs until it ends. Its writes land
   * atomically and durably when `work` resolves, or not at all when it
   * throws. Throws StoreUnavailableError when the database cannot be reached.
   */
  unit<T>(work: (unit: BooksUnit) => Promise<T>): Promise<T>
  /**
   * Runs `work` while holding the named lock, across every rendezvous on
   * the store; throws LockBusyError at once when another holds it. The lock
   * goes with the holder: a rendezvous that dies gives it up (PostgreSQL
   * ends its session). `signal` aborts when the lock may be lost (the
   * connection holding it broke): stop, another may take over.
   */
  exclusive<T>(name: ExclusiveWork, work: (signal: AbortSignal) => Promise<T>): Promise<T>
  /**
   * Runs `work` on one consistent view of the books, without stopping
   * anyone from writing meanwhile (PostgreSQL: a read-only repeatable-read
   * transaction; LevelDB: a unit, as its one process has no snapshots across
   * sublevels): a long read such as proving the ledger.
   */
  snapshot<T>(work: (books: BooksReader) => Promise<T>): Promise<T>
  /** Writes atomically, without the unit's lock (writes nothing else depends on reading first). */
  write(...writes: BookWrite[]): Promise<void>
  /** Hears that another rendezvous changed a document; answers the unsubscribe. */
  onDocumentChange(listener: (kind: DocumentKind) => void): () => void
  status(): StoreStatus
  close(): Promise<void>
}
