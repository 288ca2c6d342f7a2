import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OPERATOR_FEES, OPERATOR_FUNDING, customerAccount, providerAccount } from '../../rendezvous/ledger/accounts.js'
import { InvalidTransactionError, LedgerConflictError } from '../../rendezvous/ledger/errors.js'
import { Ledger } from '../../rendezvous/ledger/ledger.js'
import { formatUnits } from '../../rendezvous/ledger/money.js'
import { creditTransaction, operatorFee, usageTransaction } from '../../rendezvous/ledger/postings.js'
import { STORE_KINDS, openTestStore } from '../stores.js'
import type { TestStore } from '../stores.js'
import type { Transaction } from '../../rendezvous/ledger/transactions.js'

const AT = Date.UTC(2026, 11, 3)

describe('ledger postings (pure)', () => {
  it.each([
    { amount: 1_000_000, feePpm: 100_000, fee: 100_000 },
    { amount: 9, feePpm: 100_000, fee: 0 },
    { amount: 10, feePpm: 100_000, fee: 1 },
    { amount: 1_234_567, feePpm: 150_000, fee: 185_185 },
    { amount: 5, feePpm: 0, fee: 0 },
    { amount: 5, feePpm: 1_000_000, fee: 5 }
  ])('the fee on $amount at $feePpm ppm is $fee, rounded down', ({ amount, feePpm, fee }) => {
    expect(operatorFee(amount, feePpm)).toBe(fee)
    const tx = usageTransaction({ session: 's1', seq: 3, customer: 'acct-c', provider: 'acct-p', increase: amount, feePpm, atMs: AT })
    expect(tx.entries.reduce((sum, e) => sum + e.amount, 0)).toBe(0)
    expect(tx.entries.find(e => e.account === customerAccount('acct-c'))?.amount).toBe(-amount)
    expect(tx.entries.find(e => e.account === OPERATOR_FEES)?.amount ?? 0).toBe(fee)
    expect(tx.entries.find(e => e.account === providerAccount('acct-p'))?.amount ?? 0).toBe(amount - fee)
  })

  it('takes the fee on the cumulative amount: a session\'s fees add up to the fee on its total, however it was split', () => {
    const fees = (increases: number[]): number => {
      let before = 0
      let total = 0
      for (const increase of increases) {
        const tx = usageTransaction({ session: 's', seq: 1, customer: 'c', provider: 'p', increase, bookedBefore: before, feePpm: 100_000, atMs: AT })
        total += tx.entries.find(e => e.account === OPERATOR_FEES)?.amount ?? 0
        before += increase
      }
      return total
    }
    expect(fees([9647])).toBe(964)
    expect(fees([9, 9, 9, 9, 9, 9, 9, 9, 9, 9647 - 81])).toBe(964)
    expect(fees(Array.from({ length: 9647 }, () => 1))).toBe(964)
  })

  it.each([
    { name: 'zero', amount: 0 },
    { name: 'negative', amount: -5 },
    { name: 'fractional', amount: 1.5 },
    { name: 'beyond the entry bound', amount: 2e15 },
    { name: 'not a number', amount: Number.NaN }
  ])('refuses a credit that is $name', ({ amount }) => {
    expect(() => creditTransaction({ customer: 'acct-c', amount, reference: 'inv-1', atMs: AT })).toThrow(InvalidTransactionError)
  })

  it('refuses a credit reference with spaces or none', () => {
    expect(() => creditTransaction({ customer: 'acct-c', amount: 5, reference: 'two words', atMs: AT })).toThrow(/reference/)
    expect(() => creditTransaction({ customer: 'acct-c', amount: 5, reference: '', atMs: AT })).toThrow(/reference/)
  })

  it('formats micro-units as units', () => {
    expect(formatUnits(12_500_000)).toBe('12.500000')
    expect(formatUnits(-5)).toBe('-0.000005')
    expect(formatUnits(0)).toBe('0.000000')
  })
})

describe.each(STORE_KINDS)('the ledger in %s', (kind) => {
  let opened: TestStore
  let ledger: Ledger
  beforeEach(async () => {
    opened = await openTestStore(kind)
    ledger = new Ledger(opened.store)
  })
  afterEach(async () => {
    await opened.close()
  })

  it('books a credit and usage so that every balance is as expected and the sum is zero', async () => {
    await ledger.book(creditTransaction({ customer: 'acct-c', amount: 10_000_000, reference: 'inv-1', atMs: AT }))
    await ledger.book(usageTransaction({ session: 's1', seq: 1, customer: 'acct-c', provider: 'acct-p', increase: 2_000_000, feePpm: 100_000, atMs: AT }))
    expect(await ledger.balance(customerAccount('acct-c'))).toBe(8_000_000)
    expect(await ledger.balance(providerAccount('acct-p'))).toBe(1_800_000)
    expect(await ledger.balance(OPERATOR_FEES)).toBe(200_000)
    expect(await ledger.balance(OPERATOR_FUNDING)).toBe(-10_000_000)
    const check = await ledger.check()
    expect(check).toMatchObject({ ok: true, transactions: 2, accounts: 4, total: 0, problems: [] })
  })

  it('books a repeated id once, and refuses it with other amounts', async () => {
    const credit = creditTransaction({ customer: 'acct-c', amount: 5_000_000, reference: 'inv-7', atMs: AT })
    expect((await ledger.book(credit)).applied).toBe(true)
    expect((await ledger.book({ ...credit, atMs: AT + 1000 })).applied).toBe(false)
    await expect(ledger.book(creditTransaction({ customer: 'acct-c', amount: 6_000_000, reference: 'inv-7', atMs: AT }))).rejects.toThrow(LedgerConflictError)
    expect(await ledger.balance(customerAccount('acct-c'))).toBe(5_000_000)
    expect((await ledger.check()).transactions).toBe(1)
  })

  it('books concurrent transactions to the same accounts without losing one', async () => {
    await Promise.all(Array.from({ length: 50 }, async (_, i) => ledger.book(creditTransaction({ customer: 'acct-c', amount: 1000 + i, reference: `inv-${i}`, atMs: AT }))))
    expect(await ledger.balance(customerAccount('acct-c'))).toBe(50 * 1000 + (49 * 50) / 2)
    expect(await ledger.check()).toMatchObject({ ok: true, transactions: 50 })
    const journal = await ledger.journal({ limit: 1000 })
    expect(journal.map(tx => tx.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i))
    expect((await ledger.journal({ after: 47 })).map(tx => tx.seq)).toEqual([48, 49])
  })

  it.each<{ name: string, tx: Transaction }>([
    { name: 'entries that do not sum to zero', tx: { id: 't', kind: 'credit', atMs: AT, entries: [{ account: 'customer:a', amount: 5 }, { account: OPERATOR_FUNDING, amount: -4 }] } },
    { name: 'one entry', tx: { id: 't', kind: 'credit', atMs: AT, entries: [{ account: 'customer:a', amount: 0 }] } },
    { name: 'an unknown account', tx: { id: 't', kind: 'credit', atMs: AT, entries: [{ account: 'bank:x' as any, amount: 5 }, { account: OPERATOR_FUNDING, amount: -5 }] } },
    { name: 'an account twice', tx: { id: 't', kind: 'credit', atMs: AT, entries: [{ account: 'customer:a', amount: 5 }, { account: 'customer:a', amount: -5 }] } },
    { name: 'an empty id', tx: { id: '', kind: 'credit', atMs: AT, entries: [{ account: 'customer:a', amount: 5 }, { account: OPERATOR_FUNDING, amount: -5 }] } }
  ])('refuses a transaction with $name and books nothing', async ({ tx }) => {
    await expect(ledger.book(tx)).rejects.toThrow(InvalidTransactionError)
    expect(await ledger.balances()).toEqual([])
  })

  it('finds a stored balance that the journal does not explain', async () => {
    await ledger.book(creditTransaction({ customer: 'acct-c', amount: 10_000_000, reference: 'inv-1', atMs: AT }))
    await opened.store.write({ type: 'balance', account: customerAccount('acct-c'), balance: 11_000_000 })
    const check = await ledger.check()
    expect(check.ok).toBe(false)
    expect(check.total).toBe(1_000_000)
    expect(check.problems.join('\n')).toMatch(/customer:acct-c: stored balance 11000000, journal says 10000000/)
    expect(check.problems.join('\n')).toMatch(/sum to 1000000/)
  })

  it('books a batch in one unit with the caller\'s own records, or nothing of it', async () => {
    const bookWithNote = async (txs: Transaction[], note: string) => opened.store.unit(async (books) => {
      const bookings = await ledger.bookIn(books, txs)
      books.write({ type: 'state', key: 'payout-schedule', value: note })
      return bookings
    })
    const note = async () => opened.store.state<string>('payout-schedule')
    const first = creditTransaction({ customer: 'acct-c', amount: 100, reference: 'a', atMs: AT })
    await ledger.book(first)
    const usage = usageTransaction({ session: 's1', seq: 1, customer: 'acct-c', provider: 'acct-p', increase: 40, feePpm: 250_000, atMs: AT })
    const bookings = await bookWithNote([first, usage, usage], 'seq 1')
    expect(bookings.map(b => b.applied)).toEqual([false, true, false])
    expect(await note()).toBe('seq 1')
    expect(await ledger.balance(customerAccount('acct-c'))).toBe(60)
    expect(await ledger.balance(providerAccount('acct-p'))).toBe(30)
    expect(await ledger.balance(OPERATOR_FEES)).toBe(10)

    const conflicting = creditTransaction({ customer: 'acct-c', amount: 999, reference: 'a', atMs: AT })
    const fresh = creditTransaction({ customer: 'acct-c', amount: 5, reference: 'b', atMs: AT })
    await expect(bookWithNote([fresh, conflicting], 'seq 2')).rejects.toThrow(LedgerConflictError)
    expect(await note()).toBe('seq 1')
    expect(await ledger.transaction(fresh.id)).toBeUndefined()
    expect(await ledger.check()).toMatchObject({ ok: true, transactions: 2 })
  })

  it('keeps its journal position across a reopen', async () => {
    await ledger.book(creditTransaction({ customer: 'acct-c', amount: 1, reference: 'a', atMs: AT }))
    ledger = new Ledger(await opened.reopen())
    const second = await ledger.book(creditTransaction({ customer: 'acct-c', amount: 2, reference: 'b', atMs: AT }))
    expect(second.transaction.seq).toBe(1)
    expect(await ledger.check()).toMatchObject({ ok: true, transactions: 2 })
  })
})
