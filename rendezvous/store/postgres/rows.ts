import type { Account } from '../../identity/accounts.js'
import type { BookedTransaction } from '../../ledger/transactions.js'

/** pg answers bigint and numeric columns as strings: every amount here is a safe integer. */
export function int (value: unknown): number {
  return value == null ? 0 : Number(value)
}

/** An account from its row. */
export function accountOf (row: any): Account {
  return {
    id: row.id,
    role: row.role,
    createdAtMs: int(row.created_at_ms),
    disabled: row.disabled,
    ...(row.disabled_at_ms != null ? { disabledAtMs: int(row.disabled_at_ms) } : {}),
    enrollmentKeyHash: row.enrollment_key_hash,
    ...(row.hosted === true ? { hosted: true } : {})
  }
}

/** A booked transaction from its journal row. */
export function transactionOf (row: any): BookedTransaction {
  return { id: row.id, kind: row.kind, atMs: int(row.at_ms), entries: row.entries, ...(row.memo != null ? { memo: row.memo } : {}), seq: int(row.seq) }
}

/** Values in the order of `keys`, from rows keyed by `keyOf` (undefined where there is no row). */
export function inOrder<R, V> (keys: string[], rows: R[], keyOf: (row: R) => string, valueOf: (row: R) => V): Array<V | undefined> {
  const found = new Map(rows.map(row => [keyOf(row), valueOf(row)]))
  return keys.map(key => found.get(key))
}
