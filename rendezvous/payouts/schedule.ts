import type { Payouts } from './payouts.js'
import type { CoordinatorStore } from '../store/store.js'
import type { Startable } from '@libp2p/interface'
import type { Logger } from 'pino'

/** After a run that left payouts in transit, the next one comes at most this soon (unless the schedule is sooner). */
export const PAYOUT_RETRY_MS = 15 * 60_000

const MAX_TIMER_MS = 2_147_483_647

/** The last scheduled run, as the store keeps it. */
interface LastRun {
  atMs: number
  /** it left payouts in transit or failed: the next one comes sooner */
  retry?: boolean
}

/** What the schedule is built from. */
export interface PayoutScheduleComponents {
  store: CoordinatorStore
  payouts: Pick<Payouts, 'run'>
  logger: Logger
  clock?(): number
}

/**
 * Runs payouts every `everyMs`, counted from the last run (kept in the
 * store, so restarts do not postpone payouts forever, and rendezvous sharing
 * one database count from the last run of any of them); sooner, after
 * PAYOUT_RETRY_MS, when a run left payouts in transit or another
 * rendezvous's run was under way. stop() aborts a run in progress: what it
 * did not finish stays in transit for the next one.
 */
export class PayoutSchedule implements Startable {
  private readonly components: PayoutScheduleComponents
  private readonly everyMs: number
  private timer?: ReturnType<typeof setTimeout>
  private controller?: AbortController
  private running?: Promise<void>

  constructor (components: PayoutScheduleComponents, everyMs: number) {
    this.components = components
    this.everyMs = everyMs
  }

  async start (): Promise<void> {
    if (this.controller != null || this.everyMs <= 0) return
    this.controller = new AbortController()
    // a store that cannot be read now (its database is down) does not stop the rendezvous: the schedule tries again later
    const wait = await this.untilDue().catch((err: Error) => {
      this.components.logger.warn({ err: err.message }, 'payout schedule cannot read the last run yet; trying again later')
      return Math.min(PAYOUT_RETRY_MS, this.everyMs)
    })
    this.arm(wait ?? this.everyMs)
  }

  /** How long until the next run is due, counted from the last run of any rendezvous on the store (undefined: none ran yet). */
  private async untilDue (): Promise<number | undefined> {
    const last = await this.components.store.state<LastRun>('payout-schedule')
    if (last == null) return undefined
    return last.atMs + (last.retry === true ? Math.min(PAYOUT_RETRY_MS, this.everyMs) : this.everyMs) - this.now()
  }

  async stop (): Promise<void> {
    clearTimeout(this.timer)
    this.controller?.abort()
    this.controller = undefined
    await this.running
  }

  private now (): number {
    return (this.components.clock ?? Date.now)()
  }

  private arm (waitMs: number): void {
    // setTimeout holds at most 2^31-1 ms (24.8 days): a longer wait re-arms on the way
    const step = Math.min(Math.max(waitMs, 0), MAX_TIMER_MS)
    this.timer = setTimeout(() => { if (waitMs > MAX_TIMER_MS) this.arm(waitMs - MAX_TIMER_MS); else this.tick() }, step)
    this.timer.unref()
  }

  private tick (): void {
    const signal = this.controller?.signal
    if (signal == null) return
    this.running = (async () => {
      let retry = false
      try {
        // another rendezvous on the same database may have run meanwhile
        const wait = await this.untilDue()
        if (wait != null && wait > 0) { this.arm(wait); return }
        const report = await this.components.payouts.run({ signal })
        retry = report.failed.length > 0
        this.components.logger.info({ run: report.run?.id, delivered: report.delivered.length, returned: report.returned.length, failed: report.failed.length }, 'scheduled payout run done')
      } catch (err: any) {
        if (signal.aborted) return
        retry = true
        if (err.name === 'PayoutRunInProgressError') this.components.logger.info('a payout run is under way on another rendezvous; trying again later')
        else this.components.logger.error({ err: err.message }, 'scheduled payout run failed')
      }
      const last: LastRun = { atMs: this.now(), retry }
      await this.components.store.write({ type: 'state', key: 'payout-schedule', value: last }).catch((err: Error) => {
        this.components.logger.error({ err: err.message }, 'could not note the payout run in the store')
      })
      if (!signal.aborted) this.arm(retry ? Math.min(PAYOUT_RETRY_MS, this.everyMs) : this.everyMs)
    })().catch((err: Error) => {
      // the store could not be read: try again after the retry delay
      this.components.logger.error({ err: err.message }, 'payout schedule could not read the store')
      if (!signal.aborted) this.arm(Math.min(PAYOUT_RETRY_MS, this.everyMs))
    })
  }
}
