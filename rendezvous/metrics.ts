import { Counter, Gauge } from 'prom-client'
import type { StoreStatus } from './store/store.js'
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
      // a database that cannot be reached leaves the gauge out of this scrape, not the whole scrape
      const all = await balances().catch(() => undefined)
      this.reset()
      if (all == null) return
      for (const { account, balance } of all) {
        const kind = account.startsWith('customer:') ? 'customer' : account.startsWith('provider:') ? 'provider' : account
        totals.set(kind, (totals.get(kind) ?? 0) + balance)
      }
      for (const [kind, total] of totals) this.set({ kind }, total)
    }
  })
}

/** Whether the coordinator's database is reachable (1) or not (0), by kind of store, read on each scrape. */
export function databaseGauge (registry: Registry, status: () => StoreStatus): Gauge<'store'> {
  return new Gauge({
    name: 'peergrid_rendezvous_database_up',
    help: 'Whether the coordinator\'s database answers (1) or cannot be reached (0), by kind of store (leveldb, postgresql)',
    labelNames: ['store'],
    registers: [registry],
    collect () {
      const { kind, state } = status()
      this.reset()
      this.set({ store: kind }, state === 'up' ? 1 : 0)
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
