// npm run crash: the receipt ingestion killed with SIGKILL at random moments
// (CRASH_KILLS times, default 200), the books proven after every restart.
import '../../node/polyfill.js'
import { crashIngest } from './ingest.js'

const kills = Number(process.env.CRASH_KILLS ?? 200)
const started = Date.now()
const report = await crashIngest(kills)
process.stdout.write(`${report.kills} SIGKILLs (${report.killsWhileSettling} while settling) over ${report.runs} runs, ${report.receipts} receipts, books proven ${report.checks} times, in ${Math.round((Date.now() - started) / 1000)} s\n`)
if (report.problems.length > 0) {
  process.stdout.write(`PROBLEMS:\n${report.problems.join('\n')}\n`)
  process.exitCode = 1
} else {
  process.stdout.write('no problem: the ledger summed to zero after every restart, and every session was booked exactly once at its final amount\n')
}
