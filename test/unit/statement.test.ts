import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { compareBooks } from '../../node/provider/verify-earnings.js'
import { BYTES_PER_GIB } from '../../protocols/receipts/index.js'
import { MAX_STATEMENT_SCAN } from '../../protocols/statement/index.js'
import { Ledger } from '../../rendezvous/ledger/ledger.js'
import { ReceiptBook } from '../../rendezvous/receipts/book.js'
import { STORE_KINDS, openTestStore } from '../stores.js'
import type { TestStore } from '../stores.js'
import type { TransparencyEntry } from '../../node/db/transparency-repository.js'
import type { BookedSession } from '../../protocols/statement/index.js'
import type { SessionState } from '../../rendezvous/receipts/settle.js'

const PRICE = BYTES_PER_GIB // one micro-unit per byte: amounts are byte counts

function entry (session: string, fields: Partial<TransparencyEntry>): TransparencyEntry {
  return { id: `0000000000001-${session}`, timeMs: 1, customer: 'peer', account: 'acct-c', host: 'example.com', port: 443, decision: 'allowed', reason: 'ok', bytesSent: 100, bytesReceived: 900, end: 'closed', meteringSession: session, pricePerGiB: PRICE, earnedMicroUnits: 1000, ...fields }
}

function booked (session: string, fields: Partial<BookedSession> = {}): BookedSession {
  return { session, seq: 3, bytesUp: 100, bytesDown: 900, amount: 1000, pricePerGib: PRICE, payingAccount: 'acct-c', providerAccount: 'acct-p', lastAtMs: 1, cpuMs: 0, pricePerCpuSecond: 0, ...fields }
}

describe('earnings --verify: the exit\'s counters beside the books (pure)', () => {
  it.each([
    { name: 'all agree', log: entry('s', {}), books: [booked('s')], waiting: false, status: 'ok' },
    { name: 'a receipt still in the outbox', log: entry('s', {}), books: [booked('s', { amount: 600, seq: 2 })], waiting: true, status: 'pending' },
    { name: 'nothing booked yet, waiting', log: entry('s', {}), books: [], waiting: true, status: 'pending' },
    { name: 'still open', log: entry('s', { end: undefined, earnedMicroUnits: 800, bytesReceived: 1200 }), books: [booked('s', { amount: 800 })], waiting: false, status: 'open' },
    { name: 'the customer signed for less than the exit moved', log: entry('s', { bytesReceived: 5000 }), books: [booked('s')], waiting: false, status: 'unreceipted' },
    { name: 'counter-signed, not waiting, not booked', log: entry('s', {}), books: [], waiting: false, status: 'missing' },
    { name: 'booked less than counter-signed', log: entry('s', {}), books: [booked('s', { amount: 700 })], waiting: false, status: 'booked-less' },
    { name: 'booked more than counter-signed', log: entry('s', {}), books: [booked('s', { amount: 1100 })], waiting: false, status: 'booked-more' },
    { name: 'booked bytes not the exit\'s', log: entry('s', {}), books: [booked('s', { bytesUp: 200, bytesDown: 800 })], waiting: false, status: 'bytes' }
  ])('$name: $status', ({ log, books, waiting, status }) => {
    const [check] = compareBooks([log], books, new Set(waiting ? ['s'] : []))
    expect(check?.status).toBe(status)
  })

  it('lists a booked session the log does not hold, and leaves out unmetered connections', () => {
    const checks = compareBooks([entry('a', {}), entry('x', { meteringSession: undefined })], [booked('a'), booked('ghost')], new Set())
    expect(checks.map(c => [c.session, c.status])).toEqual([['a', 'ok'], ['ghost', 'unknown-session']])
  })
})

describe.each(STORE_KINDS)('statement pages of the receipt book in %s', (kind) => {
  let opened: TestStore
  let book: ReceiptBook
  beforeEach(async () => {
    opened = await openTestStore(kind)
    book = new ReceiptBook({ ledger: new Ledger(opened.store), trustedKeys: () => new Set() })
    const state = (provider: string, session: string, lastAtMs: number): SessionState => ({ session, provider, customer: 'g', payingAccount: 'acct-c', providerAccount: `acct-${provider}`, pricePerGiB: PRICE, seq: 1, bytesUp: 1, bytesDown: 2, amount: 3, firstAtMs: lastAtMs, lastAtMs, receipt: '' })
    // provider A has 30 sessions, every third one old; provider AB (a prefix of another id) has 2
    const writes = []
    for (let i = 0; i < 30; i++) writes.push({ type: 'session' as const, key: `A/s${String(i).padStart(2, '0')}`, state: state('A', `s${String(i).padStart(2, '0')}`, i % 3 === 0 ? 10 : 1000) })
    writes.push({ type: 'session' as const, key: 'AB/s00', state: state('AB', 's00', 1000) }, { type: 'session' as const, key: 'AB/s01', state: state('AB', 's01', 1000) })
    await opened.store.write(...writes)
  })
  afterEach(async () => {
    await opened.close()
  })

  it('pages one provider\'s sessions since a time, and never another\'s', async () => {
    const seen: string[] = []
    let after = ''
    for (let pages = 0; pages < 10; pages++) {
      const page = await book.statementPage('A', { sinceMs: 100, after, limit: 7 })
      seen.push(...page.sessions.map(s => s.session))
      expect(page.sessions.every(s => s.providerAccount === 'acct-A')).toBe(true)
      if (page.next == null) break
      after = page.next
    }
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i).filter(i => i % 3 !== 0).map(i => `s${String(i).padStart(2, '0')}`))
    expect((await book.statementPage('AB', { sinceMs: 0, after: '', limit: 100 })).sessions.map(s => s.session)).toEqual(['s00', 's01'])
    expect((await book.statementPage('Z', { sinceMs: 0, after: '', limit: 100 })).sessions).toEqual([])
    expect(MAX_STATEMENT_SCAN).toBeGreaterThan(30)
  })
})
