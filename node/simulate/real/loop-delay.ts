import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { IntervalHistogram } from 'node:perf_hooks'

/** How often the event loop's delay is sampled, ms (each sample holds one whole interval, which is not delay). */
export const LOOP_DELAY_RESOLUTION_MS = 10

/**
 * How late this process's event loop runs timers, from now until stop():
 * every simulated node shares that loop, so its delay is the simulation's
 * own CPU showing in every timing.
 */
export class LoopDelay {
  private readonly histogram: IntervalHistogram
  private readonly resolutionMs: number

  constructor (resolutionMs = LOOP_DELAY_RESOLUTION_MS) {
    this.resolutionMs = resolutionMs
    this.histogram = monitorEventLoopDelay({ resolution: resolutionMs })
    this.histogram.enable()
  }

  stop (): void {
    this.histogram.disable()
  }

  /** The delay at percentile `p` (0–100), ms. */
  percentileMs (p: number): number {
    return this.ms(this.histogram.percentile(p))
  }

  /** p50, p90, p99 and the largest delay, ms. */
  summary (): Record<string, number> {
    return { p50: this.percentileMs(50), p90: this.percentileMs(90), p99: this.percentileMs(99), max: this.ms(this.histogram.max) }
  }

  private ms (ns: number): number {
    return Math.max(0, Math.round(ns / 1e4) / 100 - this.resolutionMs)
  }
}
