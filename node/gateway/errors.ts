/** An --allow-clients value is not a CIDR range. */
export class InvalidClientRangeError extends Error {
  static override name = 'InvalidClientRangeError'
  override name = 'InvalidClientRangeError'
  code = 'ERR_INVALID_CLIENT_RANGE'
}
