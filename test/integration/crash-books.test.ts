import { describe, expect, it } from 'vitest'
import { crashBooks } from '../crash/books.js'

// the short pass; npm run crash kills it 200 times
describe('the rendezvous\'s books killed with SIGKILL at random moments (about 20 s)', () => {
  it('keep summing to zero after every restart, book every session exactly once, and pay every payout once', async () => {
    const report = await crashBooks(10, 8, 30)
    expect(report.problems).toEqual([])
    expect(report.kills).toBe(10)
    // proven after every run: the killed ones, any that finished before their kill, and the 2 that finish and re-open
    expect(report.checks).toBe(report.runs)
    expect(report.payoutsPaid).toBeGreaterThan(0)
  }, 120_000)
})
