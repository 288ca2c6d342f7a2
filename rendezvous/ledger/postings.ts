import { customerAccount, OPERATOR_FEES, OPERATOR_FUNDING, OPERATOR_LOSSES, PAYOUTS_IN_TRANSIT, providerAccount } from './accounts.js'
import { InvalidTransactionError } from './errors.js'
import { isMicroUnits } from './money.js'
import type { LedgerAccount } from './accounts.js'
import type { Transaction } from './transactions.js'

/** The operator's fee is a share in parts per million of what the customer pays. */
export const PPM = 1_000_000

/** Longest operator reference on a credit. */
export const MAX_REFERENCE_LENGTH = 100

const REFERENCE_PATTERN = /^[\x21-\x7e]{1,100}$/

/** An operator's credit to a customer: `amount` micro-units paid in, recorded under the operator's reference. */
export interface Credit {
  customer: string
  amount: number
  /** the operator's reference (invoice, payment id): crediting the same reference twice books it once */
  reference: string
  atMs: number
}

/** The customer's credit goes up; the money came from outside the books. */
export function creditTransaction (credit: Credit): Transaction {
  if (!isMicroUnits(credit.amount) || credit.amount <= 0) throw new InvalidTransactionError('a credit must be a positive whole number of micro-units')
  if (!REFERENCE_PATTERN.test(credit.reference)) throw new InvalidTransactionError(`a credit reference is 1-${MAX_REFERENCE_LENGTH} printable characters without spaces`)
  return {
    id: `credit:${credit.customer}:${credit.reference}`,
    kind: 'credit',
    atMs: credit.atMs,
    memo: credit.reference,
    entries: [
      { account: customerAccount(credit.customer), amount: credit.amount },
      { account: OPERATOR_FUNDING, amount: -credit.amount }
    ]
  }
}

/** Usage to book: the increase of one session's cumulative amount, up to one receipt. */
export interface Usage {
  session: string
  /** the receipt whose cumulative amount this increase reaches */
  seq: number
  customer: string
  provider: string
  /** micro-units the customer owes beyond what was already booked for the session */
  increase: number
  /** micro-units booked for the session before this increase (default 0) */
  bookedBefore?: number
  /** the operator's share, parts per million */
  feePpm: number
  atMs: number
}

/** The operator's fee on an amount: rounded down, so a provider is never paid less than its share. */
export function operatorFee (amount: number, feePpm: number): number {
  return Math.floor(amount * feePpm / PPM)
}

/**
 * The customer pays the increase; the provider earns it less the operator's
 * fee. The fee is taken on the session's cumulative amount (the fee up to
 * the new total less the fee up to the old), so a session's fees add up to
 * exactly operatorFee(total) however its receipts were batched.
 */
export function usageTransaction (usage: Usage): Transaction {
  if (!isMicroUnits(usage.increase) || usage.increase <= 0) throw new InvalidTransactionError('usage must be a positive whole number of micro-units')
  if (!Number.isSafeInteger(usage.feePpm) || usage.feePpm < 0 || usage.feePpm > PPM) throw new InvalidTransactionError(`the fee must be 0-${PPM} parts per million`)
  const before = usage.bookedBefore ?? 0
  if (!isMicroUnits(before) || before < 0) throw new InvalidTransactionError('the amount booked before must be a whole number of micro-units')
  const fee = operatorFee(before + usage.increase, usage.feePpm) - operatorFee(before, usage.feePpm)
  const entries: Transaction['entries'] = [
    { account: customerAccount(usage.customer), amount: -usage.increase },
    { account: providerAccount(usage.provider), amount: usage.increase - fee }
  ]
  if (fee > 0) entries.push({ account: OPERATOR_FEES, amount: fee })
  // a fee of 100% leaves the provider nothing: drop the zero line
  return {
    id: `usage:${usage.session}:${usage.seq}`,
    kind: 'usage',
    atMs: usage.atMs,
    memo: usage.session,
    entries: entries.filter(e => e.amount !== 0)
  }
}

/**
 * Writes off a customer's negative balance (usage booked after its credit ran
 * out, before the stop reached every exit) to the operator's losses:
 * undefined when there is nothing to write off.
 */
export function lossTransaction (customer: string, balance: number, id: string, atMs: number): Transaction | undefined {
  if (balance >= 0) return undefined
  return {
    id: `loss:${customer}:${id}`,
    kind: 'loss',
    atMs,
    memo: 'usage beyond the credit, written off',
    entries: [
      { account: customerAccount(customer), amount: -balance },
      { account: OPERATOR_LOSSES, amount: balance }
    ]
  }
}

/** A payout of a provider's earnings, as the ledger needs it. */
export interface PayoutPosting {
  /** the payout id: its idempotency key here and at the payment adapter */
  id: string
  /** the provider's account id */
  account: string
  amount: number
}

/** A payout's amount moved from one account to another, booked under `<kind>:<payout id>`. */
function payoutMove (kind: 'payout' | 'payout-settled' | 'payout-returned', payout: PayoutPosting, from: LedgerAccount, to: LedgerAccount, atMs: number): Transaction {
  if (!isMicroUnits(payout.amount) || payout.amount <= 0) throw new InvalidTransactionError('a payout must be a positive whole number of micro-units')
  return { id: `${kind}:${payout.id}`, kind, atMs, memo: payout.id, entries: [{ account: from, amount: -payout.amount }, { account: to, amount: payout.amount }] }
}

/** A payout leaves the provider's earnings and is in transit until the adapter confirms it or it comes back. */
export function payoutTransaction (payout: PayoutPosting, atMs: number): Transaction {
  return payoutMove('payout', payout, providerAccount(payout.account), PAYOUTS_IN_TRANSIT, atMs)
}

/** The adapter delivered the payout: the money left the books. */
export function payoutSettledTransaction (payout: PayoutPosting, atMs: number): Transaction {
  return payoutMove('payout-settled', payout, PAYOUTS_IN_TRANSIT, OPERATOR_FUNDING, atMs)
}

/** The payment was refused: the amount goes back to the provider's earnings, to be paid by a later run. */
export function payoutReturnedTransaction (payout: PayoutPosting, atMs: number): Transaction {
  return payoutMove('payout-returned', payout, PAYOUTS_IN_TRANSIT, providerAccount(payout.account), atMs)
}
