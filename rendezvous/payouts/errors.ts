/** A payout setting that cannot work (no webhook secret, an unwritable directory). */
export class PayoutConfigError extends Error {
  static override name = 'PayoutConfigError'
  override name = 'PayoutConfigError'
  code = 'ERR_PAYOUT_CONFIG'
}

/** A payout file whose signature does not verify, or that is not a payout file. */
export class InvalidPayoutFileError extends Error {
  static override name = 'InvalidPayoutFileError'
  override name = 'InvalidPayoutFileError'
  code = 'ERR_INVALID_PAYOUT_FILE'
}

/** Another payout run holds the lease (on this rendezvous or another on the same database): one run at a time. */
export class PayoutRunInProgressError extends Error {
  static override name = 'PayoutRunInProgressError'
  override name = 'PayoutRunInProgressError'
  code = 'ERR_PAYOUT_RUN_IN_PROGRESS'
}
