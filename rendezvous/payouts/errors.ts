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
