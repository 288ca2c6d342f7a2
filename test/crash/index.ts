// npm run crash: the rendezvous's books (receipt settlement, payout runs to a
// webhook receiver, rule sets published) killed with SIGKILL at random
// moments, CRASH_KILLS times (default 200) on each store: one rendezvous on
// its LevelDB, then CRASH_INSTANCES (default 3) rendezvous at once on one
// PostgreSQL database (a server this command starts); the books proven
// after every restart. CRASH_STORE=leveldb or postgresql runs one of them.
import '../../node/polyfill.js'
import { startPostgres } from '../postgres-server.js'
import { crashBooks } from './books.js'
import type { CrashReport } from './books.js'

const kills = Number(process.env.CRASH_KILLS ?? 200)
const instances = Number(process.env.CRASH_INSTANCES ?? 3)
const stores = process.env.CRASH_STORE == null ? ['leveldb', 'postgresql'] : [process.env.CRASH_STORE]

function print (what: string, report: CrashReport, started: number): void {
  process.stdout.write(`${what}: ${report.kills} SIGKILLs (${report.killsWhileSettling} while settling receipts, ${report.killsWhilePaying} while running payouts) over ${report.runs} runs, ` +
    `${report.receipts} receipts, ${report.deliveries} webhook deliveries, ${report.payoutsPaid} payouts paid, ${report.rulesPublished} rule sets published, books proven ${report.checks} times, in ${Math.round((Date.now() - started) / 1000)} s\n`)
  if (report.problems.length > 0) {
    process.stdout.write(`PROBLEMS:\n${report.problems.join('\n')}\n`)
    process.exitCode = 1
  } else {
    process.stdout.write('no problem: the ledger summed to zero after every restart, every session was booked exactly once at its final amount, no payout was paid twice, for another amount, or lost, and rule set versions have no gap or duplicate\n')
  }
}

if (stores.includes('leveldb')) {
  const started = Date.now()
  print('LevelDB, one rendezvous', await crashBooks(kills), started)
}
if (stores.includes('postgresql')) {
  const server = await startPostgres()
  try {
    const started = Date.now()
    print(`PostgreSQL, ${instances} rendezvous at once`, await crashBooks(kills, 20, 60, { database: await server.createDatabase(), instances }), started)
  } finally {
    await server.destroy()
  }
}
