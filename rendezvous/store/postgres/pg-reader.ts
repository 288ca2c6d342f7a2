import { SCHEMA } from './migrations.js'
import { accountOf, inOrder, int, transactionOf } from './rows.js'
import type { Account } from '../../identity/accounts.js'
import type { BookedTransaction } from '../../ledger/transactions.js'
import type { Payout, PayoutRun } from '../../payouts/payout.js'
import type { SessionState } from '../../receipts/settle.js'
import type { ApiKeyEntry, BooksReader, DocumentKind, EarnedHour, JournalLine, StateKey, StoredDocument } from '../store.js'
import type { QueryConfig, QueryResult, QueryResultRow } from 'pg'

/** A pool or one client of it (inside a unit's transaction). */
export interface Queryable {
  query<R extends QueryResultRow = any>(config: QueryConfig): Promise<QueryResult<R>>
}

const S = SCHEMA

/**
 * The coordinator's reads in PostgreSQL, as named (prepared) statements, on
 * the pool or on a unit's client.
 */
export class PgReader implements BooksReader {
  protected readonly db: Queryable

  constructor (db: Queryable) {
    this.db = db
  }

  async account (id: string): Promise<Account | undefined> {
    return (await this.accounts([id]))[0]
  }

  async accounts (ids: string[]): Promise<Array<Account | undefined>> {
    const rows = await this.rows('accounts', `SELECT * FROM ${S}.accounts WHERE id = ANY($1)`, [ids])
    return inOrder(ids, rows, row => row.id, accountOf)
  }

  async allAccounts (): Promise<Account[]> {
    return (await this.rows('all-accounts', `SELECT * FROM ${S}.accounts ORDER BY id COLLATE "C"`)).map(accountOf)
  }

  async accountByEnrollmentKeyHash (hash: string): Promise<Account | undefined> {
    const [row] = await this.rows('account-by-key', `SELECT * FROM ${S}.accounts WHERE enrollment_key_hash = $1`, [hash])
    return row == null ? undefined : accountOf(row)
  }

  async apiKey (hash: string): Promise<ApiKeyEntry | undefined> {
    const [row] = await this.rows('api-key', `SELECT account, created_at_ms FROM ${S}.api_keys WHERE hash = $1`, [hash])
    return row == null ? undefined : { account: row.account, createdAtMs: int(row.created_at_ms) }
  }

  async allApiKeys (): Promise<Array<[string, ApiKeyEntry]>> {
    const rows = await this.rows('all-api-keys', `SELECT hash, account, created_at_ms FROM ${S}.api_keys ORDER BY hash`)
    return rows.map(row => [row.hash, { account: row.account, createdAtMs: int(row.created_at_ms) }])
  }

  async document<M>(kind: DocumentKind): Promise<StoredDocument<M> | undefined> {
    const [row] = await this.rows('document', `SELECT version, signed, meta FROM ${S}.documents WHERE kind = $1 ORDER BY version DESC LIMIT 1`, [kind])
    return row == null ? undefined : { version: row.version, signed: row.signed, meta: row.meta }
  }

  async transactions (ids: string[]): Promise<Array<BookedTransaction | undefined>> {
    const rows = await this.rows('transactions', `SELECT * FROM ${S}.ledger_transactions WHERE id = ANY($1)`, [ids])
    return inOrder(ids, rows, row => row.id, transactionOf)
  }

  async journalEnd (): Promise<number> {
    const [row] = await this.rows('journal-end', `SELECT max(seq) AS seq FROM ${S}.ledger_transactions`)
    return row?.seq == null ? 0 : int(row.seq) + 1
  }

  async journalLines (after: number | undefined, limit: number): Promise<JournalLine[]> {
    const rows = await this.rows('journal', `SELECT * FROM ${S}.ledger_transactions WHERE seq > $1 ORDER BY seq LIMIT $2`, [after ?? -1, limit])
    return rows.map(row => ({ seq: int(row.seq), id: row.id, transaction: transactionOf(row) }))
  }

  async transactionCount (): Promise<number> {
    const [row] = await this.rows('transaction-count', `SELECT count(*) AS n FROM ${S}.ledger_transactions`)
    return int(row?.n)
  }

  async balances (accounts: string[]): Promise<Array<number | undefined>> {
    const rows = await this.rows('balances', `SELECT account, balance FROM ${S}.ledger_balances WHERE account = ANY($1)`, [accounts])
    return inOrder(accounts, rows, row => row.account, row => int(row.balance))
  }

  async allBalances (): Promise<Array<[string, number]>> {
    const rows = await this.rows('all-balances', `SELECT account, balance FROM ${S}.ledger_balances ORDER BY account COLLATE "C"`)
    return rows.map(row => [row.account, int(row.balance)])
  }

  async earnedSince (account: string, fromHourMs: number): Promise<number> {
    const [row] = await this.rows('earned-since', `SELECT sum(amount) AS total FROM ${S}.ledger_earned WHERE account = $1 AND hour_ms >= $2`, [account, fromHourMs])
    return int(row?.total)
  }

  async earned (keys: Array<{ account: string, hourMs: number }>): Promise<Array<number | undefined>> {
    const rows = await this.rows('earned', `SELECT e.account, e.hour_ms, e.amount FROM ${S}.ledger_earned e JOIN unnest($1::text[], $2::bigint[]) AS k(account, hour_ms) USING (account, hour_ms)`, [keys.map(k => k.account), keys.map(k => k.hourMs)])
    return inOrder(keys.map(k => `${k.account}/${k.hourMs}`), rows, row => `${row.account}/${int(row.hour_ms)}`, row => int(row.amount))
  }

  async allEarned (): Promise<EarnedHour[]> {
    const rows = await this.rows('all-earned', `SELECT account, hour_ms, amount FROM ${S}.ledger_earned ORDER BY account COLLATE "C", hour_ms`)
    return rows.map(row => ({ account: row.account, hourMs: int(row.hour_ms), amount: int(row.amount) }))
  }

  async sessions (keys: string[]): Promise<Array<SessionState | undefined>> {
    const rows = await this.rows('sessions', `SELECT key, state FROM ${S}.receipt_sessions WHERE key = ANY($1)`, [keys])
    return inOrder(keys, rows, row => row.key, row => row.state)
  }

  async providerSessions (provider: string, after: string, limit: number): Promise<SessionState[]> {
    const rows = await this.rows('provider-sessions', `SELECT state FROM ${S}.receipt_sessions WHERE provider = $1 AND session > $2 ORDER BY session LIMIT $3`, [provider, after, limit])
    return rows.map(row => row.state)
  }

  async allSessions (): Promise<SessionState[]> {
    return (await this.rows('all-sessions', `SELECT state FROM ${S}.receipt_sessions ORDER BY key COLLATE "C"`)).map(row => row.state)
  }

  async payouts (ids: string[]): Promise<Array<Payout | undefined>> {
    const rows = await this.rows('payouts', `SELECT id, body FROM ${S}.payouts WHERE id = ANY($1)`, [ids])
    return inOrder(ids, rows, row => row.id, row => row.body)
  }

  async payoutRun (id: string): Promise<PayoutRun | undefined> {
    const [row] = await this.rows('payout-run', `SELECT body FROM ${S}.payout_runs WHERE id = $1`, [id])
    return row?.body
  }

  async payoutRuns (before: string | undefined, limit: number): Promise<PayoutRun[]> {
    const rows = before == null
      ? await this.rows('payout-runs', `SELECT body FROM ${S}.payout_runs ORDER BY id DESC LIMIT $1`, [limit])
      : await this.rows('payout-runs-before', `SELECT body FROM ${S}.payout_runs WHERE id < $1 ORDER BY id DESC LIMIT $2`, [before, limit])
    return rows.map(row => row.body)
  }

  async runsInTransit (): Promise<string[]> {
    return (await this.rows('runs-in-transit', `SELECT DISTINCT run FROM ${S}.payouts WHERE state = 'in-transit' ORDER BY run`)).map(row => row.run)
  }

  async state<V>(key: StateKey): Promise<V | undefined> {
    const [row] = await this.rows('state', `SELECT value FROM ${S}.state WHERE key = $1`, [key])
    return row?.value
  }

  /** Runs a named statement (prepared once per connection). */
  protected async rows (name: string, text: string, values: unknown[] = []): Promise<any[]> {
    return (await this.db.query({ name: `peergrid-${name}`, text, values })).rows
  }
}
