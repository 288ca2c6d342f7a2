import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { openDatabase } from '../../node/db/open.js'
import { credentialKeyId, signCredential } from '../../protocols/credential/index.js'
import { counterSignReceipt, receiptAmount, signReceipt } from '../../protocols/receipts/index.js'
import { AccountRepository } from '../../rendezvous/identity/accounts.js'
import { OPERATOR_FEES, customerAccount, providerAccount } from '../../rendezvous/ledger/accounts.js'
import { Ledger } from '../../rendezvous/ledger/ledger.js'
import { creditTransaction, operatorFee } from '../../rendezvous/ledger/postings.js'
import { DEFAULT_OPERATOR_FEE_PPM, ReceiptBook } from '../../rendezvous/receipts/book.js'

const WORKER = fileURLToPath(new URL('./ingest-worker.ts', import.meta.url))
const CREDIT = 1_000_000_000_000

/** What a crash run found. */
export interface CrashReport {
  kills: number
  /** kills that landed while the worker was settling (after its first batch line, before it finished) */
  killsWhileSettling: number
  receipts: number
  /** runs started (killed or not), and the books proven after each */
  runs: number
  checks: number
  problems: string[]
}

/**
 * Kills a process that settles receipts with SIGKILL `kills` times at random
 * moments, restarting it each time; after every restart the ledger must
 * prove itself (sum zero, every balance explained), and at the end every
 * session must be booked exactly once at its final amount: the customer
 * debited, the provider credited and the operator's fee taken exactly as
 * one uninterrupted settlement would have.
 */
export async function crashIngest (kills: number, sessions = 20, receiptsPerSession = 60): Promise<CrashReport> {
  const dir = await mkdtemp(join(tmpdir(), 'peergrid-crash-'))
  try {
    const dbPath = join(dir, 'db')
    const rendezvousKey = await generateKeyPair('Ed25519')
    const gatewayKey = await generateKeyPair('Ed25519')
    const exitKey = await generateKeyPair('Ed25519')
    const now = Date.now()
    const db = await openDatabase(dbPath)
    const accounts = new AccountRepository(db)
    const customer = (await accounts.create('customer')).account.id
    const provider = (await accounts.create('provider')).account.id
    await new Ledger(db).book(creditTransaction({ customer, amount: CREDIT, reference: 'crash', atMs: now }))
    await db.close()
    const gatewayCredential = await signCredential(rendezvousKey, { peerId: peerIdFromPrivateKey(gatewayKey), account: customer, role: 'customer', issuedAtMs: now - 60_000, expiresAtMs: now + 86_400_000 })
    const exitCredential = await signCredential(rendezvousKey, { peerId: peerIdFromPrivateKey(exitKey), account: provider, role: 'provider', issuedAtMs: now - 60_000, expiresAtMs: now + 86_400_000 })
    const lines: string[] = []
    const finals: number[] = []
    for (let s = 0; s < sessions; s++) {
      let up = 0
      let down = 0
      const price = 1_000_000 + s * 7_919
      for (let seq = 1; seq <= receiptsPerSession; seq++) {
        up += Math.floor(Math.random() * 100_000)
        down += Math.floor(Math.random() * 10_000_000)
        const fields = { session: `crash-${s}`, provider: peerIdFromPrivateKey(exitKey), customer: peerIdFromPrivateKey(gatewayKey), payingAccount: customer, pricePerGiB: price, bytesUp: up, bytesDown: down, amount: receiptAmount(up, down, price), seq, atMs: now }
        lines.push(Buffer.from(await counterSignReceipt(exitKey, exitCredential, await signReceipt(gatewayKey, gatewayCredential, fields))).toString('base64'))
      }
      finals.push(receiptAmount(up, down, price))
    }
    const receiptsFile = join(dir, 'receipts.txt')
    await writeFile(receiptsFile, lines.join('\n') + '\n')

    const report: CrashReport = { kills: 0, killsWhileSettling: 0, receipts: lines.length, runs: 0, checks: 0, problems: [] }
    const run = async (killAfterMs?: number): Promise<boolean> => {
      report.runs++
      const child = spawn(process.execPath, ['--import', 'tsx', WORKER, dbPath, receiptsFile, credentialKeyId(rendezvousKey)], { stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      let err = ''
      let settling = false
      let timer: ReturnType<typeof setTimeout> | undefined
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        for (const line of out.split('\n').slice(0, -1)) {
          const message = JSON.parse(line)
          if (message.check != null) {
            report.checks++
            if (message.check.ok !== true) report.problems.push(`after restart ${report.kills}: ${message.check.problems.join('; ')}`)
            // the clock starts once the books are open and proven: the kill lands in the settling
            if (killAfterMs != null) timer = setTimeout(() => { child.kill('SIGKILL') }, killAfterMs)
          }
          if (message.settled != null) settling = true
        }
        out = out.slice(out.lastIndexOf('\n') + 1)
      })
      child.stderr.on('data', (d: Buffer) => { err += d.toString() })
      const [code, signal] = await new Promise<[number | null, string | null]>(resolve => child.once('exit', (c, s) => { resolve([c, s]) }))
      clearTimeout(timer)
      if (signal === 'SIGKILL') {
        report.kills++
        if (settling) report.killsWhileSettling++
        return false
      }
      if (code !== 0) report.problems.push(`the worker failed: ${err.trim().split('\n').slice(-3).join(' | ')}`)
      return true
    }
    // until `kills` SIGKILLs have landed (a run may finish before its kill; at most 6 runs per kill)
    for (let runs = 0; report.kills < kills && runs < kills * 6; runs++) await run(Math.floor(Math.random() * 100))
    // then once to the end, and once more to prove the books afterwards
    await run()
    await run()

    const check = await openDatabase(dbPath)
    try {
      const ledger = new Ledger(check)
      const book = new ReceiptBook({ db: check, ledger, accounts: new AccountRepository(check), trustedKeys: () => new Set() })
      const proof = await ledger.check()
      if (!proof.ok) report.problems.push(...proof.problems)
      const total = finals.reduce((a, b) => a + b, 0)
      const fees = finals.reduce((a, amount) => a + operatorFee(amount, DEFAULT_OPERATOR_FEE_PPM), 0)
      const expect = (what: string, found: number, wanted: number): void => { if (found !== wanted) report.problems.push(`${what}: ${found}, expected ${wanted}`) }
      expect('customer balance', await ledger.balance(customerAccount(customer)), CREDIT - total)
      expect('provider balance', await ledger.balance(providerAccount(provider)), total - fees)
      expect('operator fees', await ledger.balance(OPERATOR_FEES), fees)
      for (let s = 0; s < sessions; s++) {
        const state = await book.session(peerIdFromPrivateKey(exitKey).toString(), `crash-${s}`)
        expect(`session ${s} seq`, state?.seq ?? 0, receiptsPerSession)
        expect(`session ${s} amount`, state?.amount ?? 0, finals[s] as number)
      }
    } finally {
      await check.close()
    }
    return report
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
