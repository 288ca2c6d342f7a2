import type { Level } from 'level'

/**
 * The rendezvous's key prefixes (level sublevels) in its database. The
 * rendezvous role keeps nothing under node/db/buckets.ts's names, and these
 * names start with "rv-" so the two can never collide. A name is never
 * reused for another type; retire a bucket by leaving its line here.
 */
export const RENDEZVOUS_BUCKETS = {
  /** accounts by id: Account */
  accounts: 'rv-account',
  /** account id by sha-256 (hex) of its enrollment key: string */
  enrollmentKeys: 'rv-enroll',
  /** the current revocation list under the key "current": StoredDocument */
  revocations: 'rv-revoked',
  /** the current rule set under the key "current": StoredDocument */
  rules: 'rv-rules',
  /** hosted customers' API keys by sha-256 (hex): { account, createdAtMs } */
  apiKeys: 'rv-apikey',
  /** ledger transactions by id (their idempotency key): BookedTransaction */
  ledgerTransactions: 'rv-ledger-tx',
  /** the ledger journal: transaction id by position (16 zero-padded digits) */
  ledgerJournal: 'rv-ledger-journal',
  /** ledger balances by account: number (micro-units) */
  ledgerBalances: 'rv-ledger-balance',
  /** metered sessions by "<provider peer id>/<session id>": SessionState */
  receiptSessions: 'rv-receipt-session',
  /** usage earned by a provider account per hour it was booked in, by "<account>/<hour start ms, 16 digits>": number (micro-units) */
  ledgerEarnedByHour: 'rv-ledger-earned-hour',
  /** payouts by id: Payout */
  payouts: 'rv-payout',
  /** payout runs by id: PayoutRun */
  payoutRuns: 'rv-payout-run',
  /** ids of payouts handed to an adapter and not yet settled or returned: the run id */
  payoutsInTransit: 'rv-payout-in-transit',
  /** the payout schedule under the key "last": { atMs } of the last run */
  payoutSchedule: 'rv-payout-schedule'
} as const

/** A bucket name from the registry. */
export type RendezvousBucket = (typeof RENDEZVOUS_BUCKETS)[keyof typeof RENDEZVOUS_BUCKETS]

/** The coordinator's LevelDB: the rendezvous node's database. */
export type CoordinatorDatabase = Level<string, unknown>

/** The sublevel of one registered bucket. */
export function rendezvousBucket<V> (db: CoordinatorDatabase, name: RendezvousBucket) {
  return db.sublevel<string, V>(name, { valueEncoding: 'json' })
}
