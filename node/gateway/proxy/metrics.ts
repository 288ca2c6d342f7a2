import { Counter, Gauge, Histogram } from 'prom-client'
import type { Registry } from 'prom-client'

/** The gateway's proxy metrics. */
export interface ProxyMetrics {
  /** tunnels open now */
  tunnels: Gauge
  /** customer connections, by result (ok or the reason the customer was told) */
  opens: Counter<'result'>
  /** opens tried again on another provider */
  retries: Counter
  /** time from choosing a provider to its open result, seconds */
  openSeconds: Histogram
}

/** Declares the gateway's proxy metrics in `registry`. */
export function createProxyMetrics (registry: Registry): ProxyMetrics {
  return {
    tunnels: new Gauge({
      name: 'peergrid_gateway_tunnels',
      help: 'Proxy tunnels open now',
      registers: [registry]
    }),
    opens: new Counter({
      name: 'peergrid_gateway_proxy_opens_total',
      help: 'Customer proxy connections, by result (ok or the failure reason)',
      labelNames: ['result'],
      registers: [registry]
    }),
    retries: new Counter({
      name: 'peergrid_gateway_proxy_retries_total',
      help: 'Proxy opens tried again on another provider',
      registers: [registry]
    }),
    openSeconds: new Histogram({
      name: 'peergrid_gateway_proxy_open_seconds',
      help: 'Time from choosing a provider to its open result',
      buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry]
    })
  }
}
