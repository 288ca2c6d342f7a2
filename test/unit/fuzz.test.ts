import { beforeAll, describe, expect, it } from 'vitest'
import { fuzz } from '../fuzz/harness.js'
import { TARGETS, prepareTargets } from '../fuzz/targets.js'

/** The short pass of `npm run fuzz` (which runs 1,000,000 inputs per target): a fixed seed, so a failure here is reproducible. */
const RUNS = 10_000
const SEED = 20261203

describe(`fuzz, short pass: ${RUNS} inputs per target, only typed errors may come out (about 15 s)`, () => {
  beforeAll(async () => { await prepareTargets() })

  for (const target of TARGETS) {
    it(target.name, async () => {
      const report = await fuzz(target, { runs: RUNS, seed: SEED })
      expect(report.failure, `${target.name}: ${report.failure?.error ?? ''}`).toBeUndefined()
      expect(report.inputs).toBe(RUNS)
    }, 120_000)
  }
})
