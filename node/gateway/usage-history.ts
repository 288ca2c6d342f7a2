import type { MeteredTotals } from './metering.js'

/** The gateway's spend is sampled this often for the dashboard's chart. */
export const USAGE_SAMPLE_MS = 60_000

/** Samples kept: a day at one a minute. */
export const MAX_USAGE_SAMPLES = 1_440

/** One sample: the running totals at `t` (unix ms). */
export interface UsageSample extends MeteredTotals {
  t: number
}

/**
 * The gateway's running totals (sessions, jobs, micro-units signed for)
 * sampled every USAGE_SAMPLE_MS since it started, for "usage and spend over
 * time". Kept in memory: a restart starts a new series, as the totals do.
 */
export class UsageHistory {
  private readonly samples: UsageSample[] = []
  private timer?: ReturnType<typeof setInterval>
  private readonly totals: () => MeteredTotals

  constructor (totals: () => MeteredTotals) {
    this.totals = totals
  }

  start (): void {
    if (this.timer != null) return
    this.sample()
    this.timer = setInterval(() => { this.sample() }, USAGE_SAMPLE_MS)
    this.timer.unref()
  }

  stop (): void {
    clearInterval(this.timer)
    this.timer = undefined
  }

  /** The samples, oldest first, and the totals now as the last. */
  series (nowMs = Date.now()): UsageSample[] {
    return [...this.samples, { t: nowMs, ...this.totals() }]
  }

  private sample (): void {
    this.samples.push({ t: Date.now(), ...this.totals() })
    if (this.samples.length > MAX_USAGE_SAMPLES) this.samples.shift()
  }
}
