import { Counter, Gauge } from 'prom-client'
import { declaredOnce } from '../common/metrics.js'

/** Metrics of the exit side of the proxy protocol. */
export interface ProxyServerMetrics {
  /** proxy streams open now */
  streams: Gauge
  /** proxy open requests, by result (ok, bad-open, unused: a gateway's ready stream closed before any open, or the refusal reason) */
  opens: Counter<'result'>
  /** bytes relayed, by direction (sent: to destinations, received: from them) */
  bytes: Counter<'direction'>
}

/** The exit's proxy metrics of a registry. */
export const proxyServerMetrics = declaredOnce((registry): ProxyServerMetrics => ({
  streams: new Gauge({
    name: 'peergrid_provider_proxy_streams',
    help: 'Proxy streams open now',
    registers: [registry]
  }),
  opens: new Counter({
    name: 'peergrid_provider_proxy_opens_total',
    help: 'Proxy open requests, by result (ok or the refusal reason)',
    labelNames: ['result'],
    registers: [registry]
  }),
  bytes: new Counter({
    name: 'peergrid_provider_proxy_bytes_total',
    help: 'Bytes relayed by the exit, by direction (sent to destinations, received from them)',
    labelNames: ['direction'],
    registers: [registry]
  })
}))
