import { Counter } from 'prom-client'
import type { Registry } from 'prom-client'

/** The rendezvous server's own metrics (its protocols report peergrid_protocol_requests_total). */
export interface RendezvousMetrics {
  /** capability records seen on gossip, by result (relayed or the reason they were dropped) */
  records: Counter<'result'>
}

/** Declares the rendezvous metrics in `registry`. */
export function createRendezvousMetrics (registry: Registry): RendezvousMetrics {
  return {
    records: new Counter({
      name: 'peergrid_rendezvous_capability_records_total',
      help: 'Capability records seen on gossip, by result (relayed or the reason they were dropped)',
      labelNames: ['result'],
      registers: [registry]
    })
  }
}
