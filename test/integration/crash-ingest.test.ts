import { describe, expect, it } from 'vitest'
import { crashIngest } from '../crash/ingest.js'

// the short pass; npm run crash kills it 200 times
describe('receipt ingestion killed with SIGKILL at random moments (about 15 s)', () => {
  it('keeps the books summing to zero after every restart and books every session exactly once', async () => {
    const report = await crashIngest(10, 6, 20)
    expect(report.problems).toEqual([])
    expect(report.kills).toBeGreaterThanOrEqual(1)
    // proven after each of the 10 runs and the 2 that finish and re-open
    expect(report.checks).toBe(12)
  }, 120_000)
})
