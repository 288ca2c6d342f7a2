// npm run crash: the rendezvous's books (receipt settlement and payout runs
// to a webhook receiver) killed with SIGKILL at random moments (CRASH_KILLS
// times, default 200), the books proven after every restart.
import '../../node/polyfill.js'
import { crashBooks } from './books.js'

const kills = Number(process.env.CRASH_KILLS ?? 200)
const started = Date.now()
const report = await crashBooks(kills)
process.stdout.write(`${report.kills} SIGKILLs (${report.killsWhileSettling} while settling receipts, ${report.killsWhilePaying} while running payouts) over ${report.runs} runs, ` +
  `${report.receipts} receipts, ${report.deliveries} webhook deliveries, ${report.payoutsPaid} payouts paid, books proven ${report.checks} times, in ${Math.round((Date.now() - started) / 1000)} s\n`)
if (report.problems.length > 0) {
  process.stdout.write(`PROBLEMS:\n${report.problems.join('\n')}\n`)
  process.exitCode = 1
} else {
  process.stdout.write('no problem: the ledger summed to zero after every restart, every session was booked exactly once at its final amount, and no payout was paid twice, for another amount, or lost\n')
}
