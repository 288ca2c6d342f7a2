/** The credential's account or peer is on the rendezvous's revocation list. */
export class RevokedCredentialError extends Error {
  static override name = 'RevokedCredentialError'
  override name = 'RevokedCredentialError'
  code = 'ERR_REVOKED_CREDENTIAL'
}

/** A revocation list that does not decode, is over its limits, or is not signed by a trusted key. */
export class InvalidRevocationListError extends Error {
  static override name = 'InvalidRevocationListError'
  override name = 'InvalidRevocationListError'
  code = 'ERR_INVALID_REVOCATION_LIST'
}

/** The credential's account is out of prepaid credit (on the revocation list's unfunded accounts). */
export class UnfundedAccountError extends Error {
  static override name = 'UnfundedAccountError'
  override name = 'UnfundedAccountError'
  code = 'ERR_UNFUNDED_ACCOUNT'
  /** the account out of credit */
  readonly account?: string

  constructor (message: string, account?: string) {
    super(message)
    this.account = account
  }
}
