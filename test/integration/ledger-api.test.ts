import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalApi } from '../../node/api/server.js'
import { AccountRepository } from '../../rendezvous/identity/accounts.js'
import { registerLedgerRoutes } from '../../rendezvous/ledger/api.js'
import { Ledger } from '../../rendezvous/ledger/ledger.js'
import { registerPayoutRoutes } from '../../rendezvous/payouts/api.js'
import { PayoutConfigError } from '../../rendezvous/payouts/errors.js'
import { Payouts } from '../../rendezvous/payouts/payouts.js'
import { openTestStore, testStoreKind } from '../stores.js'
import type { TestStore } from '../stores.js'
import type { FastifyInstance } from 'fastify'

const TOKEN = 'test-token'
const AUTH = { authorization: `Bearer ${TOKEN}` }

async function getJson (url: string): Promise<any> {
  return (await fetch(url, { headers: AUTH })).json()
}

describe(`the ledger on the operator API (${testStoreKind()})`, () => {
  let opened: TestStore
  let app: FastifyInstance
  let url: string
  let customer: string
  let provider: string
  beforeAll(async () => {
    opened = await openTestStore(testStoreKind())
    const store = opened.store
    const accounts = new AccountRepository(store)
    customer = (await accounts.create('customer')).account.id
    provider = (await accounts.create('provider')).account.id
    // the operator API as the rendezvous builds it: its token, its error shape, its validation
    app = createLocalApi({ token: TOKEN, logger: pino({ level: 'silent' }) })
    const ledger = new Ledger(store)
    await registerLedgerRoutes(app, { accounts, ledger }, () => Date.UTC(2026, 11, 3))
    // payouts with no adapter: the rendezvous runs them only once the operator chose where they go
    registerPayoutRoutes(app, { ledger, accounts, payouts: new Payouts({ ledger, adapter: () => { throw new PayoutConfigError('no payout adapter: give the rendezvous --payout-dir or --payout-webhook') } }, { thresholdMicros: 1 }) })
    url = await app.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => {
    await app?.close()
    await opened?.close()
  })

  const credit = async (id: string, body: unknown): Promise<{ status: number, body: any }> => {
    const response = await fetch(`${url}/api/accounts/${id}/credit`, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    return { status: response.status, body: await response.json() }
  }

  it('credits a customer once per reference: 201, then 200 with nothing booked, 409 for another amount', async () => {
    expect(await credit(customer, { amount: 2_000_000, reference: 'pay-1' })).toMatchObject({ status: 201, body: { applied: true, balance: 2_000_000, balanceUnits: '2.000000' } })
    expect(await credit(customer, { amount: 2_000_000, reference: 'pay-1' })).toMatchObject({ status: 200, body: { applied: false, balance: 2_000_000 } })
    expect(await credit(customer, { amount: 3_000_000, reference: 'pay-1' })).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } })
    const ledger = await getJson(`${url}/api/ledger`)
    expect(ledger.balances).toEqual(expect.arrayContaining([
      { account: `customer:${customer}`, balance: 2_000_000, balanceUnits: '2.000000' },
      { account: 'operator:funding', balance: -2_000_000, balanceUnits: '-2.000000' }
    ]))
    expect(await getJson(`${url}/api/ledger/check`)).toMatchObject({ ok: true, transactions: 1, total: 0 })
  })

  it.each([
    { name: 'a fractional amount', body: { amount: 1.5, reference: 'x' }, status: 400 },
    { name: 'a negative amount', body: { amount: -5, reference: 'x' }, status: 400 },
    { name: 'an amount beyond the bound', body: { amount: 1e16, reference: 'x' }, status: 400 },
    { name: 'an amount as a string', body: { amount: '5', reference: 'x' }, status: 400 },
    { name: 'no reference', body: { amount: 5 }, status: 400 },
    { name: 'a reference with a space', body: { amount: 5, reference: 'a b' }, status: 400 },
    { name: 'an extra field', body: { amount: 5, reference: 'x', account: 'someone-else' }, status: 400 }
  ])('refuses $name with $status and books nothing', async ({ body, status }) => {
    const before = await getJson(`${url}/api/ledger/journal`)
    expect((await credit(customer, body)).status).toBe(status)
    expect(await getJson(`${url}/api/ledger/journal`)).toEqual(before)
  })

  it('refuses to credit a provider or an unknown account', async () => {
    expect((await credit(provider, { amount: 5, reference: 'x' })).status).toBe(404)
    expect((await credit('acct-nobody', { amount: 5, reference: 'x' })).status).toBe(404)
  })

  it('pages the journal', async () => {
    await credit(customer, { amount: 1, reference: 'pay-2' })
    await credit(customer, { amount: 1, reference: 'pay-3' })
    const all = (await getJson(`${url}/api/ledger/journal`)).transactions
    expect(all.map((tx: any) => tx.seq)).toEqual([0, 1, 2])
    const page = (await getJson(`${url}/api/ledger/journal?after=0&limit=1`)).transactions
    expect(page.map((tx: any) => tx.id)).toEqual([`credit:${customer}:pay-2`])
    expect((await fetch(`${url}/api/ledger/journal?limit=5000`, { headers: AUTH })).status).toBe(400)
    expect((await fetch(`${url}/api/ledger`)).status).toBe(401)
  })

  it('answers payouts: who is due, the list, and a clear 409 for a run with no adapter', async () => {
    expect(await getJson(`${url}/api/payouts/due`)).toEqual({ rules: { thresholdMicros: 1, holdMs: 7 * 86_400_000 }, due: [] })
    expect(await getJson(`${url}/api/payouts`)).toEqual({ rules: { thresholdMicros: 1, holdMs: 7 * 86_400_000 }, payouts: [] })
    const run = await fetch(`${url}/api/payouts/run`, { method: 'POST', headers: AUTH })
    expect(run.status).toBe(409)
    expect(await run.json()).toEqual({ error: { code: 'PAYOUTS_NOT_CONFIGURED', message: 'no payout adapter: give the rendezvous --payout-dir or --payout-webhook' } })
    expect((await fetch(`${url}/api/payouts?state=lost`, { headers: AUTH })).status).toBe(400)
  })
})
