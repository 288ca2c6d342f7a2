// A rendezvous's receipt ingestion in a process of its own, for the crash
// test (ingest.ts): opens the coordinator's LevelDB, proves the books, then
// settles the receipts of RECEIPTS_FILE in random batches, again and again
// (receipts are idempotent) until all are in, printing a line per batch.
// The parent kills it with SIGKILL at random moments.
import '../../node/polyfill.js'
import { readFileSync } from 'node:fs'
import { openDatabase } from '../../node/db/open.js'
import { AccountRepository } from '../../rendezvous/identity/accounts.js'
import { Ledger } from '../../rendezvous/ledger/ledger.js'
import { ReceiptBook } from '../../rendezvous/receipts/book.js'

const [dbPath, receiptsFile, trustedKey] = process.argv.slice(2) as [string, string, string]
const receipts = readFileSync(receiptsFile, 'utf8').trim().split('\n').map(line => Uint8Array.from(Buffer.from(line, 'base64')))
const db = await openDatabase(dbPath)
const ledger = new Ledger(db)
const check = await ledger.check()
process.stdout.write(JSON.stringify({ check }) + '\n')
const book = new ReceiptBook({ db, ledger, accounts: new AccountRepository(db), trustedKeys: () => new Set([trustedKey]), clock: () => Date.now() })
const order = receipts.map((_, i) => i).sort(() => Math.random() - 0.5)
for (let at = 0; at < order.length;) {
  const size = 1 + Math.floor(Math.random() * 50)
  const batch = order.slice(at, at + size).map(i => receipts[i] as Uint8Array)
  const results = await book.settle(batch)
  const refused = results.filter(r => !['booked', 'duplicate', 'superseded'].includes(r.outcome))
  if (refused.length > 0) throw new Error(`refused: ${JSON.stringify(refused[0])}`)
  at += size
  process.stdout.write(JSON.stringify({ settled: at }) + '\n')
}
process.stdout.write(JSON.stringify({ done: true }) + '\n')
await db.close()
