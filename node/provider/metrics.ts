import { Counter, Gauge } from 'prom-client'
import type { Registry } from 'prom-client'

/** The provider's own metrics. */
export interface ProviderMetrics {
  /** records announced, by channel (gossip, dht) and result (ok, failed) */
  announcements: Counter<'channel' | 'result'>
  /** the seq of the record currently served */
  recordSeq: Gauge
  /** capability requests answered, by result */
  capabilityRequests: Counter<'result'>
}

/** Declares the provider's metrics in `registry`. */
export function createProviderMetrics (registry: Registry): ProviderMetrics {
  return {
    announcements: new Counter({
      name: 'peergrid_provider_announcements_total',
      help: 'Capability record announcements, by channel and result',
      labelNames: ['channel', 'result'],
      registers: [registry]
    }),
    recordSeq: new Gauge({
      name: 'peergrid_provider_record_seq',
      help: 'Sequence number of the capability record currently served',
      registers: [registry]
    }),
    capabilityRequests: new Counter({
      name: 'peergrid_provider_capability_requests_total',
      help: 'Requests for our capability record, by result',
      labelNames: ['result'],
      registers: [registry]
    })
  }
}
