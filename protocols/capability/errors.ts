/** The bytes are not a well-formed capability record (bad protobuf, bad field, missing field). */
export class InvalidCapabilityRecordError extends Error {
  static override name = 'InvalidCapabilityRecordError'
  override name = 'InvalidCapabilityRecordError'
  code = 'ERR_INVALID_CAPABILITY_RECORD'

  constructor (message = 'Malformed capability record') {
    super(message)
  }
}

/** The signed record is larger than MAX_SIGNED_RECORD_BYTES. */
export class CapabilityRecordTooLargeError extends Error {
  static override name = 'CapabilityRecordTooLargeError'
  override name = 'CapabilityRecordTooLargeError'
  code = 'ERR_CAPABILITY_RECORD_TOO_LARGE'

  constructor (message = 'Capability record is too large') {
    super(message)
  }
}

/** The signature does not verify against the key in the record's peer id. */
export class InvalidRecordSignatureError extends Error {
  static override name = 'InvalidRecordSignatureError'
  override name = 'InvalidRecordSignatureError'
  code = 'ERR_INVALID_RECORD_SIGNATURE'

  constructor (message = 'Capability record signature does not verify') {
    super(message)
  }
}

/** The record's expiry has passed. */
export class ExpiredRecordError extends Error {
  static override name = 'ExpiredRecordError'
  override name = 'ExpiredRecordError'
  code = 'ERR_EXPIRED_RECORD'

  constructor (message = 'Capability record has expired') {
    super(message)
  }
}

/** The record was issued in the future (beyond the clock-skew allowance) or claims a lifetime over MAX_RECORD_TTL_MS. */
export class RecordValidityError extends Error {
  static override name = 'RecordValidityError'
  override name = 'RecordValidityError'
  code = 'ERR_RECORD_VALIDITY'

  constructor (message = 'Capability record validity period is not acceptable') {
    super(message)
  }
}

/** A gossiped record was not published by the provider it describes. */
export class WrongRecordSenderError extends Error {
  static override name = 'WrongRecordSenderError'
  override name = 'WrongRecordSenderError'
  code = 'ERR_WRONG_RECORD_SENDER'

  constructor (message = 'Capability record was gossiped by a peer other than its provider') {
    super(message)
  }
}

/** The peer answered the capability exchange but offers nothing. */
export class NotAProviderError extends Error {
  static override name = 'NotAProviderError'
  override name = 'NotAProviderError'
  code = 'ERR_NOT_A_PROVIDER'

  constructor (message = 'The peer is not a provider') {
    super(message)
  }
}
