/** A rule set that is not valid JSON or breaks the schema; the message lists every problem. */
export class InvalidRuleSetError extends Error {
  static override name = 'InvalidRuleSetError'
  override name = 'InvalidRuleSetError'
  code = 'ERR_INVALID_RULE_SET'
}

/** A signed rule set that does not decode, is over its size limit, or is not signed by a trusted key. */
export class UntrustedRuleSetError extends Error {
  static override name = 'UntrustedRuleSetError'
  override name = 'UntrustedRuleSetError'
  code = 'ERR_UNTRUSTED_RULE_SET'
}
