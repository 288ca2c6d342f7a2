import type { AbortOptions } from '@libp2p/interface'

/** in-transit: booked out of the provider's earnings and handed (or being handed) to the adapter; settled: the adapter took it; returned: refused, the amount is back in the provider's earnings. */
export type PayoutState = 'in-transit' | 'settled' | 'returned'

/** One payment to one provider account. Its id is the idempotency key at the adapter. */
export interface Payout {
  id: string
  run: string
  /** the provider's account id */
  account: string
  /** micro-units */
  amount: number
  state: PayoutState
  createdAtMs: number
  /** deliveries tried, over all runs */
  attempts: number
  lastAttemptAtMs?: number
  /** why the last delivery failed or was refused */
  lastError?: string
  /** the adapter that settled or refused it, and when */
  adapter?: string
  doneAtMs?: number
  /** where the adapter put it (a file name) */
  reference?: string
}

/** One payout run: the payouts it created, fixed when it is created, so a file adapter writes the same file on a retry. */
export interface PayoutRun {
  id: string
  startedAtMs: number
  /** payout ids in the order of their accounts */
  payouts: string[]
  total: number
  thresholdMicros: number
  holdMs: number
}

/** What an adapter did with one payout. */
export type DeliveryOutcome =
  | { outcome: 'delivered', reference?: string }
  /** a permanent no: the amount goes back to the provider's earnings */
  | { outcome: 'refused', reason: string }
  /** not delivered this time: it stays in transit and the next run tries again */
  | { outcome: 'failed', reason: string, attempts: number }

/**
 * Where payouts go. `deliver` gets a run and its payouts (every one of them:
 * a file holds the whole run) and answers an outcome for each payout that is
 * in transit. It must be idempotent by payout id: after a crash the same
 * payout is delivered again, and must not be paid twice.
 */
export interface PayoutAdapter {
  readonly name: string
  deliver(run: PayoutRun, payouts: Payout[], options?: AbortOptions): Promise<Map<string, DeliveryOutcome>>
}
