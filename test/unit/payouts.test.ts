import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { credentialKeyId } from '../../protocols/credential/index.js'
import { OPERATOR_FUNDING, PAYOUTS_IN_TRANSIT, providerAccount } from '../../rendezvous/ledger/accounts.js'
import { Ledger } from '../../rendezvous/ledger/ledger.js'
import { creditTransaction, usageTransaction } from '../../rendezvous/ledger/postings.js'
import { InvalidPayoutFileError } from '../../rendezvous/payouts/errors.js'
import { FilePayoutAdapter, payoutFileNames } from '../../rendezvous/payouts/file-adapter.js'
import { Payouts } from '../../rendezvous/payouts/payouts.js'
import { PayoutSchedule } from '../../rendezvous/payouts/schedule.js'
import { AccountRepository } from '../../rendezvous/identity/accounts.js'
import { silentLogger } from '../../node/logger.js'
import { waitFor } from '../helpers.js'
import { verifyPayoutFile } from '../../rendezvous/payouts/signed-file.js'
import { WebhookPayoutAdapter } from '../../rendezvous/payouts/webhook-adapter.js'
import { startWebhookReceiver } from '../webhook-receiver.js'
import { STORE_KINDS, openTestStore } from '../stores.js'
import type { TestStore } from '../stores.js'
import type { PayoutAdapter } from '../../rendezvous/payouts/payout.js'
import type { WebhookReceiver } from '../webhook-receiver.js'
import type { PrivateKey } from '@libp2p/interface'

const HOUR = 3_600_000
const START = Date.UTC(2026, 11, 4, 0, 30)
const SECRET = 'a-shared-secret-of-32-characters'

describe.each(STORE_KINDS)('payouts in %s', (kind) => {
  let opened: TestStore
  /** where file adapters write */
  let dir: string
  let ledger: Ledger
  let now: number
  let key: PrivateKey
  let receiver: WebhookReceiver | undefined
  let seq = 0

  /** `customer` pays `amount` for usage at `provider`, booked now (no fee, so the provider earns it all). */
  const earn = async (provider: string, amount: number): Promise<void> => {
    seq++
    await ledger.book(usageTransaction({ session: `s${seq}`, seq: 1, customer: 'acct-c', provider, increase: amount, feePpm: 0, atMs: now }))
  }
  const payouts = (adapter: PayoutAdapter, rules: { thresholdMicros?: number, holdMs?: number } = {}): Payouts =>
    new Payouts({ ledger, adapter: () => adapter, clock: () => now }, { thresholdMicros: 1_000, holdMs: 0, ...rules })
  const webhook = (r: WebhookReceiver, attempts = 3): WebhookPayoutAdapter => new WebhookPayoutAdapter({ url: r.url, secret: SECRET, attempts, backoffMs: 5 })

  beforeEach(async () => {
    opened = await openTestStore(kind)
    dir = await mkdtemp(join(tmpdir(), 'peergrid-payouts-'))
    now = START
    ledger = new Ledger(opened.store, () => now)
    key = await generateKeyPair('Ed25519')
    await ledger.book(creditTransaction({ customer: 'acct-c', amount: 1_000_000_000, reference: 'prepaid', atMs: now }))
  })
  afterEach(async () => {
    await receiver?.close()
    receiver = undefined
    await opened.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('pays every provider at or above the threshold, through the webhook, and books the money out of the ledger', async () => {
    receiver = await startWebhookReceiver(SECRET)
    await earn('acct-a', 5_000)
    await earn('acct-b', 999)
    await earn('acct-d', 1_000)
    const report = await payouts(webhook(receiver)).run()
    expect(report.run?.payouts).toHaveLength(2)
    expect(report.delivered.map(p => [p.account, p.amount, p.state]).sort()).toEqual([['acct-a', 5_000, 'settled'], ['acct-d', 1_000, 'settled']])
    expect([...receiver.paid.values()].sort((a, b) => a.account.localeCompare(b.account))).toEqual([{ account: 'acct-a', amount: 5_000 }, { account: 'acct-d', amount: 1_000 }])
    expect(receiver.deliveries.every(d => d.signatureOk && d.idempotencyKey === d.body.id)).toBe(true)
    expect(receiver.problems).toEqual([])
    expect(await ledger.balance(providerAccount('acct-a'))).toBe(0)
    expect(await ledger.balance(providerAccount('acct-b'))).toBe(999)
    expect(await ledger.balance(PAYOUTS_IN_TRANSIT)).toBe(0)
    // 1,000,000,000 came in for the customer, 6,000 went out to providers
    expect(await ledger.balance(OPERATOR_FUNDING)).toBe(-1_000_000_000 + 6_000)
    expect((await ledger.check()).ok).toBe(true)
    // a second run finds nobody due
    const again = await payouts(webhook(receiver)).run()
    expect(again.run).toBeUndefined()
    expect(receiver.deliveries).toHaveLength(2)
  })

  it('holds earnings booked within the hold period, in whole hours of booking', async () => {
    receiver = await startWebhookReceiver(SECRET)
    const p = payouts(webhook(receiver), { holdMs: 24 * HOUR })
    await earn('acct-a', 3_000)
    now += 2 * HOUR
    await earn('acct-a', 4_000)
    now += 20 * HOUR
    expect(await p.payable('acct-a')).toEqual({ balance: 7_000, held: 7_000, payable: 0 })
    expect((await p.run()).run).toBeUndefined()
    // 25 h after the first booking's hour: that one is payable, the second still held
    now = START + 25 * HOUR
    expect(await p.payable('acct-a')).toEqual({ balance: 7_000, held: 4_000, payable: 3_000 })
    const report = await p.run()
    expect(report.delivered.map(x => x.amount)).toEqual([3_000])
    now = START + 27 * HOUR
    expect((await p.run()).delivered.map(x => x.amount)).toEqual([4_000])
    expect(await ledger.balance(providerAccount('acct-a'))).toBe(0)
    expect((await ledger.check()).ok).toBe(true)
  })

  it('tries a failing receiver again with backoff, and leaves the payout in transit for the next run when it stays down', async () => {
    receiver = await startWebhookReceiver(SECRET)
    await earn('acct-a', 5_000)
    await earn('acct-b', 6_000)
    let fails = 1
    receiver.answer(() => fails-- > 0 ? 503 : 200)
    const first = await payouts(webhook(receiver)).run()
    expect(first.delivered).toHaveLength(2)
    expect(first.delivered.find(p => p.account === 'acct-a' || p.account === 'acct-b')?.attempts).toBeGreaterThanOrEqual(1)
    expect(receiver.deliveries.filter(d => d.status === 503)).toHaveLength(1)

    await earn('acct-a', 7_000)
    receiver.answer(() => 500)
    const down = await payouts(webhook(receiver, 2)).run()
    expect(down.failed).toHaveLength(1)
    expect(down.failed[0]?.state).toBe('in-transit')
    expect(down.failed[0]?.lastError).toMatch(/500/)
    expect(await ledger.balance(PAYOUTS_IN_TRANSIT)).toBe(7_000)
    expect(await ledger.balance(providerAccount('acct-a'))).toBe(0)
    receiver.answer(() => 200)
    const next = await payouts(webhook(receiver)).run()
    expect(next.run).toBeUndefined()
    expect(next.delivered.map(p => [p.id, p.amount])).toEqual([[down.failed[0]?.id, 7_000]])
    expect(await ledger.balance(PAYOUTS_IN_TRANSIT)).toBe(0)
    expect(receiver.paid.size).toBe(3)
    expect(receiver.problems).toEqual([])
    expect((await ledger.check()).ok).toBe(true)
  })

  it('gives the amount back to the provider when the receiver refuses the payout', async () => {
    receiver = await startWebhookReceiver(SECRET)
    await earn('acct-a', 5_000)
    receiver.answer(() => 422)
    const report = await payouts(webhook(receiver)).run()
    expect(report.returned.map(p => [p.account, p.amount, p.state])).toEqual([['acct-a', 5_000, 'returned']])
    expect(report.returned[0]?.lastError).toMatch(/422/)
    expect(receiver.deliveries).toHaveLength(1)
    expect(await ledger.balance(providerAccount('acct-a'))).toBe(5_000)
    expect(await ledger.balance(PAYOUTS_IN_TRANSIT)).toBe(0)
    expect((await ledger.check()).ok).toBe(true)
  })

  it('leaves a payout in transit when the receiver cannot be reached, and does not try the run\'s others', async () => {
    receiver = await startWebhookReceiver(SECRET)
    const url = receiver.url
    await receiver.close()
    receiver = undefined
    await earn('acct-a', 5_000)
    await earn('acct-b', 5_000)
    const report = await payouts(new WebhookPayoutAdapter({ url, secret: SECRET, attempts: 2, backoffMs: 5 })).run()
    expect(report.failed).toHaveLength(2)
    expect(report.failed.map(p => p.lastError).join(' ')).toMatch(/ECONNREFUSED/)
    expect(report.failed.some(p => p.lastError?.startsWith('not tried') === true)).toBe(true)
    expect(await ledger.balance(PAYOUTS_IN_TRANSIT)).toBe(10_000)
    expect((await ledger.check()).ok).toBe(true)
  })

  it('delivers a payout again under the same id after a crash between delivery and booking, and the receiver pays it once', async () => {
    receiver = await startWebhookReceiver(SECRET)
    await earn('acct-a', 5_000)
    const real = webhook(receiver)
    const crashing: PayoutAdapter = {
      name: 'webhook',
      async deliver (run, list, options) {
        await real.deliver(run, list, options)
        throw new Error('crashed before booking the outcome')
      }
    }
    await expect(payouts(crashing).run()).rejects.toThrow(/crashed/)
    expect(await ledger.balance(PAYOUTS_IN_TRANSIT)).toBe(5_000)
    const report = await payouts(real).run()
    expect(report.delivered).toHaveLength(1)
    expect(receiver.deliveries.map(d => d.idempotencyKey)).toEqual([report.delivered[0]?.id, report.delivered[0]?.id])
    expect(receiver.paid.size).toBe(1)
    expect(await ledger.balance(PAYOUTS_IN_TRANSIT)).toBe(0)
    expect(await ledger.balance(providerAccount('acct-a'))).toBe(0)
  })

  it('writes each run as signed JSON and CSV files, the same bytes when written again, and a changed file fails verification', async () => {
    const files = join(dir, 'payouts')
    const adapter = new FilePayoutAdapter({ dir: files, signingKey: () => key, keyId: () => credentialKeyId(key) })
    await earn('acct-a', 5_000)
    await earn('acct-b', 2_500_000)
    const report = await payouts(adapter).run()
    const run = report.run
    if (run == null) throw new Error('no run')
    expect(report.delivered.every(p => p.reference === payoutFileNames(run.id).json)).toBe(true)
    const names = payoutFileNames(run.id)
    expect((await readdir(files)).sort()).toEqual([names.csv, `${names.csv}.sig`, names.json, `${names.json}.sig`].sort())
    const json = JSON.parse(await readFile(join(files, names.json), 'utf8'))
    expect(json.total).toBe(2_505_000)
    expect(json.payouts.map((p: any) => [p.account, p.amount, p.amountUnits]).sort()).toEqual([['acct-a', 5_000, '0.005000'], ['acct-b', 2_500_000, '2.500000']])
    const csv = await readFile(join(files, names.csv), 'utf8')
    expect(csv.split('\n')[0]).toBe('payout_id,account,amount_micro_units,amount_units,run,created_at')
    expect(csv.trim().split('\n')).toHaveLength(3)
    for (const name of [names.json, names.csv]) expect((await verifyPayoutFile(join(files, name), [credentialKeyId(key)])).keyId).toBe(credentialKeyId(key))

    const before = await readFile(join(files, names.json))
    const payoutList = await Promise.all(run.payouts.map(async id => (await payouts(adapter).get(id))!))
    await adapter.deliver(run, payoutList.map(p => ({ ...p, state: 'in-transit' })))
    expect(Buffer.compare(await readFile(join(files, names.json)), before)).toBe(0)

    await expect(verifyPayoutFile(join(files, names.json), [credentialKeyId(await generateKeyPair('Ed25519'))])).rejects.toThrow(InvalidPayoutFileError)
    await writeFile(join(files, names.csv), csv.replace('2500000', '3500000'))
    await expect(verifyPayoutFile(join(files, names.csv), [credentialKeyId(key)])).rejects.toThrow(/does not verify/)
    await expect(verifyPayoutFile(join(files, 'missing.csv'), [credentialKeyId(key)])).rejects.toThrow(/does not exist/)
  })

  it('holds a disabled provider\'s earnings and pays the others', async () => {
    receiver = await startWebhookReceiver(SECRET)
    const accounts = new AccountRepository(opened.store)
    const good = (await accounts.create('provider', now)).account.id
    const revoked = (await accounts.create('provider', now)).account.id
    await accounts.disable(revoked, now)
    await earn(good, 5_000)
    await earn(revoked, 6_000)
    const report = await new Payouts({ ledger, adapter: () => webhook(receiver!), clock: () => now }, { thresholdMicros: 1_000, holdMs: 0 }).run()
    expect(report.delivered.map(p => p.account)).toEqual([good])
    expect(await ledger.balance(providerAccount(revoked))).toBe(6_000)
  })

  it('runs on a schedule counted from the last run, kept across restarts', async () => {
    receiver = await startWebhookReceiver(SECRET)
    let runs = 0
    const counting = { run: async () => { runs++; return payouts(webhook(receiver!)).run() } }
    await earn('acct-a', 5_000)
    const schedule = new PayoutSchedule({ store: opened.store, payouts: counting, logger: silentLogger(), clock: () => Date.now() }, 50)
    await schedule.start()
    await waitFor(() => runs >= 2, 'two scheduled runs', 5_000)
    await schedule.stop()
    expect(receiver.paid.size).toBe(1)
    // started again with a schedule of a minute, 59.95 s after the last run (by its clock): the next comes in 50 ms, not a minute
    const minutely = new PayoutSchedule({ store: opened.store, payouts: counting, logger: silentLogger(), clock: () => Date.now() + 59_950 }, 60_000)
    const before = runs
    await minutely.start()
    await waitFor(() => runs > before, 'the run due 50 ms after the restart', 5_000)
    await minutely.stop()
  })

  it('lists payouts newest run first, by account and state', async () => {
    receiver = await startWebhookReceiver(SECRET)
    const p = payouts(webhook(receiver))
    await earn('acct-a', 5_000)
    await p.run()
    now += 1000
    await earn('acct-a', 6_000)
    await earn('acct-b', 7_000)
    await p.run()
    expect((await p.list()).map(x => x.amount)).toEqual(expect.arrayContaining([5_000, 6_000, 7_000]))
    expect((await p.list())[2]?.amount).toBe(5_000)
    expect((await p.list({ account: 'acct-b' })).map(x => x.amount)).toEqual([7_000])
    expect(await p.list({ state: 'in-transit' })).toEqual([])
    expect(await p.list({ limit: 1 })).toHaveLength(1)
  })
})
