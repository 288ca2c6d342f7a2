import { Counter } from 'prom-client'
import type { Registry } from 'prom-client'

/** The rendezvous server's metrics. */
export interface RendezvousMetrics {
  /** capability records seen on gossip, by result (relayed or the reason they were dropped) */
  records: Counter<'result'>
  /** registrations answered, by result (ok, unknown_key, disabled, rate_limited, error) */
  registrations: Counter<'result'>
  /** revocation list fetches answered, by result (ok, not_modified, error) */
  revocationFetches: Counter<'result'>
  /** rule set fetches answered, by result (ok, not_modified, error) */
  ruleSetFetches: Counter<'result'>
  /** API key checks answered, by result (ok, unknown, disabled, error) */
  apiKeyChecks: Counter<'result'>
}

/** Declares the rendezvous metrics in `registry`. */
export function createRendezvousMetrics (registry: Registry): RendezvousMetrics {
  return {
    records: new Counter({
      name: 'peergrid_rendezvous_capability_records_total',
      help: 'Capability records seen on gossip, by result (relayed or the reason they were dropped)',
      labelNames: ['result'],
      registers: [registry]
    }),
    registrations: new Counter({
      name: 'peergrid_rendezvous_registrations_total',
      help: 'Registrations answered, by result',
      labelNames: ['result'],
      registers: [registry]
    }),
    revocationFetches: new Counter({
      name: 'peergrid_rendezvous_revocation_fetches_total',
      help: 'Revocation list fetches answered, by result',
      labelNames: ['result'],
      registers: [registry]
    }),
    ruleSetFetches: new Counter({
      name: 'peergrid_rendezvous_rule_set_fetches_total',
      help: 'Rule set fetches answered, by result',
      labelNames: ['result'],
      registers: [registry]
    }),
    apiKeyChecks: new Counter({
      name: 'peergrid_rendezvous_api_key_checks_total',
      help: 'API key checks answered for hosted gateways, by result',
      labelNames: ['result'],
      registers: [registry]
    })
  }
}
