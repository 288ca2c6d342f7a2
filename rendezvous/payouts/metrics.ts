import { Counter } from 'prom-client'
import type { Registry } from 'prom-client'

/** The payout books' metrics. */
export interface PayoutMetrics {
  /** payout runs done */
  runs: Counter
  /** payouts by outcome: created, settled, returned, failed (a delivery that will be tried again) */
  payouts: Counter<'outcome'>
  /** micro-units of payouts by outcome: created, settled, returned */
  microUnits: Counter<'outcome'>
}

/** Declares the payout metrics in `registry`. */
export function createPayoutMetrics (registry: Registry): PayoutMetrics {
  return {
    runs: new Counter({ name: 'peergrid_payout_runs_total', help: 'Payout runs done', registers: [registry] }),
    payouts: new Counter({ name: 'peergrid_payouts_total', help: 'Payouts by outcome: created, settled, returned, failed (a delivery that will be tried again)', labelNames: ['outcome'], registers: [registry] }),
    microUnits: new Counter({ name: 'peergrid_payout_micro_units_total', help: 'Micro-units of payouts by outcome: created, settled, returned', labelNames: ['outcome'], registers: [registry] })
  }
}
