import { Counter, Gauge } from 'prom-client'
import type { Registry } from 'prom-client'

/** The gateway's discovery metrics. */
export interface GatewayMetrics {
  /** capability records received, by source (gossip, dht) and result (accepted, duplicate, superseded, expired, invalid_signature, ...) */
  records: Counter<'source' | 'result'>
  /** live providers in the table */
  providers: Gauge
  /** DHT lookups, by result (ok, empty, failed) */
  lookups: Counter<'result'>
  /** receipts of metered sessions, by result (countersigned, failed) */
  receipts: Counter<'result'>
}

/** Declares the gateway's metrics in `registry`. */
export function createGatewayMetrics (registry: Registry): GatewayMetrics {
  return {
    records: new Counter({
      name: 'peergrid_gateway_capability_records_total',
      help: 'Capability records received, by source and result (accepted or the reason they were dropped)',
      labelNames: ['source', 'result'],
      registers: [registry]
    }),
    providers: new Gauge({
      name: 'peergrid_gateway_providers',
      help: 'Live providers in the gateway table',
      registers: [registry]
    }),
    receipts: new Counter({
      name: 'peergrid_gateway_receipts_total',
      help: 'Receipts of metered sessions sent to exits, by result (countersigned, failed)',
      labelNames: ['result'],
      registers: [registry]
    }),
    lookups: new Counter({
      name: 'peergrid_gateway_dht_lookups_total',
      help: 'DHT lookups for providers, by result',
      labelNames: ['result'],
      registers: [registry]
    })
  }
}
