// A rendezvous's books in a process of its own, for the crash test
// (books.ts): opens the coordinator's LevelDB, proves the books, then
// settles the receipts of RECEIPTS_FILE in random batches, again and again
// (receipts are idempotent) until all are in, and between batches, at
// random, runs payouts to the webhook at WEBHOOK_URL; at the end it runs
// payouts until nothing is in transit. It prints a line per step; the parent
// kills it with SIGKILL at random moments.
import '../../node/polyfill.js'
import { readFileSync } from 'node:fs'
import { openDatabase } from '../../node/db/open.js'
import { AccountRepository } from '../../rendezvous/identity/accounts.js'
import { PAYOUTS_IN_TRANSIT } from '../../rendezvous/ledger/accounts.js'
import { Ledger } from '../../rendezvous/ledger/ledger.js'
import { Payouts } from '../../rendezvous/payouts/payouts.js'
import { WebhookPayoutAdapter } from '../../rendezvous/payouts/webhook-adapter.js'
import { ReceiptBook } from '../../rendezvous/receipts/book.js'

const [dbPath, receiptsFile, trustedKey, webhookUrl, secret] = process.argv.slice(2) as [string, string, string, string, string]
const say = (line: Record<string, unknown>): void => { process.stdout.write(JSON.stringify(line) + '\n') }
const receipts = readFileSync(receiptsFile, 'utf8').trim().split('\n').map(line => Uint8Array.from(Buffer.from(line, 'base64')))
const db = await openDatabase(dbPath)
const ledger = new Ledger(db)
say({ check: await ledger.check() })
const book = new ReceiptBook({ db, ledger, accounts: new AccountRepository(db), trustedKeys: () => new Set([trustedKey]), clock: () => Date.now() })
const adapter = new WebhookPayoutAdapter({ url: webhookUrl, secret, attempts: 2, backoffMs: 2, timeoutMs: 5_000 })
const payouts = new Payouts({ db, ledger, adapter: () => adapter }, { thresholdMicros: 1_000, holdMs: 0 })
const pay = async (): Promise<void> => {
  say({ phase: 'paying' })
  const report = await payouts.run()
  say({ paid: report.delivered.length, returned: report.returned.length, failed: report.failed.length })
}
const order = receipts.map((_, i) => i).sort(() => Math.random() - 0.5)
for (let at = 0; at < order.length;) {
  const size = 1 + Math.floor(Math.random() * 50)
  const batch = order.slice(at, at + size).map(i => receipts[i] as Uint8Array)
  say({ phase: 'settling' })
  const results = await book.settle(batch)
  const refused = results.filter(r => !['booked', 'duplicate', 'superseded'].includes(r.outcome))
  if (refused.length > 0) throw new Error(`refused: ${JSON.stringify(refused[0])}`)
  at += size
  say({ settled: at })
  if (Math.random() < 0.4) await pay()
}
// the parent answers every payout from here on: drain what is in transit
for (let i = 0; i < 10 && (i === 0 || await ledger.balance(PAYOUTS_IN_TRANSIT) !== 0); i++) await pay()
say({ done: true })
await db.close()
