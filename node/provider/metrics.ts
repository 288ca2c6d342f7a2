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
  /** bytes relayed on metered sessions, by direction (up: to the destination) */
  meteredBytes: Counter<'direction'>
  /** customers' receipts, by result (countersigned, refused, unknown-session) */
  receipts: Counter<'result'>
  /** metered connections cut because the customer's traffic outran its receipts */
  unpaidCutoffs: Counter
  /** times a customer's relays held for its receipts */
  receiptHolds: Counter
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
    }),
    meteredBytes: new Counter({
      name: 'peergrid_provider_metered_bytes_total',
      help: 'Bytes relayed on metered sessions, by direction (up: customer to destination)',
      labelNames: ['direction'],
      registers: [registry]
    }),
    receipts: new Counter({
      name: 'peergrid_provider_receipts_total',
      help: 'Customers\' receipts at the exit, by result (countersigned, refused, unknown-session)',
      labelNames: ['result'],
      registers: [registry]
    }),
    unpaidCutoffs: new Counter({
      name: 'peergrid_provider_unpaid_cutoffs_total',
      help: 'Metered connections cut because the customer\'s traffic outran its receipts',
      registers: [registry]
    }),
    receiptHolds: new Counter({
      name: 'peergrid_provider_receipt_holds_total',
      help: 'Times a customer\'s relays held (read nothing) until its receipts caught up',
      registers: [registry]
    })
  }
}
