import pLimit from 'p-limit'
import { LockBusyError } from '../errors.js'
import { RENDEZVOUS_BUCKETS, rendezvousBucket } from './buckets.js'
import type { CoordinatorDatabase } from './buckets.js'
import type { Account } from '../../identity/accounts.js'
import type { BookedTransaction } from '../../ledger/transactions.js'
import type { Payout, PayoutRun } from '../../payouts/payout.js'
import type { SessionState } from '../../receipts/settle.js'
import type { ApiKeyEntry, BookWrite, BooksReader, BooksUnit, CoordinatorStore, DocumentKind, EarnedHour, ExclusiveWork, JournalLine, StateKey, StoreStatus, StoredDocument } from '../store.js'
import type { BatchOperation } from 'level'

const KEY_DIGITS = 16
const CURRENT = 'current'

/** Where each state value is kept in the payout schedule's bucket (the schedule's key since before there were others). */
const STATE_KEYS: Record<StateKey, string> = { 'payout-schedule': 'last' }

function journalKey (seq: number): string {
  return String(seq).padStart(KEY_DIGITS, '0')
}

/** An account-hour's key: the hour's start zero-padded, so one account's keys sort by time. */
function earnedKey (account: string, hourMs: number): string {
  return `${account}/${String(hourMs).padStart(KEY_DIGITS, '0')}`
}

/**
 * The coordinator's books in the rendezvous node's LevelDB (the default: one
 * rendezvous, nothing to install). Units are serialised in this process,
 * which is the only writer; a unit's writes are one synced batch. The
 * database belongs to the node: close() leaves it open.
 */
export class LevelCoordinatorStore implements CoordinatorStore {
  readonly kind = 'leveldb'
  private readonly db: CoordinatorDatabase
  private readonly serial = pLimit(1)
  private readonly sinceMs = Date.now()
  /** exclusive work running now (one process holds a LevelDB: the lock is this set) */
  private readonly held = new Set<ExclusiveWork>()
  private readonly b

  constructor (db: CoordinatorDatabase) {
    this.db = db
    this.b = {
      accounts: rendezvousBucket<Account>(db, RENDEZVOUS_BUCKETS.accounts),
      enrollmentKeys: rendezvousBucket<string>(db, RENDEZVOUS_BUCKETS.enrollmentKeys),
      apiKeys: rendezvousBucket<ApiKeyEntry>(db, RENDEZVOUS_BUCKETS.apiKeys),
      revocations: rendezvousBucket<StoredDocument>(db, RENDEZVOUS_BUCKETS.revocations),
      rules: rendezvousBucket<StoredDocument>(db, RENDEZVOUS_BUCKETS.rules),
      transactions: rendezvousBucket<BookedTransaction>(db, RENDEZVOUS_BUCKETS.ledgerTransactions),
      journal: rendezvousBucket<string>(db, RENDEZVOUS_BUCKETS.ledgerJournal),
      balances: rendezvousBucket<number>(db, RENDEZVOUS_BUCKETS.ledgerBalances),
      earned: rendezvousBucket<number>(db, RENDEZVOUS_BUCKETS.ledgerEarnedByHour),
      sessions: rendezvousBucket<SessionState>(db, RENDEZVOUS_BUCKETS.receiptSessions),
      payouts: rendezvousBucket<Payout>(db, RENDEZVOUS_BUCKETS.payouts),
      runs: rendezvousBucket<PayoutRun>(db, RENDEZVOUS_BUCKETS.payoutRuns),
      inTransit: rendezvousBucket<string>(db, RENDEZVOUS_BUCKETS.payoutsInTransit),
      schedule: rendezvousBucket<unknown>(db, RENDEZVOUS_BUCKETS.payoutSchedule)
    }
  }

  async account (id: string): Promise<Account | undefined> {
    return this.b.accounts.get(id)
  }

  async accounts (ids: string[]): Promise<Array<Account | undefined>> {
    return this.b.accounts.getMany(ids)
  }

  async allAccounts (): Promise<Account[]> {
    return this.b.accounts.values().all()
  }

  async accountByEnrollmentKeyHash (hash: string): Promise<Account | undefined> {
    const id = await this.b.enrollmentKeys.get(hash)
    return id == null ? undefined : this.account(id)
  }

  async apiKey (hash: string): Promise<ApiKeyEntry | undefined> {
    return this.b.apiKeys.get(hash)
  }

  async allApiKeys (): Promise<Array<[string, ApiKeyEntry]>> {
    return this.b.apiKeys.iterator().all()
  }

  async document<M>(kind: DocumentKind): Promise<StoredDocument<M> | undefined> {
    return await this.b[kind].get(CURRENT) as StoredDocument<M> | undefined
  }

  async transactions (ids: string[]): Promise<Array<BookedTransaction | undefined>> {
    return this.b.transactions.getMany(ids)
  }

  async journalEnd (): Promise<number> {
    const last = await this.b.journal.keys({ reverse: true, limit: 1 }).all()
    return last.length === 0 ? 0 : Number(last[0]) + 1
  }

  async journalLines (after: number | undefined, limit: number): Promise<JournalLine[]> {
    const lines = await this.b.journal.iterator(after == null ? { limit } : { gt: journalKey(after), limit }).all()
    const found = await this.b.transactions.getMany(lines.map(([, id]) => id))
    return lines.map(([key, id], i) => ({ seq: Number(key), id, transaction: found[i] }))
  }

  async transactionCount (): Promise<number> {
    let count = 0
    for await (const _ of this.b.transactions.keys()) count++
    return count
  }

  async balances (accounts: string[]): Promise<Array<number | undefined>> {
    return this.b.balances.getMany(accounts)
  }

  async allBalances (): Promise<Array<[string, number]>> {
    return this.b.balances.iterator().all()
  }

  async earnedSince (account: string, fromHourMs: number): Promise<number> {
    let total = 0
    for await (const value of this.b.earned.values({ gte: earnedKey(account, fromHourMs), lt: `${account}/~` })) total += value
    return total
  }

  async earned (keys: Array<{ account: string, hourMs: number }>): Promise<Array<number | undefined>> {
    return this.b.earned.getMany(keys.map(k => earnedKey(k.account, k.hourMs)))
  }

  async allEarned (): Promise<EarnedHour[]> {
    return (await this.b.earned.iterator().all()).map(([key, amount]) => {
      const slash = key.lastIndexOf('/')
      return { account: key.slice(0, slash), hourMs: Number(key.slice(slash + 1)), amount }
    })
  }

  async sessions (keys: string[]): Promise<Array<SessionState | undefined>> {
    return this.b.sessions.getMany(keys)
  }

  async providerSessions (provider: string, after: string, limit: number): Promise<SessionState[]> {
    const prefix = `${provider}/`
    // '0' follows '/': every key of this provider sorts before `${provider}0`
    const range = after === '' ? { gte: prefix, lt: `${provider}0` } : { gt: prefix + after, lt: `${provider}0` }
    return this.b.sessions.values({ ...range, limit }).all()
  }

  async allSessions (): Promise<SessionState[]> {
    return this.b.sessions.values().all()
  }

  async payouts (ids: string[]): Promise<Array<Payout | undefined>> {
    return this.b.payouts.getMany(ids)
  }

  async payoutRun (id: string): Promise<PayoutRun | undefined> {
    return this.b.runs.get(id)
  }

  async payoutRuns (before: string | undefined, limit: number): Promise<PayoutRun[]> {
    return this.b.runs.values(before == null ? { reverse: true, limit } : { reverse: true, lt: before, limit }).all()
  }

  async runsInTransit (): Promise<string[]> {
    return [...new Set(await this.b.inTransit.values().all())]
  }

  async state<V>(key: StateKey): Promise<V | undefined> {
    return await this.b.schedule.get(STATE_KEYS[key]) as V | undefined
  }

  async unit<T>(work: (unit: BooksUnit) => Promise<T>): Promise<T> {
    return this.serial(async () => {
      const queued: BookWrite[] = []
      const unit: BooksUnit = Object.assign(Object.create(this) as CoordinatorStore, { write: (...writes: BookWrite[]) => { queued.push(...writes) } })
      const result = await work(unit)
      await this.apply(queued)
      return result
    })
  }

  async write (...writes: BookWrite[]): Promise<void> {
    await this.apply(writes)
  }

  async snapshot<T>(work: (books: BooksReader) => Promise<T>): Promise<T> {
    return this.unit(work)
  }

  async exclusive<T>(name: ExclusiveWork, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.held.has(name)) throw new LockBusyError(`${name} are under way already`)
    this.held.add(name)
    try {
      return await work(new AbortController().signal)
    } finally {
      this.held.delete(name)
    }
  }

  onDocumentChange (): () => void {
    // one rendezvous per LevelDB: nobody else changes its documents
    return () => {}
  }

  status (): StoreStatus {
    return { kind: 'leveldb', state: this.db.status === 'open' ? 'up' : 'down', sinceMs: this.sinceMs }
  }

  async close (): Promise<void> {}

  private async apply (writes: BookWrite[]): Promise<void> {
    if (writes.length === 0) return
    await this.db.batch(writes.flatMap(w => this.operations(w)), { sync: true })
  }

  /** The LevelDB puts and deletes of one write. */
  private operations (w: BookWrite): Array<BatchOperation<CoordinatorDatabase, string, unknown>> {
    const { b } = this
    switch (w.type) {
      case 'account': return [
        { type: 'put', sublevel: b.accounts, key: w.account.id, value: w.account },
        { type: 'put', sublevel: b.enrollmentKeys, key: w.account.enrollmentKeyHash, value: w.account.id }
      ]
      case 'api-key': return [{ type: 'put', sublevel: b.apiKeys, key: w.hash, value: w.entry }]
      case 'document': return [{ type: 'put', sublevel: b[w.kind], key: CURRENT, value: w.document }]
      case 'transaction': return [
        { type: 'put', sublevel: b.transactions, key: w.transaction.id, value: w.transaction },
        { type: 'put', sublevel: b.journal, key: journalKey(w.transaction.seq), value: w.transaction.id }
      ]
      case 'balance': return [{ type: 'put', sublevel: b.balances, key: w.account, value: w.balance }]
      case 'earned': return [{ type: 'put', sublevel: b.earned, key: earnedKey(w.account, w.hourMs), value: w.amount }]
      case 'session': return [{ type: 'put', sublevel: b.sessions, key: w.key, value: w.state }]
      case 'payout': return [
        { type: 'put', sublevel: b.payouts, key: w.payout.id, value: w.payout },
        w.payout.state === 'in-transit'
          ? { type: 'put', sublevel: b.inTransit, key: w.payout.id, value: w.payout.run }
          : { type: 'del', sublevel: b.inTransit, key: w.payout.id }
      ]
      case 'payout-run': return [{ type: 'put', sublevel: b.runs, key: w.run.id, value: w.run }]
      case 'state': return [w.value === undefined ? { type: 'del', sublevel: b.schedule, key: STATE_KEYS[w.key] } : { type: 'put', sublevel: b.schedule, key: STATE_KEYS[w.key], value: w.value }]
    }
  }
}
