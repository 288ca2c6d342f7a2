import { Histogram } from './histogram.js'
import type { WindowFigures } from './windows.js'

/** How a provider is reached: its NAT decides. */
export type Nat = 'none' | 'port-preserving' | 'port-changing'

/** Everything a run measured, on either tier; the report is made from it. */
export interface ModelResult {
  windows: WindowFigures[]
  ttfb: Histogram
  /** opens by the attempt that succeeded or ended them (1 = the first provider) */
  attempts: Record<string, number>
  failures: Record<string, number>
  paths: Record<'direct' | 'hole-punched' | 'relayed', number>
  jobs: { submitted: number, done: number, failed: number }
  discoverable: Histogram
  dhtLookup: Histogram
  gossip: { published: number, delivered: number, duplicates: number, rejected: number, ignored: number, propagation: Histogram }
  revocation: Histogram
  churn: { joins: number, leaves: number, crashes: number }
  money: { customers: number, providers: number[], operator: number, ledgerSum: number, transactions: number }
  providers: Array<{ country: string, nat: Nat, earned: number }>
  events: number
}

/** A result with nothing measured yet. */
export function emptyResult (): ModelResult {
  return {
    windows: [],
    ttfb: new Histogram(),
    attempts: {},
    failures: {},
    paths: { direct: 0, 'hole-punched': 0, relayed: 0 },
    jobs: { submitted: 0, done: 0, failed: 0 },
    discoverable: new Histogram(),
    dhtLookup: new Histogram(),
    gossip: { published: 0, delivered: 0, duplicates: 0, rejected: 0, ignored: 0, propagation: new Histogram() },
    revocation: new Histogram(),
    churn: { joins: 0, leaves: 0, crashes: 0 },
    money: { customers: 0, providers: [], operator: 0, ledgerSum: 0, transactions: 0 },
    providers: [],
    events: 0
  }
}
