import { randomBytes } from 'node:crypto'
import pLimit from 'p-limit'
import { providerAccount } from '../ledger/accounts.js'
import { payoutReturnedTransaction, payoutSettledTransaction, payoutTransaction } from '../ledger/postings.js'
import { payoutRuns } from '../store/pages.js'
import { DEFAULT_PAYOUT_HOLD_SECONDS, DEFAULT_PAYOUT_THRESHOLD_MICROS, MAX_PAYOUT_ERROR_LENGTH, MAX_PAYOUT_PAGE, MAX_PAYOUTS_PER_RUN } from './constants.js'
import { PayoutRunInProgressError } from './errors.js'
import type { Ledger } from '../ledger/ledger.js'
import type { BooksReader } from '../store/store.js'
import type { DeliveryOutcome, Payout, PayoutAdapter, PayoutRun, PayoutState } from './payout.js'
import type { PayoutMetrics } from './metrics.js'
import type { AbortOptions } from '@libp2p/interface'
import type { Logger } from 'pino'

/** What the payout books are built from. */
export interface PayoutsComponents {
  /** the ledger, whose store keeps the payouts too (and the accounts: a disabled provider's earnings are held until the operator decides) */
  ledger: Ledger
  /** where payouts go (looked up at the start of each run; throws PayoutConfigError when there is none) */
  adapter(): PayoutAdapter
  metrics?: PayoutMetrics
  logger?: Logger
  /** the clock (default Date.now) */
  clock?(): number
}

/** The payout rules. */
export interface PayoutsInit {
  /** a provider is paid once its payable earnings reach this many micro-units (default DEFAULT_PAYOUT_THRESHOLD_MICROS) */
  thresholdMicros?: number
  /** earnings booked within this many ms are not paid yet (default DEFAULT_PAYOUT_HOLD_SECONDS); counted in whole hours of booking */
  holdMs?: number
}

/** What one run did. */
export interface PayoutRunReport {
  /** the new run; undefined when no provider was due */
  run?: PayoutRun
  /** payouts of this run and of earlier ones, by what happened to them now */
  delivered: Payout[]
  returned: Payout[]
  /** still in transit: the next run tries them again */
  failed: Payout[]
}

/**
 * The payout books. A run first delivers what earlier runs left in transit
 * (a crash, a receiver that was down), then pays every provider account
 * whose earnings, less those booked within the hold period, reach the
 * threshold. Each step is one unit of the store with its ledger posting:
 * creating a run books every payout out of the providers' earnings into
 * `payouts:in-transit` together with the payout records; a delivery books
 * the payout settled (out of the books) or returned (back to the provider).
 * A payout is only handed to the adapter once it is stored, under a random
 * id that is its idempotency key there, so a crash at any point can make the
 * rendezvous deliver a payout again but never create a second one for the
 * same money. One run at a time, across every rendezvous on the store: a
 * run holds the store's payouts lock, which a rendezvous that dies gives up
 * (the next run, anywhere, delivers what it left in transit).
 */
export class Payouts {
  private readonly components: PayoutsComponents
  private readonly thresholdMicros: number
  private readonly holdMs: number
  private readonly serial = pLimit(1)

  constructor (components: PayoutsComponents, init: PayoutsInit = {}) {
    this.components = components
    this.thresholdMicros = Math.max(1, init.thresholdMicros ?? DEFAULT_PAYOUT_THRESHOLD_MICROS)
    this.holdMs = Math.max(0, init.holdMs ?? DEFAULT_PAYOUT_HOLD_SECONDS * 1000)
  }

  /** The rules in force. */
  get rules (): { thresholdMicros: number, holdMs: number } {
    return { thresholdMicros: this.thresholdMicros, holdMs: this.holdMs }
  }

  /**
   * Delivers what is in transit, then pays every provider that is due.
   * Throws PayoutRunInProgressError while another rendezvous runs payouts.
   */
  async run (options: AbortOptions = {}): Promise<PayoutRunReport> {
    return this.serial(async () => {
      // a rendezvous that cannot pay says so before it books anything
      const adapter = this.components.adapter()
      return this.store.exclusive('payouts', async (lost) => {
        // a run that may have lost the lock stops: another may take over
        const signal = options.signal == null ? lost : AbortSignal.any([options.signal, lost])
        const report: PayoutRunReport = { delivered: [], returned: [], failed: [] }
        for (const runId of await this.store.runsInTransit()) {
          const run = await this.store.payoutRun(runId)
          if (run != null) await this.deliver(adapter, run, report, { signal })
        }
        signal.throwIfAborted()
        report.run = await this.createRun({ signal })
        if (report.run != null) await this.deliver(adapter, report.run, report, { signal })
        this.components.metrics?.runs.inc()
        return report
      }).catch((err: Error) => {
        if (err.name === 'LockBusyError') throw new PayoutRunInProgressError(`a payout run is under way already (on this or another rendezvous on the same database); try again later`)
        throw err
      })
    })
  }

  private get store (): Ledger['store'] {
    return this.components.ledger.store
  }

  /**
   * What a provider account would be paid now: its earnings less those held,
   * if that reaches the threshold (else 0). `balance`, when the caller read
   * it already, saves reading it again.
   */
  async payable (account: string, balance?: number, books: BooksReader = this.store): Promise<{ balance: number, held: number, payable: number }> {
    const ledgerAccount = providerAccount(account)
    balance ??= await this.components.ledger.balance(ledgerAccount, books)
    const held = this.holdMs === 0 ? 0 : await this.components.ledger.earnedSince(ledgerAccount, this.now() - this.holdMs, books)
    const available = Math.max(0, balance - held)
    return { balance, held: Math.min(held, Math.max(balance, 0)), payable: available >= this.thresholdMicros ? available : 0 }
  }

  /** A payout by id. */
  async get (id: string): Promise<Payout | undefined> {
    return (await this.store.payouts([id]))[0]
  }

  /** A run by id. */
  async getRun (id: string): Promise<PayoutRun | undefined> {
    return this.store.payoutRun(id)
  }

  /** Payouts, newest run first, optionally only those of one account or state (at most `limit` ≤ MAX_PAYOUT_PAGE). */
  async list (filter: { account?: string, state?: PayoutState, limit?: number } = {}): Promise<Payout[]> {
    const limit = Math.min(Math.max(filter.limit ?? 100, 1), MAX_PAYOUT_PAGE)
    const found: Payout[] = []
    for await (const run of payoutRuns(this.store, RUNS_PER_READ)) {
      for (const p of await this.store.payouts(run.payouts)) {
        if (p == null || (filter.account != null && p.account !== filter.account) || (filter.state != null && p.state !== filter.state)) continue
        found.push(p)
        if (found.length >= limit) return found
      }
    }
    return found
  }

  private now (): number {
    return (this.components.clock ?? Date.now)()
  }

  /** Books a new run's payouts out of the providers' earnings, in one unit; undefined when nobody is due. */
  private async createRun (options: AbortOptions): Promise<PayoutRun | undefined> {
    const startedAtMs = this.now()
    const run = await this.store.unit(async (books) => {
      let due: Array<{ account: string, amount: number }> = []
      for (const { account, balance } of await this.components.ledger.balances(books)) {
        if (!account.startsWith('provider:')) continue
        options.signal?.throwIfAborted()
        const id = account.slice('provider:'.length)
        const { payable } = await this.payable(id, balance, books)
        if (payable > 0) due.push({ account: id, amount: payable })
        if (due.length >= MAX_PAYOUTS_PER_RUN) break
      }
      if (due.length > 0) {
        const found = await books.accounts(due.map(d => d.account))
        const held = due.filter((_, i) => found[i]?.disabled === true)
        if (held.length > 0) this.components.logger?.warn({ accounts: held.map(d => d.account) }, 'earnings of disabled provider accounts are not paid out')
        due = due.filter((_, i) => found[i]?.disabled !== true)
      }
      if (due.length === 0) return undefined
      const run: PayoutRun = { id: runId(startedAtMs), startedAtMs, payouts: [], total: 0, thresholdMicros: this.thresholdMicros, holdMs: this.holdMs }
      const payouts: Payout[] = due.map(({ account, amount }) => ({ id: `po_${randomBytes(10).toString('hex')}`, run: run.id, account, amount, state: 'in-transit', createdAtMs: startedAtMs, attempts: 0 }))
      run.payouts = payouts.map(p => p.id)
      run.total = payouts.reduce((sum, p) => sum + p.amount, 0)
      await this.components.ledger.bookIn(books, payouts.map(p => payoutTransaction(p, startedAtMs)))
      books.write({ type: 'payout-run', run }, ...payouts.map(payout => ({ type: 'payout' as const, payout })))
      return run
    })
    if (run == null) return undefined
    this.components.metrics?.payouts.inc({ outcome: 'created' }, run.payouts.length)
    this.components.metrics?.microUnits.inc({ outcome: 'created' }, run.total)
    this.components.logger?.info({ run: run.id, payouts: run.payouts.length, total: run.total }, 'payout run created')
    return run
  }

  /** Hands a run's payouts that are in transit to the adapter, and books what it answers. */
  private async deliver (adapter: PayoutAdapter, run: PayoutRun, report: PayoutRunReport, options: AbortOptions): Promise<void> {
    const payouts = (await this.store.payouts(run.payouts)).filter((p): p is Payout => p != null)
    if (!payouts.some(p => p.state === 'in-transit')) return
    const outcomes = await adapter.deliver(run, payouts, options)
    for (const payout of payouts) {
      const outcome = outcomes.get(payout.id)
      if (payout.state !== 'in-transit' || outcome == null) continue
      const updated = await this.record(payout, outcome, adapter.name)
      if (updated.state === 'settled') report.delivered.push(updated)
      else if (updated.state === 'returned') report.returned.push(updated)
      else report.failed.push(updated)
    }
  }

  /** Books one delivery outcome with the payout's new record, atomically. */
  private async record (payout: Payout, outcome: DeliveryOutcome, adapter: string): Promise<Payout> {
    const atMs = this.now()
    const tried = { attempts: payout.attempts + (outcome.outcome === 'failed' ? outcome.attempts : 1), lastAttemptAtMs: atMs }
    if (outcome.outcome === 'failed') {
      const updated: Payout = { ...payout, ...tried, lastError: outcome.reason.slice(0, MAX_PAYOUT_ERROR_LENGTH) }
      await this.store.write({ type: 'payout', payout: updated })
      this.components.metrics?.payouts.inc({ outcome: 'failed' })
      this.components.logger?.warn({ payout: payout.id, reason: updated.lastError }, 'payout not delivered; the next run tries again')
      return updated
    }
    const delivered = outcome.outcome === 'delivered'
    const updated: Payout = {
      ...payout,
      ...tried,
      state: delivered ? 'settled' : 'returned',
      adapter,
      doneAtMs: atMs,
      ...(delivered ? { reference: outcome.reference } : { lastError: outcome.reason.slice(0, MAX_PAYOUT_ERROR_LENGTH) })
    }
    const tx = delivered ? payoutSettledTransaction(payout, atMs) : payoutReturnedTransaction(payout, atMs)
    await this.store.unit(async (books) => {
      await this.components.ledger.bookIn(books, [tx])
      books.write({ type: 'payout', payout: updated })
    })
    const label = delivered ? 'settled' : 'returned'
    this.components.metrics?.payouts.inc({ outcome: label })
    this.components.metrics?.microUnits.inc({ outcome: label }, payout.amount)
    if (!delivered) this.components.logger?.warn({ payout: payout.id, reason: updated.lastError }, 'payout refused; the amount is back in the provider\'s earnings')
    return updated
  }
}

/** Runs one read of `list()` takes. */
const RUNS_PER_READ = 100

/** A run id that sorts by time: run_<UTC yyyymmddThhmmss>_<random>. */
function runId (atMs: number): string {
  const stamp = new Date(atMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
  return `run_${stamp}_${randomBytes(3).toString('hex')}`
}
