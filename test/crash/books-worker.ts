// A rendezvous's books in a process of its own, for the crash test
// (books.ts): opens the coordinator's store (a LevelDB directory or a
// postgres:// URL), proves the books, then
// settles the receipts of RECEIPTS_FILE in random batches, again and again
// (receipts are idempotent) until all are in, and between batches, at
// random, runs payouts to the webhook at WEBHOOK_URL; at the end it runs
// payouts until nothing is in transit. It prints a line per step; the parent
// kills it with SIGKILL at random moments.
import '../../node/polyfill.js'
import { readFileSync } from 'node:fs'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { PAYOUTS_IN_TRANSIT } from '../../rendezvous/ledger/accounts.js'
import { Ledger } from '../../rendezvous/ledger/ledger.js'
import { Payouts } from '../../rendezvous/payouts/payouts.js'
import { WebhookPayoutAdapter } from '../../rendezvous/payouts/webhook-adapter.js'
import { ReceiptBook } from '../../rendezvous/receipts/book.js'
import { RuleSets } from '../../rendezvous/rules/rule-sets.js'
import { DEFAULT_RULES_JSON } from '../../protocols/rules/index.js'
import { silentLogger } from '../../node/logger.js'
import { openStoreSpec } from './store-spec.js'

const [storeSpec, receiptsFile, trustedKey, webhookUrl, secret] = process.argv.slice(2) as [string, string, string, string, string]
const say = (line: Record<string, unknown>): void => { process.stdout.write(JSON.stringify(line) + '\n') }
const receipts = readFileSync(receiptsFile, 'utf8').trim().split('\n').map(line => Uint8Array.from(Buffer.from(line, 'base64')))
const opened = await openStoreSpec(storeSpec)
const ledger = new Ledger(opened.store)
say({ check: await ledger.check() })
const book = new ReceiptBook({ ledger, trustedKeys: () => new Set([trustedKey]), clock: () => Date.now() })
const adapter = new WebhookPayoutAdapter({ url: webhookUrl, secret, attempts: 2, backoffMs: 2, timeoutMs: 5_000 })
const payouts = new Payouts({ ledger, adapter: () => adapter }, { thresholdMicros: 1_000, holdMs: 0 })
// rule sets published between batches: their versions must have no gap and no duplicate, whichever instance publishes
const signingKey = await generateKeyPair('Ed25519')
const rules = new RuleSets({ store: opened.store, signingKey: () => signingKey, gossip: () => ({ publish: async () => {} }), logger: silentLogger() })
const pay = async (): Promise<void> => {
  say({ phase: 'paying' })
  try {
    const report = await payouts.run()
    say({ paid: report.delivered.length, returned: report.returned.length, failed: report.failed.length })
  } catch (err: any) {
    // another instance on the same database is paying: its run delivers what is in transit
    if (err.name !== 'PayoutRunInProgressError') throw err
    say({ busy: true })
  }
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
  if (Math.random() < 0.2) {
    say({ phase: 'publishing' })
    say({ published: (await rules.set(DEFAULT_RULES_JSON)).version })
  }
}
// the parent answers every payout from here on: drain what is in transit
for (let i = 0; i < 10 && (i === 0 || await ledger.balance(PAYOUTS_IN_TRANSIT) !== 0); i++) await pay()
say({ done: true })
await opened.close()
