import { peerIdFromMultihash } from '@libp2p/peer-id'
import * as Digest from 'multiformats/hashes/digest'
import { boundedMap } from '../../protocols/common/index.js'
import { openReceipt, peekReceipt } from '../../protocols/receipts/index.js'
import { MAX_STATEMENT_SCAN } from '../../protocols/statement/index.js'
import { sessionKey, settleReceipt } from './settle.js'
import type { ReceiptOutcome, SessionState } from './settle.js'
import type { VerifiedCredential } from '../../protocols/credential/index.js'
import type { VerifiedReceipt } from '../../protocols/receipts/index.js'
import type { BookedSession } from '../../protocols/statement/index.js'
import type { Account } from '../identity/accounts.js'
import type { Ledger } from '../ledger/ledger.js'
import type { RendezvousMetrics } from '../metrics.js'
import type { Transaction } from '../ledger/transactions.js'
import type { BookWrite } from '../store/store.js'
import type { PublicKey } from '@libp2p/interface'

/** Credentials the receipt book remembers as verified (the least recently used is forgotten first). */
export const MAX_CACHED_RECEIPT_CREDENTIALS = 10_000

/** The operator's default share of what customers pay: 10% (the --operator-fee-ppm setting). */
export const DEFAULT_OPERATOR_FEE_PPM = 100_000

/** What the receipt book works with. */
export interface ReceiptBookComponents {
  /** the ledger, whose store keeps the sessions and the accounts too */
  ledger: Ledger
  /** ids of the credential signing keys whose credentials count (the current one, and the previous one while keys rotate) */
  trustedKeys(): ReadonlySet<string>
  /** the clock (default Date.now) */
  clock?(): number
  /** outcomes and booked amounts (absent: none) */
  metrics?: Pick<RendezvousMetrics, 'receipts' | 'bookedMicroUnits'>
  /** hears the paying accounts a batch booked usage for (credit control) */
  onBooked?(payingAccounts: string[]): Promise<void>
  /** checks receipt signatures (default: on this thread; the rendezvous uses a VerifyPool of worker threads) */
  verifySignature?(key: PublicKey, data: Uint8Array, signature: Uint8Array): Promise<boolean>
}

/** How the receipt book settles. */
export interface ReceiptBookInit {
  /** the operator's share of what customers pay, parts per million (default DEFAULT_OPERATOR_FEE_PPM) */
  feePpm?: number
}

/** What became of one receipt of a batch. */
export interface ReceiptResult {
  outcome: ReceiptOutcome
  /** why it added nothing (absent when booked) */
  reason?: string
  /** micro-units booked by this receipt */
  booked?: number
}

interface Candidate {
  index: number
  bytes: Uint8Array
  key: string
  seq: number
}

interface Verified {
  candidate: Candidate
  receipt: VerifiedReceipt
}

/**
 * The rendezvous's books of metered sessions. A batch of counter-signed
 * receipts is settled so that nothing is booked twice, whatever is
 * resubmitted, replayed or reordered: per session only the highest receipt
 * beyond what is booked is verified (receipts are cumulative; the ones below
 * it are superseded), and its increase is booked in the ledger in the same
 * unit of the store as the session's new state, read again in that unit:
 * another batch, here or at another rendezvous on the same database, may
 * have settled the session meanwhile.
 */
export class ReceiptBook {
  private readonly components: ReceiptBookComponents
  private readonly feePpm: number
  /** credentials verified before (every receipt of a customer carries the same two) */
  private readonly credentials = boundedMap<string, VerifiedCredential>(MAX_CACHED_RECEIPT_CREDENTIALS)

  constructor (components: ReceiptBookComponents, init: ReceiptBookInit = {}) {
    this.components = components
    this.feePpm = init.feePpm ?? DEFAULT_OPERATOR_FEE_PPM
  }

  /** A session's state, by provider peer id and session id. */
  async session (provider: string, session: string): Promise<SessionState | undefined> {
    return (await this.components.ledger.store.sessions([`${provider}/${session}`]))[0]
  }

  /**
   * A page of one provider peer's sessions whose last booked receipt is at
   * or after `sinceMs`, in session id order after `after`, at most `limit`;
   * it reads at most MAX_STATEMENT_SCAN sessions, and `next` says where to
   * go on when it stopped early. The statement protocol's hook.
   */
  async statementPage (provider: string, page: { sinceMs: number, after: string, limit: number }): Promise<{ sessions: BookedSession[], next?: string }> {
    const sessions: BookedSession[] = []
    let scanned = 0
    let last: string | undefined
    for (const state of await this.components.ledger.store.providerSessions(provider, page.after, MAX_STATEMENT_SCAN)) {
      scanned++
      last = state.session
      if (state.lastAtMs >= page.sinceMs) {
        sessions.push({ session: state.session, seq: state.seq, bytesUp: state.bytesUp, bytesDown: state.bytesDown, amount: state.amount, pricePerGib: state.pricePerGiB, payingAccount: state.payingAccount, providerAccount: state.providerAccount, lastAtMs: state.lastAtMs, cpuMs: state.cpuMs ?? 0, pricePerCpuSecond: state.pricePerCpuSecond ?? 0 })
        if (sessions.length >= page.limit) break
      }
    }
    const stoppedEarly = sessions.length >= page.limit || scanned >= MAX_STATEMENT_SCAN
    return stoppedEarly && last != null ? { sessions, next: last } : { sessions }
  }

  /** Every session of a provider peer or a paying account (a scan: for statements, not for the hot path). */
  async sessionsOf (filter: { provider?: string, payingAccount?: string, providerAccount?: string }): Promise<SessionState[]> {
    const all = await this.components.ledger.store.allSessions()
    return all.filter(s => (filter.provider == null || s.provider === filter.provider) &&
      (filter.payingAccount == null || s.payingAccount === filter.payingAccount) &&
      (filter.providerAccount == null || s.providerAccount === filter.providerAccount))
  }

  /**
   * Settles a batch of encoded SignedReceipts (each ≤ MAX_SIGNED_RECEIPT_BYTES;
   * the caller bounds the batch). Answers one result per receipt, in order.
   */
  async settle (batch: Uint8Array[]): Promise<ReceiptResult[]> {
    const results = await this.settleBatch(batch)
    const { metrics } = this.components
    if (metrics != null) {
      for (const result of results) {
        metrics.receipts.inc({ outcome: result.outcome })
        if (result.booked != null && result.booked > 0) metrics.bookedMicroUnits.inc(result.booked)
      }
    }
    return results
  }

  private async settleBatch (batch: Uint8Array[]): Promise<ReceiptResult[]> {
    const results: ReceiptResult[] = batch.map(() => ({ outcome: 'invalid' }))
    const bySession = new Map<string, Candidate[]>()
    batch.forEach((bytes, index) => {
      const peeked = peek(bytes)
      if (peeked == null) { results[index] = { outcome: 'invalid', reason: 'the receipt does not decode' }; return }
      const candidate = { index, bytes, key: peeked.key, seq: peeked.seq }
      bySession.set(peeked.key, [...(bySession.get(peeked.key) ?? []), candidate])
    })
    const keys = [...bySession.keys()]
    const before = await this.components.ledger.store.sessions(keys)
    // per session, verify from the highest receipt down until one holds: it covers the rest
    const winners = await Promise.all(keys.map(async (key, i) => {
      const booked = before[i]?.seq ?? 0
      const candidates = (bySession.get(key) as Candidate[]).sort((a, b) => b.seq - a.seq)
      let winner: Verified | undefined
      for (const candidate of candidates) {
        if (candidate.seq <= booked) { results[candidate.index] = { outcome: 'duplicate', reason: `seq ${candidate.seq} is at or below the booked ${booked}` }; continue }
        if (winner != null) { results[candidate.index] = { outcome: 'superseded', reason: `seq ${winner.candidate.seq} of the session is in the same batch` }; continue }
        try {
          winner = { candidate, receipt: await this.open(candidate.bytes) }
        } catch (err: any) {
          results[candidate.index] = { outcome: outcomeOf(err), reason: err.message }
        }
      }
      return winner
    }))
    const accepted = await this.withAccounts(winners.filter((w): w is Verified => w != null), results)
    if (accepted.length === 0) return results
    const paying: string[] = []
    await this.components.ledger.store.unit(async (books) => {
      // what is booked now: another batch may have settled the same sessions meanwhile
      const current = await books.sessions(accepted.map(w => w.candidate.key))
      const transactions: Transaction[] = []
      const writes: BookWrite[] = []
      accepted.forEach(({ candidate, receipt }, i) => {
        const settlement = settleReceipt(current[i], receipt, this.feePpm)
        if (settlement.outcome !== 'booked') {
          results[candidate.index] = { outcome: settlement.outcome, reason: settlement.reason }
          return
        }
        if (settlement.transaction != null) transactions.push(settlement.transaction)
        writes.push({ type: 'session', key: candidate.key, state: settlement.state })
        results[candidate.index] = { outcome: 'booked', booked: receipt.amount - (current[i]?.amount ?? 0) }
      })
      if (writes.length === 0) return
      await this.components.ledger.bookIn(books, transactions)
      books.write(...writes)
      paying.push(...transactions.map(tx => tx.entries.find(e => e.account.startsWith('customer:'))?.account.slice('customer:'.length)).filter((a): a is string => a != null))
    })
    if (paying.length > 0) await this.components.onBooked?.(paying)
    return results
  }

  private async open (bytes: Uint8Array): Promise<VerifiedReceipt> {
    return openReceipt(bytes, { trustedKeys: this.components.trustedKeys(), countersigned: true, nowMs: (this.components.clock ?? Date.now)(), credentialCache: this.credentials, verifySignature: this.components.verifySignature })
  }

  /**
   * Keeps the receipts whose accounts exist with the right roles and were not
   * disabled by the receipt's time (usage before an account was disabled is
   * still owed); marks the others in `results`.
   */
  private async withAccounts (verified: Verified[], results: ReceiptResult[]): Promise<Verified[]> {
    const ids = [...new Set(verified.flatMap(w => [w.receipt.payingAccount, w.receipt.customerAccount, w.receipt.providerAccount]))]
    const found = new Map<string, Account | undefined>((await this.components.ledger.store.accounts(ids)).map((a, i) => [ids[i] as string, a]))
    const revokedBy = (id: string, atMs: number): boolean => {
      const disabledAt = found.get(id)?.disabledAtMs
      return found.get(id)?.disabled === true && (disabledAt == null || disabledAt <= atMs)
    }
    return verified.filter(({ candidate, receipt }) => {
      const refuse = (outcome: ReceiptOutcome, reason: string): false => { results[candidate.index] = { outcome, reason }; return false }
      if (found.get(receipt.payingAccount)?.role !== 'customer') return refuse('unknown-account', `no customer account ${receipt.payingAccount}`)
      if (found.get(receipt.providerAccount)?.role !== 'provider') return refuse('unknown-account', `no provider account ${receipt.providerAccount}`)
      const revoked = [receipt.payingAccount, receipt.customerAccount, receipt.providerAccount].find(id => revokedBy(id, receipt.atMs))
      if (revoked != null) return refuse('bad-credential', `account ${revoked} was disabled by the receipt's time`)
      return true
    })
  }

}

/** A receipt's session key and seq, read without verifying anything (cheap dedupe before the signatures). */
/** Provider peer ids as strings, by their multihash (base64): a batch names a few exits many times, and base58 is slow. */
const providerIds = boundedMap<string, string>(MAX_CACHED_RECEIPT_CREDENTIALS)

function peek (bytes: Uint8Array): { key: string, seq: number } | undefined {
  const receipt = peekReceipt(bytes)
  if (receipt == null) return undefined
  try {
    const multihash = Buffer.from(receipt.provider.buffer, receipt.provider.byteOffset, receipt.provider.byteLength).toString('base64')
    let provider = providerIds.get(multihash)
    if (provider == null) {
      provider = peerIdFromMultihash(Digest.decode(receipt.provider)).toString()
      providerIds.set(multihash, provider)
    }
    return { key: sessionKey({ provider, session: receipt.session }), seq: receipt.seq }
  } catch {
    return undefined
  }
}

function outcomeOf (err: Error): ReceiptOutcome {
  if (err.name === 'InvalidReceiptSignatureError') return 'bad-signature'
  if (err.name === 'ReceiptCredentialError') return 'bad-credential'
  return 'invalid'
}
