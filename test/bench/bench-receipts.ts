import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { credentialKeyId, signCredential } from '../../protocols/credential/index.js'
import { MAX_RECEIPTS_PER_BATCH, counterSignReceipt, receiptAmount, signReceipt } from '../../protocols/receipts/index.js'
import { hashEnrollmentKey } from '../../rendezvous/identity/accounts.js'
import { Ledger } from '../../rendezvous/ledger/ledger.js'
import { creditTransaction } from '../../rendezvous/ledger/postings.js'
import type { Account } from '../../rendezvous/identity/accounts.js'
import type { ReceiptBook } from '../../rendezvous/receipts/book.js'
import type { CoordinatorStore } from '../../rendezvous/store/store.js'

/** Receipts for the receipt benches: one customer paying one exit, signed as a gateway and an exit would. */
export interface BenchReceipts {
  /** `count` receipts, each of its own session (each must be verified) */
  distinct: Uint8Array[]
  /** `count` cumulative receipts of 25 sessions, shuffled (only the highest of each is verified) */
  cumulative: Uint8Array[]
  trustedKeys: ReadonlySet<string>
  accounts: Account[]
  nowMs: number
}

/** Signs the bench's receipts. */
export async function benchReceipts (count: number): Promise<BenchReceipts> {
  const [rendezvousKey, gatewayKey, exitKey] = await Promise.all([generateKeyPair('Ed25519'), generateKeyPair('Ed25519'), generateKeyPair('Ed25519')])
  const now = Date.now()
  const account = (id: string, role: Account['role']): Account => ({ id, role, createdAtMs: now, disabled: false, enrollmentKeyHash: hashEnrollmentKey(`pgk_bench_${id}`) })
  const [customer, provider] = [account('acct-bench-customer', 'customer'), account('acct-bench-provider', 'provider')]
  const gatewayCredential = await signCredential(rendezvousKey, { peerId: peerIdFromPrivateKey(gatewayKey), account: customer.id, role: 'customer', issuedAtMs: now - 60_000, expiresAtMs: now + 3_600_000 })
  const exitCredential = await signCredential(rendezvousKey, { peerId: peerIdFromPrivateKey(exitKey), account: provider.id, role: 'provider', issuedAtMs: now - 60_000, expiresAtMs: now + 3_600_000 })
  const make = async (session: string, seq: number): Promise<Uint8Array> => {
    const down = seq * 1_000_000
    return counterSignReceipt(exitKey, exitCredential, await signReceipt(gatewayKey, gatewayCredential, {
      session, provider: peerIdFromPrivateKey(exitKey), customer: peerIdFromPrivateKey(gatewayKey), payingAccount: customer.id, pricePerGiB: 1_000_000, bytesUp: 0, bytesDown: down, amount: receiptAmount(0, down, 1_000_000), seq, atMs: now
    }))
  }
  const distinct = await Promise.all(Array.from({ length: count }, async (_, i) => make(`d-${i}`, 1)))
  const cumulative = await Promise.all(Array.from({ length: count }, async (_, i) => make(`c-${i % 25}`, 1 + Math.floor(i / 25))))
  cumulative.sort(() => Math.random() - 0.5)
  return { distinct, cumulative, trustedKeys: new Set([credentialKeyId(rendezvousKey)]), accounts: [customer, provider], nowMs: now }
}

/** Puts the bench's accounts in `store`, with ample credit for the customer. */
export async function seedStore (store: CoordinatorStore, receipts: BenchReceipts): Promise<void> {
  await store.write(...receipts.accounts.map(account => ({ type: 'account' as const, account })))
  const customer = receipts.accounts.find(a => a.role === 'customer') as Account
  await new Ledger(store).book(creditTransaction({ customer: customer.id, amount: 1e15, reference: 'bench', atMs: receipts.nowMs }))
}

/** Settles `receipts` in batches of MAX_RECEIPTS_PER_BATCH, `concurrency` at once, each batch by the next book in turn; answers receipts per second. */
export async function settleRate (books: ReceiptBook[], receipts: Uint8Array[], concurrency: number): Promise<number> {
  const t0 = performance.now()
  const batches: Uint8Array[][] = []
  for (let at = 0; at < receipts.length; at += MAX_RECEIPTS_PER_BATCH) batches.push(receipts.slice(at, at + MAX_RECEIPTS_PER_BATCH))
  let turn = 0
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let batch = batches.shift(); batch != null; batch = batches.shift()) await (books[turn++ % books.length] as ReceiptBook).settle(batch)
  }))
  return receipts.length / ((performance.now() - t0) / 1000)
}

/** A rate as the bench tables print it. */
export function rate (n: number): string {
  return `${Math.round(n).toLocaleString('en')}/s`
}
