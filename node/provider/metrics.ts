import { Counter, Gauge } from 'prom-client'
import type { Registry } from 'prom-client'

/** The provider's own metrics. */
export interface ProviderMetrics {
  /** records announced, by channel (gossip, dht) and result (ok, failed) */
  announcements: Counter<'channel' | 'result'>
  /** the seq of the record currently served */
  recordSeq: Gauge
  /** customer credentials refused on proxy opens, by error name */
  credentialRejections: Counter<'reason'>
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
    credentialRejections: new Counter({
      name: 'peergrid_provider_credential_rejections_total',
      help: 'Customer credentials refused on proxy opens, by error name',
      labelNames: ['reason'],
      registers: [registry]
    })
  }
}
