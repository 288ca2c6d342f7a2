import { describe, expect, it } from 'vitest'
import { crashIngest } from '../crash/ingest.js'

// the short pass; npm run crash kills it 200 times
describe('receipt ingestion killed with SIGKILL at random moments (about 15 s)', () => {
  it('keeps the books summing to zero after every restart and books every session exactly once', async () => {
    const report = await crashIngest(10, 8, 30)
    expect(report.problems).toEqual([])
    expect(report.kills).toBe(10)
    // proven after every run: the killed ones, any that finished before their kill, and the 2 that finish and re-open
    expect(report.checks).toBe(report.runs)
  }, 120_000)
})
