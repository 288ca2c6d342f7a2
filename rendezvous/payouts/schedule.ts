import { RENDEZVOUS_BUCKETS, rendezvousBucket } from '../db/buckets.js'
import type { CoordinatorDatabase } from '../db/buckets.js'
import type { Payouts } from './payouts.js'
import type { Startable } from '@libp2p/interface'
import type { Logger } from 'pino'

/** After a run that left payouts in transit, the next one comes at most this soon (unless the schedule is sooner). */
export const PAYOUT_RETRY_MS = 15 * 60_000

const MAX_TIMER_MS = 2_147_483_647

/** What the schedule is built from. */
export interface PayoutScheduleComponents {
  db: CoordinatorDatabase
  payouts: Pick<Payouts, 'run'>
  logger: Logger
  clock?(): number
}

/**
 * Runs payouts every `everyMs`, counted from the last run (kept in the
 * database, so restarts do not postpone payouts forever); sooner, after
 * PAYOUT_RETRY_MS, when a run left payouts in transit. stop() aborts a run
 * in progress: what it did not finish stays in transit for the next one.
 */
export class PayoutSchedule implements Startable {
  private readonly components: PayoutScheduleComponents
  private readonly everyMs: number
  private readonly last
  private timer?: ReturnType<typeof setTimeout>
  private controller?: AbortController
  private running?: Promise<void>

  constructor (components: PayoutScheduleComponents, everyMs: number) {
    this.components = components
    this.everyMs = everyMs
    this.last = rendezvousBucket<{ atMs: number, retry?: boolean }>(components.db, RENDEZVOUS_BUCKETS.payoutSchedule)
  }

  async start (): Promise<void> {
    if (this.controller != null || this.everyMs <= 0) return
    this.controller = new AbortController()
    const last = await this.last.get('last')
    const wait = last == null ? this.everyMs : last.atMs + (last.retry === true ? Math.min(PAYOUT_RETRY_MS, this.everyMs) : this.everyMs) - this.now()
    this.arm(wait)
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
        const report = await this.components.payouts.run({ signal })
        retry = report.failed.length > 0
        this.components.logger.info({ run: report.run?.id, delivered: report.delivered.length, returned: report.returned.length, failed: report.failed.length }, 'scheduled payout run done')
      } catch (err: any) {
        if (signal.aborted) return
        retry = true
        this.components.logger.error({ err: err.message }, 'scheduled payout run failed')
      }
      await this.last.put('last', { atMs: this.now(), retry })
      if (!signal.aborted) this.arm(retry ? Math.min(PAYOUT_RETRY_MS, this.everyMs) : this.everyMs)
    })()
  }
}
