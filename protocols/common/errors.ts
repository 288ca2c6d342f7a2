/** A remote sent a message this version does not understand: it does not decode, has an unknown status or lacks a field. */
export class InvalidMessageError extends Error {
  static override name = 'InvalidMessageError'
  override name = 'InvalidMessageError'
  code = 'ERR_INVALID_MESSAGE'

  constructor (message = 'Invalid message') {
    super(message)
  }
}

/** A remote did not answer within the exchange's timeout. */
export class TimeoutError extends Error {
  static override name = 'TimeoutError'
  override name = 'TimeoutError'
  code = 'ERR_TIMEOUT'

  constructor (message = 'The remote did not answer in time') {
    super(message)
  }
}

/** No rendezvous peer is connected to ask. */
export class NoRendezvousError extends Error {
  static override name = 'NoRendezvousError'
  override name = 'NoRendezvousError'
  code = 'ERR_NO_RENDEZVOUS'

  constructor (message = 'No rendezvous is connected') {
    super(message)
  }
}
