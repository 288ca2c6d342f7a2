import type { ProxyOpenResult } from './pb/proxy.js'

/** A peer broke the proxy protocol: bad frame, unknown status, message over its limit. */
export class ProxyProtocolError extends Error {
  static override name = 'ProxyProtocolError'
  override name = 'ProxyProtocolError'
  code = 'ERR_PROXY_PROTOCOL'
}

/** The provider answered the open with a refusal: `status` says why, `rule` which rule (RULES, POLICY). */
export class ProxyOpenRefusedError extends Error {
  static override name = 'ProxyOpenRefusedError'
  override name = 'ProxyOpenRefusedError'
  code = 'ERR_PROXY_OPEN_REFUSED'
  readonly status: ProxyOpenResult.Status
  readonly rule?: string

  constructor (status: ProxyOpenResult.Status, rule?: string) {
    super(rule != null ? `The provider refused the open (${status}): rule ${rule}` : `The provider refused the open (${status})`)
    this.status = status
    this.rule = rule
  }
}

/** The provider could not be reached, gave no answer in time, or broke the protocol: another provider may do better. */
export class ProviderUnavailableError extends Error {
  static override name = 'ProviderUnavailableError'
  override name = 'ProviderUnavailableError'
  code = 'ERR_PROVIDER_UNAVAILABLE'
}
