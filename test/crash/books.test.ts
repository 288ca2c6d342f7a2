import { describe, expect, it } from 'vitest'
import { freshPostgresDatabase } from '../stores.js'
import { crashBooks } from './books.js'
import type { CrashInit } from './books.js'

// the short pass (npm run crash kills each 200 times): in a project of its own that runs alone, as the kills
// and restarts take both cores, and a testnet beside them would wait on its nodes for longer than it allows
const PASSES: Array<{ name: string, kills: number, init: () => Promise<CrashInit> }> = [
  { name: 'one rendezvous on LevelDB (about 10 s)', kills: 10, init: async () => ({}) },
  { name: 'three rendezvous on one PostgreSQL database (about 40 s)', kills: 45, init: async () => ({ database: await freshPostgresDatabase(), instances: 3 }) }
]

describe.each(PASSES)('the rendezvous\'s books killed with SIGKILL at random moments, $name', ({ kills, init }) => {
  it('keep summing to zero after every restart, book every session exactly once, pay every payout once, and number rule sets without a gap', async () => {
    const report = await crashBooks(kills, 8, 30, await init())
    expect(report.problems).toEqual([])
    // instances die in parallel: the last kills may land together
    expect(report.kills).toBeGreaterThanOrEqual(kills)
    // proven after every run: the killed ones, any that finished before their kill, and those that finish and re-open
    expect(report.checks).toBe(report.runs)
    expect(report.payoutsPaid).toBeGreaterThan(0)
    expect(report.rulesPublished).toBeGreaterThan(0)
  }, 180_000)
})
