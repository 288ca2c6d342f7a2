import { describe, expect, it } from 'vitest'
import { crashBooks } from '../crash/books.js'
import { freshPostgresDatabase, testStoreKind } from '../stores.js'

// the short pass, on LevelDB with one rendezvous, and in the integration-postgres project with three
// rendezvous at once on one PostgreSQL database; npm run crash kills each 200 times
const postgres = testStoreKind() === 'postgresql'
const KILLS = postgres ? 45 : 10

describe(`the rendezvous's books killed with SIGKILL at random moments, ${postgres ? 'three rendezvous on one PostgreSQL database (about 40 s)' : 'one rendezvous on LevelDB (about 10 s)'}`, () => {
  it('keep summing to zero after every restart, book every session exactly once, pay every payout once, and number rule sets without a gap', async () => {
    const report = await crashBooks(KILLS, 8, 30, postgres ? { database: await freshPostgresDatabase(), instances: 3 } : {})
    expect(report.problems).toEqual([])
    // instances die in parallel: the last kills may land together
    expect(report.kills).toBeGreaterThanOrEqual(KILLS)
    // proven after every run: the killed ones, any that finished before their kill, and those that finish and re-open
    expect(report.checks).toBe(report.runs)
    expect(report.payoutsPaid).toBeGreaterThan(0)
    expect(report.rulesPublished).toBeGreaterThan(0)
  }, 180_000)
})
