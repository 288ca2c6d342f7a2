import { describe, expect, it } from 'vitest'
import { crashBooks } from '../crash/books.js'
import { freshPostgresDatabase } from '../stores.js'

// the short passes; npm run crash kills each 200 times
describe('the rendezvous\'s books killed with SIGKILL at random moments (about 60 s)', () => {
  it('keep summing to zero after every restart, book every session exactly once, and pay every payout once', async () => {
    const report = await crashBooks(10, 8, 30)
    expect(report.problems).toEqual([])
    expect(report.kills).toBe(10)
    // proven after every run: the killed ones, any that finished before their kill, and the 2 that finish and re-open
    expect(report.checks).toBe(report.runs)
    expect(report.payoutsPaid).toBeGreaterThan(0)
  }, 120_000)

  it('do so too with three rendezvous at once on one PostgreSQL database, and rule set versions have no gap or duplicate', async () => {
    const report = await crashBooks(45, 8, 30, { database: await freshPostgresDatabase(), instances: 3 })
    expect(report.problems).toEqual([])
    // instances die in parallel: the last kills may land together
    expect(report.kills).toBeGreaterThanOrEqual(45)
    expect(report.checks).toBe(report.runs)
    expect(report.payoutsPaid).toBeGreaterThan(0)
    expect(report.rulesPublished).toBeGreaterThan(0)
  }, 180_000)
})
