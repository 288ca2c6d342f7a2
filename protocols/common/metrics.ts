import { Counter, Histogram } from 'prom-client'
import type { Registry } from 'prom-client'

/**
 * Memoises a metrics declaration per registry: several services of one node
 * (two document watchers, every request/response protocol) share the same
 * metrics, and prom-client refuses a name declared twice in one registry.
 */
export function declaredOnce<M> (declare: (registry: Registry) => M): (registry: Registry) => M {
  const byRegistry = new WeakMap<Registry, M>()
  return (registry) => {
    let metrics = byRegistry.get(registry)
    if (metrics == null) {
      metrics = declare(registry)
      byRegistry.set(registry, metrics)
    }
    return metrics
  }
}

/** Which end of an exchange a figure is about. */
export type ExchangeSide = 'client' | 'server'

/**
 * The metrics every request/response exchange reports, by protocol name
 * ('capability', 'register', ...), side and result (the answer's status in
 * lower case, or the name of the error that ended the exchange).
 */
export interface RequestMetrics {
  /** exchanges finished, by protocol, side and result */
  requests: Counter<'protocol' | 'side' | 'result'>
  /** how long an exchange took, by protocol and side */
  seconds: Histogram<'protocol' | 'side'>
}

/** The request/response metrics of a registry. */
export const requestMetrics = declaredOnce((registry): RequestMetrics => ({
  requests: new Counter({
    name: 'peergrid_protocol_requests_total',
    help: 'Request/response exchanges finished, by protocol, side (client, server) and result (the status, or the error that ended it)',
    labelNames: ['protocol', 'side', 'result'],
    registers: [registry]
  }),
  seconds: new Histogram({
    name: 'peergrid_protocol_request_seconds',
    help: 'Duration of request/response exchanges, by protocol and side',
    labelNames: ['protocol', 'side'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10],
    registers: [registry]
  })
}))
