/** The destination is refused by the network's rules (non-public address, blocked port). */
export class DestinationRefusedError extends Error {
  static override name = 'DestinationRefusedError'
  override name = 'DestinationRefusedError'
  code = 'ERR_DESTINATION_REFUSED'
  /** the rule that refused it, e.g. "127.0.0.0/8" or "port 25" */
  readonly rule: string
  /** the address that matched the rule, when an address did */
  readonly address?: string

  constructor (rule: string, message: string, address?: string) {
    super(message)
    this.rule = rule
    this.address = address
  }
}

/** The host name did not resolve (no such name, no answer in time, no address). */
export class DnsFailureError extends Error {
  static override name = 'DnsFailureError'
  override name = 'DnsFailureError'
  code = 'ERR_DNS_FAILURE'
}

/** The destination is malformed: bad host name, port out of range. */
export class InvalidDestinationError extends Error {
  static override name = 'InvalidDestinationError'
  override name = 'InvalidDestinationError'
  code = 'ERR_INVALID_DESTINATION'
}

/** An --exit-allow value is not a CIDR. */
export class InvalidCidrError extends Error {
  static override name = 'InvalidCidrError'
  override name = 'InvalidCidrError'
  code = 'ERR_INVALID_CIDR'
}

/** A proxy open came without a credential, or the exit has no trusted key to check one with. */
export class MissingCredentialError extends Error {
  static override name = 'MissingCredentialError'
  override name = 'MissingCredentialError'
  code = 'ERR_MISSING_CREDENTIAL'
}

/** An open names a paying account its credential may not pay for (only a hosted gateway's may name its customers). */
export class PayingAccountError extends Error {
  static override name = 'PayingAccountError'
  override name = 'PayingAccountError'
  code = 'ERR_PAYING_ACCOUNT'
}
