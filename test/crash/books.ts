import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { build } from 'esbuild'
import pg from 'pg'
import { credentialKeyId, signCredential } from '../../protocols/credential/index.js'
import { counterSignReceipt, receiptAmount, signReceipt } from '../../protocols/receipts/index.js'
import { AccountRepository } from '../../rendezvous/identity/accounts.js'
import { OPERATOR_FEES, PAYOUTS_IN_TRANSIT, customerAccount, providerAccount } from '../../rendezvous/ledger/accounts.js'
import { Ledger } from '../../rendezvous/ledger/ledger.js'
import { creditTransaction, operatorFee } from '../../rendezvous/ledger/postings.js'
import { Payouts } from '../../rendezvous/payouts/payouts.js'
import { DEFAULT_OPERATOR_FEE_PPM, ReceiptBook } from '../../rendezvous/receipts/book.js'
import { startWebhookReceiver } from '../webhook-receiver.js'
import { openStoreSpec } from './store-spec.js'
import type { PrivateKey } from '@libp2p/interface'

const WORKER = fileURLToPath(new URL('./books-worker.ts', import.meta.url))
/** The worker bundled once per crash run (it starts twice as fast as through tsx, and starts hundreds of times); its packages resolve from the project's node_modules */
const WORKER_BUNDLE_DIR = fileURLToPath(new URL('../../node_modules/.cache/peergrid-test/', import.meta.url))

async function bundleWorker (): Promise<string> {
  const outfile = join(WORKER_BUNDLE_DIR, `books-worker-${process.pid}-${Date.now()}.mjs`)
  await build({ entryPoints: [WORKER], bundle: true, platform: 'node', format: 'esm', outfile, packages: 'external', logLevel: 'error' })
  return outfile
}
const CREDIT = 1_000_000_000_000
const SECRET = 'crash-test-webhook-secret-0123456789'
/** Exits whose sessions the receipts are of: each its own provider account, so a payout run pays several. */
const PROVIDERS = 4

/** What a crash run found. */
export interface CrashReport {
  kills: number
  /** kills that landed while the worker was settling receipts, and while it ran payouts */
  killsWhileSettling: number
  killsWhilePaying: number
  receipts: number
  /** runs started (killed or not), and the books proven after each */
  runs: number
  checks: number
  /** webhook deliveries the receiver got, and the payouts it paid (once each) */
  deliveries: number
  payoutsPaid: number
  /** rule sets the workers published (and were told were stored) */
  rulesPublished: number
  problems: string[]
}

/** Where the books are kept, and how many rendezvous keep them at once. */
export interface CrashInit {
  /** a postgres:// URL of a fresh database (default: a LevelDB in a temp dir) */
  database?: string
  /** worker processes settling and paying at once on the same books (PostgreSQL only; default 1) */
  instances?: number
}

/** The rule set versions in PostgreSQL (which keeps every one): 1 to the newest without a gap, every published one among them. */
async function ruleVersionProblems (url: string, published: Set<number>): Promise<string[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const versions = (await client.query('SELECT version FROM peergrid.documents WHERE kind = $1 ORDER BY version', ['rules'])).rows.map(row => row.version as number)
    const problems = versions.flatMap((v, i) => v === i + 1 ? [] : [`rule set versions: ${i + 1} expected at position ${i}, found ${v}`]).slice(0, 5)
    for (const v of published) if (!versions.includes(v)) problems.push(`rule set version ${v} was published but is not stored`)
    return problems
  } finally {
    await client.end()
  }
}

/**
 * Kills a process that keeps the rendezvous's books (settling receipts and
 * running payouts to a webhook receiver in this process) with SIGKILL
 * `kills` times at random moments, restarting it each time (with
 * `instances` > 1, that many on one PostgreSQL database at once, each
 * restarted as soon as it died); after every
 * restart the ledger must prove itself (sum zero, every balance explained).
 * At the end every session must be booked exactly once at its final amount,
 * the receiver must never have been sent a payout id for another amount,
 * every payout it paid must be booked settled at that amount, and each
 * provider's payouts and remaining earnings must add up to exactly what its
 * sessions earned: nothing paid twice, nothing lost.
 */
export async function crashBooks (kills: number, sessions = 20, receiptsPerSession = 60, init: CrashInit = {}): Promise<CrashReport> {
  const instances = init.instances ?? 1
  if (instances > 1 && init.database == null) throw new Error('several instances share only a PostgreSQL database')
  const dir = await mkdtemp(join(tmpdir(), 'peergrid-crash-'))
  const receiver = await startWebhookReceiver(SECRET)
  let worker: string | undefined
  try {
    const dbPath = init.database ?? join(dir, 'db')
    const rendezvousKey = await generateKeyPair('Ed25519')
    const gatewayKey = await generateKeyPair('Ed25519')
    const now = Date.now()
    const setup = await openStoreSpec(dbPath)
    const accounts = new AccountRepository(setup.store)
    const customer = (await accounts.create('customer')).account.id
    const exits: Array<{ key: PrivateKey, account: string, credential: Uint8Array }> = []
    for (let p = 0; p < PROVIDERS; p++) {
      const key = await generateKeyPair('Ed25519')
      const account = (await accounts.create('provider')).account.id
      exits.push({ key, account, credential: await signCredential(rendezvousKey, { peerId: peerIdFromPrivateKey(key), account, role: 'provider', issuedAtMs: now - 60_000, expiresAtMs: now + 86_400_000 }) })
    }
    await new Ledger(setup.store).book(creditTransaction({ customer, amount: CREDIT, reference: 'crash', atMs: now }))
    await setup.close()
    const gatewayCredential = await signCredential(rendezvousKey, { peerId: peerIdFromPrivateKey(gatewayKey), account: customer, role: 'customer', issuedAtMs: now - 60_000, expiresAtMs: now + 86_400_000 })
    const lines: string[] = []
    const finals: Array<{ exit: number, amount: number }> = []
    for (let s = 0; s < sessions; s++) {
      const exit = exits[s % PROVIDERS]!
      let up = 0
      let down = 0
      const price = 1_000_000 + s * 7_919
      for (let seq = 1; seq <= receiptsPerSession; seq++) {
        up += Math.floor(Math.random() * 100_000)
        down += Math.floor(Math.random() * 10_000_000)
        const fields = { session: `crash-${s}`, provider: peerIdFromPrivateKey(exit.key), customer: peerIdFromPrivateKey(gatewayKey), payingAccount: customer, pricePerGiB: price, bytesUp: up, bytesDown: down, amount: receiptAmount(up, down, price), seq, atMs: now }
        lines.push(Buffer.from(await counterSignReceipt(exit.key, exit.credential, await signReceipt(gatewayKey, gatewayCredential, fields))).toString('base64'))
      }
      finals.push({ exit: s % PROVIDERS, amount: receiptAmount(up, down, price) })
    }
    const bundle = worker = await bundleWorker()
    const receiptsFile = join(dir, 'receipts.txt')
    await writeFile(receiptsFile, lines.join('\n') + '\n')
    // the receiver fails one delivery in five (the payout stays in transit), refuses one in fifty, and answers within 0-10 ms
    receiver.answer(() => { const r = Math.random(); return r < 0.2 ? 503 : r < 0.22 ? 422 : 200 })
    receiver.delay(() => Math.floor(Math.random() * 10))

    const report: CrashReport = { kills: 0, killsWhileSettling: 0, killsWhilePaying: 0, receipts: lines.length, runs: 0, checks: 0, deliveries: 0, payoutsPaid: 0, rulesPublished: 0, problems: [] }
    const published = new Set<number>()
    const run = async (killAfterMs?: number): Promise<boolean> => {
      report.runs++
      const child = spawn(process.execPath, [bundle, dbPath, receiptsFile, credentialKeyId(rendezvousKey), receiver.url, SECRET], { stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      let err = ''
      let phase: string | undefined
      let timer: ReturnType<typeof setTimeout> | undefined
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        for (const line of out.split('\n').slice(0, -1)) {
          const message = JSON.parse(line)
          if (message.check != null) {
            report.checks++
            if (message.check.ok !== true) report.problems.push(`after restart ${report.kills}: ${message.check.problems.join('; ')}`)
            // the clock starts once the books are open and proven: the kill lands in the work
            if (killAfterMs != null) timer = setTimeout(() => { child.kill('SIGKILL') }, killAfterMs)
          }
          if (message.phase != null) phase = message.phase
          if (message.published != null) {
            if (published.has(message.published)) report.problems.push(`rule set version ${message.published} was published twice`)
            published.add(message.published)
          }
        }
        out = out.slice(out.lastIndexOf('\n') + 1)
      })
      child.stderr.on('data', (d: Buffer) => { err += d.toString() })
      const [code, signal] = await new Promise<[number | null, string | null]>(resolve => child.once('exit', (c, s) => { resolve([c, s]) }))
      clearTimeout(timer)
      if (signal === 'SIGKILL') {
        report.kills++
        if (phase === 'settling') report.killsWhileSettling++
        if (phase === 'paying') report.killsWhilePaying++
        return false
      }
      if (code !== 0) report.problems.push(`the worker failed: ${err.trim().split('\n').slice(0, 6).join(' | ')}`)
      return true
    }
    // until `kills` SIGKILLs have landed (a run may finish before its kill; at most 6 runs per kill), each instance restarted as soon as it died
    let runs = 0
    await Promise.all(Array.from({ length: instances }, async () => {
      while (report.kills < kills && runs++ < kills * 6) await run(Math.floor(Math.random() * 150 * instances))
    }))
    // then every instance to the end with a receiver that pays, and one more alone to drain and prove the books
    receiver.answer(() => 200)
    await Promise.all(Array.from({ length: instances }, async () => run()))
    await run()
    report.rulesPublished = published.size
    if (init.database != null) report.problems.push(...await ruleVersionProblems(init.database, published))

    const check = await openStoreSpec(dbPath)
    try {
      const ledger = new Ledger(check.store)
      const book = new ReceiptBook({ ledger, trustedKeys: () => new Set() })
      const proof = await ledger.check()
      if (!proof.ok) report.problems.push(...proof.problems)
      const expect = (what: string, found: number, wanted: number): void => { if (found !== wanted) report.problems.push(`${what}: ${found}, expected ${wanted}`) }
      const total = finals.reduce((a, f) => a + f.amount, 0)
      const fees = finals.reduce((a, f) => a + operatorFee(f.amount, DEFAULT_OPERATOR_FEE_PPM), 0)
      expect('customer balance', await ledger.balance(customerAccount(customer)), CREDIT - total)
      expect('operator fees', await ledger.balance(OPERATOR_FEES), fees)
      expect('payouts in transit', await ledger.balance(PAYOUTS_IN_TRANSIT), 0)
      for (let s = 0; s < sessions; s++) {
        const state = await book.session(peerIdFromPrivateKey(exits[s % PROVIDERS]!.key).toString(), `crash-${s}`)
        expect(`session ${s} seq`, state?.seq ?? 0, receiptsPerSession)
        expect(`session ${s} amount`, state?.amount ?? 0, finals[s]!.amount)
      }
      // the payouts: what the receiver paid is what the books say was settled, and with each
      // provider's remaining earnings adds up to exactly what its sessions earned
      report.problems.push(...receiver.problems)
      report.deliveries = receiver.deliveries.length
      report.payoutsPaid = receiver.paid.size
      const settled = new Map((await new Payouts({ ledger, adapter: () => { throw new Error('no delivery here') } }).list({ limit: 1_000, state: 'settled' })).map(p => [p.id, p]))
      for (const [id, paid] of receiver.paid) {
        const payout = settled.get(id)
        if (payout == null) report.problems.push(`the receiver paid ${id}, which the books do not hold as settled`)
        else if (payout.amount !== paid.amount || payout.account !== paid.account) report.problems.push(`${id}: paid ${paid.account} ${paid.amount}, booked ${payout.account} ${payout.amount}`)
      }
      for (const id of settled.keys()) if (!receiver.paid.has(id)) report.problems.push(`${id} is booked settled but the receiver never paid it`)
      for (const [p, exit] of exits.entries()) {
        const earned = finals.filter(f => f.exit === p).reduce((a, f) => a + f.amount - operatorFee(f.amount, DEFAULT_OPERATOR_FEE_PPM), 0)
        const paid = [...receiver.paid.values()].filter(x => x.account === exit.account).reduce((a, x) => a + x.amount, 0)
        expect(`provider ${p}: paid + earnings left`, paid + await ledger.balance(providerAccount(exit.account)), earned)
      }
    } finally {
      await check.close()
    }
    return report
  } finally {
    await receiver.close()
    await rm(dir, { recursive: true, force: true })
    if (worker != null) await rm(worker, { force: true })
  }
}
