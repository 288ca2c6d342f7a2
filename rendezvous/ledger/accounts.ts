/**
 * Ledger accounts. Every balance is in micro-units and the balances of all
 * accounts sum to zero. A positive balance is value held by the account's
 * owner: a customer's prepaid credit, a provider's earnings not yet paid,
 * the operator's fees. Money that enters or leaves the books goes through
 * `operator:funding` (a customer's payment to the operator makes it
 * negative; a payout that reached a provider's bank brings it back).
 */
export type LedgerAccount =
  | `customer:${string}`
  | `provider:${string}`
  | typeof OPERATOR_FEES
  | typeof OPERATOR_FUNDING
  | typeof OPERATOR_LOSSES
  | typeof PAYOUTS_IN_TRANSIT

/** The operator's share of what customers pay. */
export const OPERATOR_FEES = 'operator:fees'
/** The outside world: payments in, settled payouts out. */
export const OPERATOR_FUNDING = 'operator:funding'
/** Usage a customer could not pay for (credit ran out before the stop reached every exit). */
export const OPERATOR_LOSSES = 'operator:losses'
/** Payouts handed to an adapter and not yet confirmed. */
export const PAYOUTS_IN_TRANSIT = 'payouts:in-transit'

/** Longest ledger account name. */
export const MAX_LEDGER_ACCOUNT_LENGTH = 80

const ACCOUNT_PATTERN = /^(customer|provider):[A-Za-z0-9_.-]{1,64}$/

/** A customer's credit account. */
export function customerAccount (id: string): LedgerAccount {
  return `customer:${id}`
}

/** A provider's earnings account. */
export function providerAccount (id: string): LedgerAccount {
  return `provider:${id}`
}

/** True for a name this ledger books to. */
export function isLedgerAccount (name: string): name is LedgerAccount {
  return name === OPERATOR_FEES || name === OPERATOR_FUNDING || name === OPERATOR_LOSSES || name === PAYOUTS_IN_TRANSIT || ACCOUNT_PATTERN.test(name)
}
