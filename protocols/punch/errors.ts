/** A hole punch did not give a direct connection; the message says at which step. */
export class PunchFailedError extends Error {
  static override name = 'PunchFailedError'
  override name = 'PunchFailedError'
  code = 'ERR_PUNCH_FAILED'
}

/** The other side refused to punch (it cannot: no public address, a NAT that changes ports); the message is its reason. */
export class PunchRefusedError extends Error {
  static override name = 'PunchRefusedError'
  override name = 'PunchRefusedError'
  code = 'ERR_PUNCH_REFUSED'
}
