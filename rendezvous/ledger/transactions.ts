import { isLedgerAccount, MAX_LEDGER_ACCOUNT_LENGTH } from './accounts.js'
import { InvalidTransactionError } from './errors.js'
import { isMicroUnits } from './money.js'
import type { LedgerAccount } from './accounts.js'

/** Longest transaction id (its idempotency key). */
export const MAX_TRANSACTION_ID_LENGTH = 200

/** Longest memo on a transaction. */
export const MAX_MEMO_LENGTH = 200

/** Most entries in one transaction. */
export const MAX_ENTRIES = 16

/** What moved money: an operator's credit, metered usage, a payout and its settlement, a loss written off. */
export type TransactionKind = 'credit' | 'usage' | 'payout' | 'payout-settled' | 'payout-returned' | 'loss'

/** One line of a transaction: an amount (micro-units, either sign) on one account. */
export interface Entry {
  account: LedgerAccount
  amount: number
}

/**
 * One money movement. Its id is its idempotency key: booking the same id
 * again changes nothing, booking it with other entries is refused.
 */
export interface Transaction {
  id: string
  kind: TransactionKind
  atMs: number
  entries: Entry[]
  /** the operator's reference, the session, the payout id… */
  memo?: string
}

/** A transaction as the journal holds it: with its place in the journal. */
export interface BookedTransaction extends Transaction {
  seq: number
}

/** Throws InvalidTransactionError unless `tx` can be booked: named accounts, micro-unit amounts, entries summing to zero. */
export function checkTransaction (tx: Transaction): void {
  if (typeof tx.id !== 'string' || tx.id.length === 0 || tx.id.length > MAX_TRANSACTION_ID_LENGTH) {
    throw new InvalidTransactionError(`transaction id must be 1-${MAX_TRANSACTION_ID_LENGTH} characters`)
  }
  if (!Number.isSafeInteger(tx.atMs) || tx.atMs < 0) throw new InvalidTransactionError(`${tx.id}: atMs must be a time in ms`)
  if (tx.memo != null && (typeof tx.memo !== 'string' || tx.memo.length > MAX_MEMO_LENGTH)) {
    throw new InvalidTransactionError(`${tx.id}: memo must be at most ${MAX_MEMO_LENGTH} characters`)
  }
  if (!Array.isArray(tx.entries) || tx.entries.length < 2 || tx.entries.length > MAX_ENTRIES) {
    throw new InvalidTransactionError(`${tx.id}: a transaction has 2-${MAX_ENTRIES} entries`)
  }
  let sum = 0
  const seen = new Set<string>()
  for (const entry of tx.entries) {
    if (typeof entry.account !== 'string' || entry.account.length > MAX_LEDGER_ACCOUNT_LENGTH || !isLedgerAccount(entry.account)) {
      throw new InvalidTransactionError(`${tx.id}: unknown ledger account ${JSON.stringify(entry.account)}`)
    }
    if (seen.has(entry.account)) throw new InvalidTransactionError(`${tx.id}: ${entry.account} appears twice`)
    seen.add(entry.account)
    if (!isMicroUnits(entry.amount) || entry.amount === 0) {
      throw new InvalidTransactionError(`${tx.id}: ${entry.account}: amount must be a non-zero whole number of micro-units`)
    }
    sum += entry.amount
  }
  if (sum !== 0) throw new InvalidTransactionError(`${tx.id}: entries sum to ${sum}, not zero`)
}

/** True when two transactions move the same money the same way (what makes a repeated id a replay rather than a conflict). */
export function sameMovement (a: Transaction, b: Transaction): boolean {
  if (a.kind !== b.kind || a.entries.length !== b.entries.length) return false
  const amounts = new Map(a.entries.map(e => [e.account, e.amount]))
  return b.entries.every(e => amounts.get(e.account) === e.amount)
}
