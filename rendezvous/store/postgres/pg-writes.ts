import { SCHEMA } from './migrations.js'
import type { Queryable } from './pg-reader.js'
import type { BookWrite } from '../store.js'

const S = SCHEMA

type WriteOf<T extends BookWrite['type']> = Extract<BookWrite, { type: T }>

/**
 * One multi-row statement per kind of write: rows arrive as one jsonb array
 * (`jsonb_to_recordset`), so a unit costs a handful of round trips however
 * many sessions a receipt batch settled. Plain INSERTs where a second write
 * of a key is a bug (a journal position, a document version, a transaction
 * id): the database refuses it and the whole unit with it.
 */
const STATEMENTS: { [T in BookWrite['type']]: { key: (w: WriteOf<T>) => string, row: (w: WriteOf<T>) => object, sql: string } } = {
  account: {
    key: w => w.account.id,
    row: ({ account: a }) => ({ id: a.id, role: a.role, created_at_ms: a.createdAtMs, disabled: a.disabled, disabled_at_ms: a.disabledAtMs ?? null, enrollment_key_hash: a.enrollmentKeyHash, hosted: a.hosted === true }),
    sql: `INSERT INTO ${S}.accounts SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id text, role text, created_at_ms bigint, disabled boolean, disabled_at_ms bigint, enrollment_key_hash text, hosted boolean)
          ON CONFLICT (id) DO UPDATE SET disabled = excluded.disabled, disabled_at_ms = excluded.disabled_at_ms, hosted = excluded.hosted`
  },
  'api-key': {
    key: w => w.hash,
    row: w => ({ hash: w.hash, account: w.entry.account, created_at_ms: w.entry.createdAtMs }),
    sql: `INSERT INTO ${S}.api_keys SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(hash text, account text, created_at_ms bigint)`
  },
  document: {
    key: w => `${w.kind}/${w.document.version}`,
    row: w => ({ kind: w.kind, version: w.document.version, signed: w.document.signed, meta: w.document.meta }),
    sql: `INSERT INTO ${S}.documents (kind, version, signed, meta) SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(kind text, version integer, signed text, meta jsonb)`
  },
  transaction: {
    key: w => w.transaction.id,
    row: ({ transaction: t }) => ({ seq: t.seq, id: t.id, kind: t.kind, at_ms: t.atMs, entries: t.entries, memo: t.memo ?? null }),
    sql: `INSERT INTO ${S}.ledger_transactions SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(seq bigint, id text, kind text, at_ms bigint, entries jsonb, memo text)`
  },
  balance: {
    key: w => w.account,
    row: w => ({ account: w.account, balance: w.balance }),
    sql: `INSERT INTO ${S}.ledger_balances SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(account text, balance bigint)
          ON CONFLICT (account) DO UPDATE SET balance = excluded.balance`
  },
  earned: {
    key: w => `${w.account}/${w.hourMs}`,
    row: w => ({ account: w.account, hour_ms: w.hourMs, amount: w.amount }),
    sql: `INSERT INTO ${S}.ledger_earned SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(account text, hour_ms bigint, amount bigint)
          ON CONFLICT (account, hour_ms) DO UPDATE SET amount = excluded.amount`
  },
  session: {
    key: w => w.key,
    row: w => ({ key: w.key, provider: w.state.provider, session: w.state.session, state: w.state }),
    sql: `INSERT INTO ${S}.receipt_sessions SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(key text, provider text, session text, state jsonb)
          ON CONFLICT (key) DO UPDATE SET state = excluded.state`
  },
  'payout-run': {
    key: w => w.run.id,
    row: w => ({ id: w.run.id, body: w.run }),
    sql: `INSERT INTO ${S}.payout_runs SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id text, body jsonb)
          ON CONFLICT (id) DO UPDATE SET body = excluded.body`
  },
  payout: {
    key: w => w.payout.id,
    row: ({ payout: p }) => ({ id: p.id, run: p.run, account: p.account, state: p.state, body: p }),
    sql: `INSERT INTO ${S}.payouts SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id text, run text, account text, state text, body jsonb)
          ON CONFLICT (id) DO UPDATE SET state = excluded.state, body = excluded.body`
  },
  state: {
    key: w => w.key,
    row: w => ({ key: w.key, value: w.value ?? null }),
    sql: `WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(key text, value jsonb)),
          gone AS (DELETE FROM ${S}.state s USING r WHERE s.key = r.key AND r.value IS NULL)
          INSERT INTO ${S}.state SELECT key, value FROM r WHERE value IS NOT NULL
          ON CONFLICT (key) DO UPDATE SET value = excluded.value`
  }
}

/** The order kinds of writes are applied in: what a row refers to first (an account before its API keys, a run before its payouts). */
const ORDER: Array<BookWrite['type']> = ['account', 'api-key', 'document', 'transaction', 'balance', 'earned', 'session', 'payout-run', 'payout', 'state']

/** Applies a unit's writes on its client, inside its transaction; a later write of a key replaces an earlier one. */
export async function applyWrites (db: Queryable, writes: BookWrite[]): Promise<void> {
  for (const type of ORDER) {
    const statement = STATEMENTS[type] as { key: (w: BookWrite) => string, row: (w: BookWrite) => object, sql: string }
    const rows = new Map<string, object>()
    for (const w of writes) if (w.type === type) rows.set(statement.key(w), statement.row(w))
    if (rows.size > 0) await db.query({ name: `peergrid-write-${type}`, text: statement.sql, values: [JSON.stringify([...rows.values()])] })
  }
}

/** The document kinds among `writes`: other rendezvous on the database are told to read them again. */
export function documentsWritten (writes: BookWrite[]): string[] {
  return [...new Set(writes.flatMap(w => w.type === 'document' ? [w.kind] : []))]
}
