import { usageTransaction } from '../ledger/postings.js'
import type { Transaction } from '../ledger/transactions.js'
import type { VerifiedReceipt } from '../../protocols/receipts/index.js'

/**
 * A session's key in the books: the provider and the session id, since
 * session ids are only unique at one exit (and a customer must not be able
 * to touch another's session by picking its id).
 */
export function sessionKey (receipt: { provider: { toString(): string }, session: string }): string {
  return `${receipt.provider.toString()}/${receipt.session}`
}

/** What the rendezvous holds of one metered session (a proxy session or a job): the terms fixed by its first receipt and its highest booked receipt. */
export interface SessionState {
  session: string
  provider: string
  customer: string
  payingAccount: string
  providerAccount: string
  pricePerGiB: number
  seq: number
  bytesUp: number
  bytesDown: number
  /** a job's CPU-milliseconds and price per CPU-second (absent in sessions booked before jobs were metered: 0) */
  cpuMs?: number
  pricePerCpuSecond?: number
  /** cumulative micro-units booked for the session */
  amount: number
  firstAtMs: number
  lastAtMs: number
  /** the highest booked SignedReceipt, base64: the evidence behind the booked amount */
  receipt: string
}

/** Why a receipt adds nothing; `booked` when it did. */
export type ReceiptOutcome =
  | 'booked'
  | 'duplicate'
  | 'superseded'
  | 'invalid'
  | 'bad-signature'
  | 'bad-credential'
  | 'unknown-account'
  | 'inconsistent'

/** Every outcome, for metrics and answers. */
export const RECEIPT_OUTCOMES: readonly ReceiptOutcome[] = ['booked', 'duplicate', 'superseded', 'invalid', 'bad-signature', 'bad-credential', 'unknown-account', 'inconsistent']

/** What to do with one verified receipt. */
export type Settlement =
  | { outcome: 'booked', state: SessionState, transaction?: Transaction }
  | { outcome: 'duplicate' | 'inconsistent', reason: string }

/**
 * Settles a verified receipt against what is booked for its session (pure):
 * a seq at or below the booked one adds nothing; the terms (peers, paying
 * account, price) must be those of the session's first receipt and the
 * counts may only grow; the ledger gets the increase of the cumulative
 * amount, less the operator's fee for the provider.
 */
export function settleReceipt (state: SessionState | undefined, receipt: VerifiedReceipt, feePpm: number): Settlement {
  if (state != null) {
    if (receipt.seq <= state.seq) return { outcome: 'duplicate', reason: `seq ${receipt.seq} is at or below the booked ${state.seq}` }
    const changed = ([
      ['provider', receipt.provider.toString(), state.provider],
      ['customer', receipt.customer.toString(), state.customer],
      ['paying account', receipt.payingAccount, state.payingAccount],
      ['provider account', receipt.providerAccount, state.providerAccount],
      ['price', receipt.pricePerGiB, state.pricePerGiB],
      ['CPU price', receipt.pricePerCpuSecond, state.pricePerCpuSecond ?? 0]
    ] as const).find(([, now, before]) => now !== before)
    if (changed != null) return { outcome: 'inconsistent', reason: `the session's ${changed[0]} changed` }
    if (receipt.bytesUp < state.bytesUp || receipt.bytesDown < state.bytesDown || receipt.cpuMs < (state.cpuMs ?? 0) || receipt.amount < state.amount) {
      return { outcome: 'inconsistent', reason: 'a later receipt counts less than an earlier one' }
    }
  }
  const increase = receipt.amount - (state?.amount ?? 0)
  const next: SessionState = {
    session: receipt.session,
    provider: receipt.provider.toString(),
    customer: receipt.customer.toString(),
    payingAccount: receipt.payingAccount,
    providerAccount: receipt.providerAccount,
    pricePerGiB: receipt.pricePerGiB,
    seq: receipt.seq,
    bytesUp: receipt.bytesUp,
    bytesDown: receipt.bytesDown,
    ...(receipt.pricePerCpuSecond > 0 || receipt.cpuMs > 0 ? { cpuMs: receipt.cpuMs, pricePerCpuSecond: receipt.pricePerCpuSecond } : {}),
    amount: receipt.amount,
    firstAtMs: state?.firstAtMs ?? receipt.atMs,
    lastAtMs: receipt.atMs,
    receipt: Buffer.from(receipt.bytes).toString('base64')
  }
  const transaction = increase > 0
    ? usageTransaction({ session: sessionKey(receipt), seq: receipt.seq, customer: receipt.payingAccount, provider: receipt.providerAccount, increase, bookedBefore: state?.amount ?? 0, feePpm, atMs: receipt.atMs })
    : undefined
  return { outcome: 'booked', state: next, transaction }
}
