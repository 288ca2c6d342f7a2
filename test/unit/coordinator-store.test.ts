import { generateKeyPair } from '@libp2p/crypto/keys'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../node/logger.js'
import { AccountRepository, hashEnrollmentKey } from '../../rendezvous/identity/accounts.js'
import { Revocations } from '../../rendezvous/identity/revocations.js'
import { customerAccount } from '../../rendezvous/ledger/accounts.js'
import { Ledger } from '../../rendezvous/ledger/ledger.js'
import { creditTransaction, payoutTransaction, usageTransaction } from '../../rendezvous/ledger/postings.js'
import { RuleSets } from '../../rendezvous/rules/rule-sets.js'
import { TargetNotEmptyError, copyBooks } from '../../rendezvous/store/copy.js'
import { LockBusyError } from '../../rendezvous/store/errors.js'
import { journalLines, payoutRuns } from '../../rendezvous/store/pages.js'
import { openPostgresStore } from '../../rendezvous/store/postgres/index.js'
import { waitFor } from '../helpers.js'
import { STORE_KINDS, freshPostgresDatabase, openTestStore } from '../stores.js'
import type { Payout, PayoutRun } from '../../rendezvous/payouts/payout.js'
import type { SessionState } from '../../rendezvous/receipts/settle.js'
import type { CoordinatorStore } from '../../rendezvous/store/store.js'
import type { TestStore } from '../stores.js'
import type { PrivateKey } from '@libp2p/interface'

const AT = Date.UTC(2026, 11, 4)
const noGossip = { publish: async () => {} }

function ruleSets (store: CoordinatorStore, key: PrivateKey): RuleSets {
  return new RuleSets({ store, signingKey: () => key, gossip: () => noGossip, logger: silentLogger() })
}

/** Some of every kind of book: accounts, an API key, both documents, ledger, a session, a payout run. */
async function fill (store: CoordinatorStore, key: PrivateKey): Promise<void> {
  const accounts = new AccountRepository(store)
  const customer = (await accounts.create('customer', AT, { hosted: true })).account.id
  const provider = (await accounts.create('provider', AT)).account.id
  await accounts.createApiKey(customer, AT)
  await ruleSets(store, key).ensureOne()
  await new Revocations({ store, accounts, signingKey: () => key, gossip: () => noGossip, logger: silentLogger() }).revokeAccount(provider)
  const ledger = new Ledger(store, () => AT)
  await ledger.book(creditTransaction({ customer, amount: 5_000_000, reference: 'inv-1', atMs: AT }))
  await ledger.book(usageTransaction({ session: 's1', seq: 1, customer, provider, increase: 1_000_000, feePpm: 100_000, atMs: AT }))
  const state: SessionState = { session: 's1', provider: '12D3KooWExit', customer: '12D3KooWGateway', payingAccount: customer, providerAccount: provider, pricePerGiB: 1, seq: 1, bytesUp: 1, bytesDown: 2, amount: 1_000_000, firstAtMs: AT, lastAtMs: AT, receipt: '' }
  const payout: Payout = { id: 'po_1', run: 'run_1', account: provider, amount: 900_000, state: 'in-transit', createdAtMs: AT, attempts: 0 }
  const run: PayoutRun = { id: 'run_1', startedAtMs: AT, payouts: ['po_1'], total: 900_000, thresholdMicros: 1, holdMs: 0 }
  await store.unit(async (books) => {
    await ledger.bookIn(books, [payoutTransaction(payout, AT)])
    books.write({ type: 'session', key: '12D3KooWExit/s1', state }, { type: 'payout-run', run }, { type: 'payout', payout }, { type: 'state', key: 'payout-schedule', value: { atMs: AT } })
  })
}

/** Everything a store holds, as its readers answer it. */
async function everything (store: CoordinatorStore): Promise<unknown> {
  return {
    accounts: await store.allAccounts(),
    apiKeys: await store.allApiKeys(),
    revocations: await store.document('revocations'),
    rules: await store.document('rules'),
    journal: await store.journalLines(undefined, 100),
    balances: await store.allBalances(),
    earned: await store.allEarned(),
    sessions: await store.allSessions(),
    runs: await store.payoutRuns(undefined, 10),
    payouts: await store.payouts(['po_1']),
    inTransit: await store.runsInTransit(),
    schedule: await store.state('payout-schedule')
  }
}

describe.each(STORE_KINDS)('the coordinator store in %s', (kind) => {
  let opened: TestStore
  let key: PrivateKey
  beforeEach(async () => {
    opened = await openTestStore(kind)
    key = await generateKeyPair('Ed25519')
  })
  afterEach(async () => {
    await opened.close()
  })

  it('keeps accounts, finds them by enrollment key and API key, and disables one once', async () => {
    const accounts = new AccountRepository(opened.store)
    const { account, enrollmentKey } = await accounts.create('customer', AT, { hosted: true })
    const provider = (await accounts.create('provider', AT)).account
    expect(account).toMatchObject({ role: 'customer', hosted: true, disabled: false, createdAtMs: AT })
    expect(await accounts.findByEnrollmentKey(enrollmentKey)).toEqual(account)
    expect(await accounts.findByEnrollmentKey('pgk_not-a-key')).toBeUndefined()
    const apiKey = await accounts.createApiKey(account.id, AT) as string
    expect(await accounts.findByApiKeyHash(hashEnrollmentKey(apiKey))).toEqual(account)
    expect(await accounts.createApiKey(provider.id)).toBeUndefined()
    expect(await accounts.createApiKey('acct-none')).toBeUndefined()
    expect(await accounts.disable(provider.id, AT + 1)).toBe(true)
    expect(await accounts.disable(provider.id, AT + 2)).toBe(true)
    expect(await accounts.disable('acct-none')).toBe(false)
    expect(await accounts.get(provider.id)).toMatchObject({ disabled: true, disabledAtMs: AT + 1 })
    expect((await accounts.getMany(['acct-none', account.id])).map(a => a?.id)).toEqual([undefined, account.id])
    expect((await accounts.list()).map(a => a.id).sort()).toEqual([account.id, provider.id].sort())
  })

  it('numbers document versions one by one, with no gap and no duplicate, however many publish at once', async () => {
    const [a, b] = [ruleSets(opened.store, key), ruleSets(opened.store, key)]
    await a.ensureOne()
    await b.ensureOne()
    await b.book.load()
    expect(b.current()?.version).toBe(1)
    await Promise.all(Array.from({ length: 20 }, async (_, i) => (i % 2 === 0 ? a : b).set(JSON.stringify({}))))
    expect((await opened.store.document('rules'))?.version).toBe(21)
    const reopened = ruleSets(await opened.reopen(), key)
    await reopened.book.load()
    expect(reopened.current()?.version).toBe(21)
  })

  it('publishes a revocation list only when the unfunded accounts change', async () => {
    const accounts = new AccountRepository(opened.store)
    const revocations = new Revocations({ store: opened.store, accounts, signingKey: () => key, gossip: () => noGossip, logger: silentLogger() })
    await revocations.book.load()
    expect(await revocations.setUnfunded({ add: ['acct-a'] })).toBe(1)
    expect(await revocations.setUnfunded({ add: ['acct-a'] })).toBeUndefined()
    expect(await revocations.setUnfunded({ remove: ['acct-b'] })).toBeUndefined()
    expect(await revocations.setUnfunded({ remove: ['acct-a'] })).toBe(2)
    expect(revocations.unfunded().size).toBe(0)
  })

  it('walks the whole journal and every payout run a page at a time', async () => {
    const ledger = new Ledger(opened.store)
    for (let i = 0; i < 5; i++) await ledger.book(creditTransaction({ customer: 'acct-c', amount: 1 + i, reference: `r${i}`, atMs: AT }))
    const runs: PayoutRun[] = Array.from({ length: 5 }, (_, i) => ({ id: `run_${i}`, startedAtMs: AT, payouts: [], total: 0, thresholdMicros: 1, holdMs: 0 }))
    await opened.store.write(...runs.map(run => ({ type: 'payout-run' as const, run })))
    const seqs: number[] = []
    for await (const line of journalLines(opened.store, 2)) seqs.push(line.seq)
    expect(seqs).toEqual([0, 1, 2, 3, 4])
    const ids: string[] = []
    for await (const run of payoutRuns(opened.store, 2)) ids.push(run.id)
    expect(ids).toEqual(['run_4', 'run_3', 'run_2', 'run_1', 'run_0'])
  })

  it('runs one exclusive work at a time, and the next once it is done', async () => {
    let release = (): void => {}
    const first = opened.store.exclusive('payouts', async () => new Promise<void>(resolve => { release = resolve }))
    await expect(opened.store.exclusive('payouts', async () => 'second')).rejects.toThrow(LockBusyError)
    release()
    await first
    expect(await opened.store.exclusive('payouts', async () => 'third')).toBe('third')
  })

  it('drops a failed unit\'s writes whole', async () => {
    const ledger = new Ledger(opened.store)
    await expect(opened.store.unit(async (books) => {
      await ledger.bookIn(books, [creditTransaction({ customer: 'acct-c', amount: 5, reference: 'r', atMs: AT })])
      books.write({ type: 'state', key: 'payout-schedule', value: { atMs: 1 } })
      throw new Error('the caller changed its mind')
    })).rejects.toThrow(/changed its mind/)
    expect(await ledger.balance(customerAccount('acct-c'))).toBe(0)
    expect(await opened.store.state('payout-schedule')).toBeUndefined()
    expect(await opened.store.journalEnd()).toBe(0)
  })

  it.each(STORE_KINDS)('copies every book into a fresh %s store, and refuses to copy into books that hold something', async (targetKind) => {
    await fill(opened.store, key)
    const target = await openTestStore(targetKind)
    try {
      const report = await copyBooks(opened.store, target.store)
      expect(report).toEqual({ accounts: 2, apiKeys: 1, documents: 2, transactions: 3, sessions: 1, payoutRuns: 1, payouts: 1 })
      expect(await everything(target.store)).toEqual(await everything(opened.store))
      expect(await new Ledger(target.store).check()).toMatchObject({ ok: true, transactions: 3, total: 0 })
      await expect(copyBooks(opened.store, target.store)).rejects.toThrow(TargetNotEmptyError)
    } finally {
      await target.close()
    }
  })
})

describe('two rendezvous on one PostgreSQL database', () => {
  let url: string
  const opened: CoordinatorStore[] = []
  const open = async (): Promise<CoordinatorStore> => {
    const { store } = await openPostgresStore({ url, logger: silentLogger(), poolSize: 3 })
    opened.push(store)
    return store
  }
  beforeEach(async () => {
    url = await freshPostgresDatabase()
  })
  afterEach(async () => {
    await Promise.allSettled(opened.splice(0).map(async store => { await store.close() }))
  })

  it('serve each other\'s documents as soon as one publishes', async () => {
    const key = await generateKeyPair('Ed25519')
    const [a, b] = [ruleSets(await open(), key), ruleSets(await open(), key)]
    await a.book.load()
    await b.book.load()
    await a.ensureOne()
    await waitFor(() => b.current()?.version === 1, 'B to hear of version 1')
    await b.set(JSON.stringify({ blockedPorts: [{ port: 25 }] }))
    await waitFor(() => a.current()?.version === 2, 'A to hear of version 2')
    expect(a.current()?.rules).toEqual({ blockedPorts: [{ port: 25 }] })
  })

  it('prove the ledger on a snapshot while the other books', async () => {
    const [a, b] = [await open(), await open()]
    const credit = (reference: string): ReturnType<typeof creditTransaction> => creditTransaction({ customer: 'acct-c', amount: 5, reference, atMs: AT })
    await new Ledger(a).book(credit('r1'))
    const seen = await a.snapshot(async (books) => {
      const before = await books.journalEnd()
      // booked meanwhile by the other rendezvous: not stopped, and not seen by this snapshot
      await new Ledger(b).book(credit('r2'))
      return [before, await books.journalEnd(), (await books.allBalances()).length]
    })
    expect(seen).toEqual([1, 1, 2])
    expect(await a.journalEnd()).toBe(2)
    expect(await new Ledger(b).check()).toMatchObject({ ok: true, transactions: 2 })
  })

  it('run payouts on one of them at a time, and the lock goes with a rendezvous that dies', async () => {
    const [a, b] = [await open(), await open()]
    let release = (): void => {}
    let held = (): void => {}
    const holds = new Promise<void>(resolve => { held = resolve })
    const holding = a.exclusive('payouts', async () => new Promise<void>(resolve => { release = resolve; held() }))
    await holds
    await expect(b.exclusive('payouts', async () => 'taken')).rejects.toThrow(LockBusyError)
    release()
    await holding
    // A takes the lock again and its session dies holding it (as when its rendezvous is killed): B takes it at once, and A's work is told
    let started = (): void => {}
    const running = new Promise<void>(resolve => { started = resolve })
    const dying = a.exclusive('payouts', async (signal) => {
      started()
      await new Promise((_resolve, reject) => { signal.addEventListener('abort', () => { reject(signal.reason) }) })
    }).then(() => 'finished', (err: Error) => err.name)
    await running
    await expect(b.exclusive('payouts', async () => 'taken')).rejects.toThrow(LockBusyError)
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = $1 AND granted AND pid <> pg_backend_pid()', ['advisory'])
    await admin.end()
    expect(await b.exclusive('payouts', async () => 'taken')).toBe('taken')
    expect(await dying).toBe('StoreUnavailableError')
  })
})
