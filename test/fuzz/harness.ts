import fc from 'fast-check'
import type { FuzzTarget } from './targets.js'

/** What one target's run found. */
export interface FuzzReport {
  target: string
  inputs: number
  ms: number
  /** heap growth over the run, MiB (after a GC when node runs with --expose-gc) */
  heapGrowthMiB: number
  /** the first failure: the input, and the error that was not a typed one */
  failure?: { input: unknown, error: string }
}

/** How many inputs, and for how long at most. */
export interface FuzzOptions {
  runs: number
  /** stop after this long even if fewer inputs ran (default: no limit) */
  timeLimitMs?: number
  seed?: number
}

/** A failure the harness caught outside the target's own promise (an uncaught exception, an unhandled rejection). */
let stray: Error | undefined
let listening = false
function listenForStrays (): void {
  if (listening) return
  listening = true
  process.on('uncaughtException', (err) => { stray ??= err })
  process.on('unhandledRejection', (err) => { stray ??= err as Error })
}

/**
 * Feeds `runs` generated inputs to a target. Passing means: every input was
 * processed or refused with one of the target's typed errors, nothing threw
 * outside the call, and every async run ended (no hang).
 */
export async function fuzz (target: FuzzTarget, options: FuzzOptions): Promise<FuzzReport> {
  listenForStrays()
  stray = undefined
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  const heapBefore = process.memoryUsage().heapUsed
  const allowed = new Set(target.typed)
  let inputs = 0
  const refused = (err: any): void => {
    if (!allowed.has(err?.name)) throw err
  }
  const after = (): boolean => {
    if (stray != null) throw stray
    return true
  }
  const started = performance.now()
  const settings = {
    numRuns: options.runs,
    seed: options.seed,
    endOnFailure: true,
    ...(options.timeLimitMs != null ? { interruptAfterTimeLimit: options.timeLimitMs, markInterruptAsFailure: false } : {})
  }
  // a sync target runs as a sync property: fast-check's async machinery would cost most of the time
  const result = target.async === true
    ? await fc.check(fc.asyncProperty(target.inputs(), async (input: unknown) => {
      inputs++
      try { await target.run(input) } catch (err) { refused(err) }
      return after()
    }), settings)
    : fc.check(fc.property(target.inputs(), (input: unknown) => {
      inputs++
      try { target.run(input) as void } catch (err) { refused(err) }
      return after()
    }), settings)
  const ms = performance.now() - started
  gc?.()
  const report: FuzzReport = { target: target.name, inputs, ms, heapGrowthMiB: (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20 }
  if (result.failed) {
    const error = result.errorInstance as Error | undefined
    report.failure = { input: result.counterexample?.[0], error: `${error?.name ?? 'Error'}: ${error?.message ?? 'the run failed'}` }
  }
  return report
}
