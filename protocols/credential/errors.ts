/** The bytes are not a well-formed credential (bad protobuf, bad field). */
export class InvalidCredentialError extends Error {
  static override name = 'InvalidCredentialError'
  override name = 'InvalidCredentialError'
  code = 'ERR_INVALID_CREDENTIAL'
}

/** The signed credential is larger than MAX_SIGNED_CREDENTIAL_BYTES. */
export class CredentialTooLargeError extends Error {
  static override name = 'CredentialTooLargeError'
  override name = 'CredentialTooLargeError'
  code = 'ERR_CREDENTIAL_TOO_LARGE'
}

/** The credential is signed by a key this node does not trust. */
export class UntrustedCredentialKeyError extends Error {
  static override name = 'UntrustedCredentialKeyError'
  override name = 'UntrustedCredentialKeyError'
  code = 'ERR_UNTRUSTED_CREDENTIAL_KEY'
}

/** The signature does not verify against the key the credential names. */
export class InvalidCredentialSignatureError extends Error {
  static override name = 'InvalidCredentialSignatureError'
  override name = 'InvalidCredentialSignatureError'
  code = 'ERR_INVALID_CREDENTIAL_SIGNATURE'
}

/** The credential has expired. */
export class ExpiredCredentialError extends Error {
  static override name = 'ExpiredCredentialError'
  override name = 'ExpiredCredentialError'
  code = 'ERR_EXPIRED_CREDENTIAL'
}

/** The credential is issued in the future (beyond the allowed clock skew) or claims too long a life. */
export class CredentialValidityError extends Error {
  static override name = 'CredentialValidityError'
  override name = 'CredentialValidityError'
  code = 'ERR_CREDENTIAL_VALIDITY'
}

/** The credential grants another role than the one needed. */
export class WrongCredentialRoleError extends Error {
  static override name = 'WrongCredentialRoleError'
  override name = 'WrongCredentialRoleError'
  code = 'ERR_WRONG_CREDENTIAL_ROLE'
}

/** The credential belongs to another peer than the one presenting it. */
export class WrongCredentialHolderError extends Error {
  static override name = 'WrongCredentialHolderError'
  override name = 'WrongCredentialHolderError'
  code = 'ERR_WRONG_CREDENTIAL_HOLDER'
}
