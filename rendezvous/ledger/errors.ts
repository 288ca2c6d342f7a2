/** A transaction that breaks the ledger's rules: no entries, entries that do not sum to zero, amounts that are not micro-units. */
export class InvalidTransactionError extends Error {
  static override name = 'InvalidTransactionError'
  override name = 'InvalidTransactionError'
  code = 'ERR_INVALID_TRANSACTION'
}

/** A transaction id already booked with other entries: an idempotency key reused for a different movement. */
export class LedgerConflictError extends Error {
  static override name = 'LedgerConflictError'
  override name = 'LedgerConflictError'
  code = 'ERR_LEDGER_CONFLICT'
}
