/** The peer answered the capability exchange but offers nothing. */
export class NotAProviderError extends Error {
  static override name = 'NotAProviderError'
  override name = 'NotAProviderError'
  code = 'ERR_NOT_A_PROVIDER'

  constructor (message = 'The peer is not a provider') {
    super(message)
  }
}

/** A remote sent a message this version does not understand (unknown status, missing field). */
export class InvalidMessageError extends Error {
  static override name = 'InvalidMessageError'
  override name = 'InvalidMessageError'
  code = 'ERR_INVALID_MESSAGE'

  constructor (message = 'Invalid message') {
    super(message)
  }
}
