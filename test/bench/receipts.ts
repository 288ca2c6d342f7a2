import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { openDatabase } from '../../node/db/open.js'
import { credentialKeyId, signCredential } from '../../protocols/credential/index.js'
import { MAX_RECEIPTS_PER_BATCH, counterSignReceipt, openReceipt, receiptAmount, signReceipt } from '../../protocols/receipts/index.js'
import { AccountRepository } from '../../rendezvous/identity/accounts.js'
import { levelCoordinatorStore } from '../../rendezvous/store/level/index.js'
import { Ledger } from '../../rendezvous/ledger/ledger.js'
import { creditTransaction } from '../../rendezvous/ledger/postings.js'
import { ReceiptBook } from '../../rendezvous/receipts/book.js'
import { VerifyPool } from '../../rendezvous/receipts/verify-pool.js'
import type { Figure } from './stats.js'

/** Batches settling at once in the bench, as when several exits submit together (the receipt server allows 8). */
const SETTLE_CONCURRENCY = 4

/**
 * Receipts settled per second by the rendezvous's receipt book (verified,
 * deduplicated and durably booked in synced LevelDB batches of 256), against
 * a baseline in the same run: opening the same receipts, which verifies their
 * two signatures and two credentials and books nothing. Two shapes: every
 * receipt a new session (each must be verified), and 25 sessions of cumulative
 * receipts resubmitted in bulk (only the highest of each session is verified).
 */
export async function receiptsBench (count: number): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'peergrid-bench-receipts-'))
  try {
    const rendezvousKey = await generateKeyPair('Ed25519')
    const gatewayKey = await generateKeyPair('Ed25519')
    const exitKey = await generateKeyPair('Ed25519')
    const trustedKeys = new Set([credentialKeyId(rendezvousKey)])
    const now = Date.now()
    const db = await openDatabase(join(dir, 'db'))
    const store = levelCoordinatorStore(db)
    const accounts = new AccountRepository(store)
    const customer = (await accounts.create('customer')).account.id
    const provider = (await accounts.create('provider')).account.id
    const ledger = new Ledger(store)
    await ledger.book(creditTransaction({ customer, amount: 1e15, reference: 'bench', atMs: now }))
    const gatewayCredential = await signCredential(rendezvousKey, { peerId: peerIdFromPrivateKey(gatewayKey), account: customer, role: 'customer', issuedAtMs: now - 60_000, expiresAtMs: now + 3_600_000 })
    const exitCredential = await signCredential(rendezvousKey, { peerId: peerIdFromPrivateKey(exitKey), account: provider, role: 'provider', issuedAtMs: now - 60_000, expiresAtMs: now + 3_600_000 })
    const make = async (session: string, seq: number): Promise<Uint8Array> => {
      const down = seq * 1_000_000
      return counterSignReceipt(exitKey, exitCredential, await signReceipt(gatewayKey, gatewayCredential, {
        session, provider: peerIdFromPrivateKey(exitKey), customer: peerIdFromPrivateKey(gatewayKey), payingAccount: customer, pricePerGiB: 1_000_000, bytesUp: 0, bytesDown: down, amount: receiptAmount(0, down, 1_000_000), seq, atMs: now
      }))
    }
    const distinct = await Promise.all(Array.from({ length: count }, async (_, i) => make(`d-${i}`, 1)))
    const cumulative = await Promise.all(Array.from({ length: count }, async (_, i) => make(`c-${i % 25}`, 1 + Math.floor(i / 25))))
    cumulative.sort(() => Math.random() - 0.5)

    let started = performance.now()
    for (const receipt of distinct) await openReceipt(receipt, { trustedKeys, countersigned: true, nowMs: now })
    const verifyRate = count / ((performance.now() - started) / 1000)

    // as the rendezvous runs: signatures checked on worker threads, several exits' batches settling at once
    const pool = new VerifyPool()
    const pooled = new ReceiptBook({ ledger, trustedKeys: () => trustedKeys, verifySignature: async (k, d, sig) => pool.verify(k, d, sig) })
    const inThread = new ReceiptBook({ ledger, trustedKeys: () => trustedKeys })
    const settle = async (book: ReceiptBook, receipts: Uint8Array[], concurrency: number): Promise<number> => {
      const t0 = performance.now()
      const batches: Uint8Array[][] = []
      for (let at = 0; at < receipts.length; at += MAX_RECEIPTS_PER_BATCH) batches.push(receipts.slice(at, at + MAX_RECEIPTS_PER_BATCH))
      await Promise.all(Array.from({ length: concurrency }, async () => {
        for (let batch = batches.shift(); batch != null; batch = batches.shift()) await book.settle(batch)
      }))
      return receipts.length / ((performance.now() - t0) / 1000)
    }
    const half = Math.floor(count / 2)
    const inThreadRate = await settle(inThread, distinct.slice(0, half), 1)
    const distinctRate = await settle(pooled, distinct.slice(half), SETTLE_CONCURRENCY)
    const cumulativeRate = await settle(pooled, cumulative, SETTLE_CONCURRENCY)
    await pool.close()
    started = performance.now()
    const check = await ledger.check()
    const checkMs = performance.now() - started
    await db.close()
    const rate = (n: number): string => `${Math.round(n).toLocaleString('en')}/s`
    return [
      { what: `open ${count.toLocaleString('en')} receipts (2 signatures + 2 credentials each), nothing booked`, value: rate(verifyRate) },
      { what: 'settle, every receipt a new session, one batch at a time, signatures on the main thread', value: rate(inThreadRate), baseline: rate(verifyRate), ratio: `${(inThreadRate / verifyRate).toFixed(2)}x` },
      { what: `settle, every receipt a new session, ${SETTLE_CONCURRENCY} batches at once, signatures on ${availableParallelism()} worker threads`, value: rate(distinctRate), baseline: rate(verifyRate), ratio: `${(distinctRate / verifyRate).toFixed(2)}x`, goal: '≥ 10,000/s' },
      { what: `settle, 25 sessions of cumulative receipts, ${SETTLE_CONCURRENCY} batches of 256 at once, worker threads`, value: rate(cumulativeRate), baseline: rate(verifyRate), ratio: `${(cumulativeRate / verifyRate).toFixed(2)}x`, goal: '≥ 10,000/s' },
      { what: `prove the books (${check.transactions.toLocaleString('en')} transactions, ok: ${String(check.ok)})`, value: `${Math.round(checkMs)} ms` }
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
