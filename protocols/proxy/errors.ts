/** A peer broke the proxy protocol: bad frame, unknown status, message over its limit. */
export class ProxyProtocolError extends Error {
  static override name = 'ProxyProtocolError'
  override name = 'ProxyProtocolError'
  code = 'ERR_PROXY_PROTOCOL'
}
