import { Counter, Gauge } from 'prom-client'
import type { Registry } from 'prom-client'

/** The rendezvous server's own metrics (its protocols report peergrid_protocol_requests_total). */
export interface RendezvousMetrics {
  /** capability records seen on gossip, by result (relayed or the reason they were dropped) */
  records: Counter<'result'>
  /** receipts exits submitted, by outcome (booked, duplicate, superseded, or why they were refused) */
  receipts: Counter<'outcome'>
  /** micro-units of usage booked from receipts */
  bookedMicroUnits: Counter
}

/** The ledger's balances summed by kind of account, read on each scrape. */
export function ledgerBalanceGauge (registry: Registry, balances: () => Promise<Array<{ account: string, balance: number }>>): Gauge<'kind'> {
  return new Gauge({
    name: 'peergrid_ledger_balance_micro_units',
    help: 'The ledger\'s balances summed by kind of account (customer credit, provider earnings, operator fees and funding, losses, payouts in transit)',
    labelNames: ['kind'],
    registers: [registry],
    async collect () {
      const totals = new Map<string, number>()
      for (const { account, balance } of await balances()) {
        const kind = account.startsWith('customer:') ? 'customer' : account.startsWith('provider:') ? 'provider' : account
        totals.set(kind, (totals.get(kind) ?? 0) + balance)
      }
      this.reset()
      for (const [kind, total] of totals) this.set({ kind }, total)
    }
  })
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
    receipts: new Counter({
      name: 'peergrid_rendezvous_receipts_total',
      help: 'Receipts exits submitted, by outcome (booked, duplicate, superseded, or why they were refused)',
      labelNames: ['outcome'],
      registers: [registry]
    }),
    bookedMicroUnits: new Counter({
      name: 'peergrid_rendezvous_booked_micro_units_total',
      help: 'Micro-units of usage booked from receipts',
      registers: [registry]
    })
  }
}
