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
  /** proxy streams open now */
  proxyStreams: Gauge
  /** proxy open requests, by result (ok or the refusal reason) */
  proxyOpens: Counter<'result'>
  /** bytes relayed, by direction (sent: to destinations, received: from them) */
  proxyBytes: Counter<'direction'>
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
    capabilityRequests: new Counter({
      name: 'peergrid_provider_capability_requests_total',
      help: 'Requests for our capability record, by result',
      labelNames: ['result'],
      registers: [registry]
    }),
    proxyStreams: new Gauge({
      name: 'peergrid_provider_proxy_streams',
      help: 'Proxy streams open now',
      registers: [registry]
    }),
    proxyOpens: new Counter({
      name: 'peergrid_provider_proxy_opens_total',
      help: 'Proxy open requests, by result (ok or the refusal reason)',
      labelNames: ['result'],
      registers: [registry]
    }),
    proxyBytes: new Counter({
      name: 'peergrid_provider_proxy_bytes_total',
      help: 'Bytes relayed by the exit, by direction (sent to destinations, received from them)',
      labelNames: ['direction'],
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
