import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { credentialKeyId, signCredential } from '../../protocols/credential/index.js'
import { BYTES_PER_GIB, SignedReceipt, counterSignReceipt, cpuAmount, receiptAmount, signReceipt } from '../../protocols/receipts/index.js'
import { AccountRepository } from '../../rendezvous/identity/accounts.js'
import { OPERATOR_FEES, customerAccount, providerAccount } from '../../rendezvous/ledger/accounts.js'
import { Ledger } from '../../rendezvous/ledger/ledger.js'
import { ReceiptBook } from '../../rendezvous/receipts/book.js'
import { STORE_KINDS, openTestStore } from '../stores.js'
import type { TestStore } from '../stores.js'
import type { ReceiptFields } from '../../protocols/receipts/index.js'
import type { PeerId, PrivateKey } from '@libp2p/interface'

const NOW = 1_800_000_000_000
const HOUR = 3_600_000
const MiB = 1024 * 1024
const PRICE = 2_000_000

describe.each(STORE_KINDS)('the receipt book in %s', (kind) => {
  let rendezvousKey: PrivateKey
  let gatewayKey: PrivateKey
  let exitKey: PrivateKey
  let gateway: PeerId
  let exit: PeerId
  let opened: TestStore
  let accounts: AccountRepository
  let ledger: Ledger
  let book: ReceiptBook
  let customer: string
  let provider: string
  let gatewayCredential: Uint8Array
  let exitCredential: Uint8Array

  beforeAll(async () => {
    rendezvousKey = await generateKeyPair('Ed25519')
    gatewayKey = await generateKeyPair('Ed25519')
    exitKey = await generateKeyPair('Ed25519')
    gateway = peerIdFromPrivateKey(gatewayKey)
    exit = peerIdFromPrivateKey(exitKey)
  })
  beforeEach(async () => {
    opened = await openTestStore(kind)
    accounts = new AccountRepository(opened.store)
    ledger = new Ledger(opened.store)
    customer = (await accounts.create('customer', NOW - HOUR)).account.id
    provider = (await accounts.create('provider', NOW - HOUR)).account.id
    gatewayCredential = await signCredential(rendezvousKey, { peerId: gateway, account: customer, role: 'customer', issuedAtMs: NOW - HOUR, expiresAtMs: NOW + 2 * HOUR })
    exitCredential = await signCredential(rendezvousKey, { peerId: exit, account: provider, role: 'provider', issuedAtMs: NOW - HOUR, expiresAtMs: NOW + 2 * HOUR })
    book = new ReceiptBook({ ledger, trustedKeys: () => new Set([credentialKeyId(rendezvousKey)]), clock: () => NOW + HOUR }, { feePpm: 100_000 })
  })
  afterEach(async () => {
    await opened.close()
  })

  /** A receipt signed by the gateway and counter-signed by the exit. */
  async function receipt (overrides: Partial<ReceiptFields> & { seq: number }, credentials = { gateway: gatewayCredential, exit: exitCredential }): Promise<Uint8Array> {
    const bytesUp = overrides.bytesUp ?? overrides.seq * MiB
    const bytesDown = overrides.bytesDown ?? overrides.seq * 9 * MiB
    const pricePerGiB = overrides.pricePerGiB ?? PRICE
    const fields: ReceiptFields = { session: 'sess-1', provider: exit, customer: gateway, payingAccount: customer, pricePerGiB, bytesUp, bytesDown, amount: receiptAmount(bytesUp, bytesDown, pricePerGiB) + cpuAmount(overrides.cpuMs ?? 0, overrides.pricePerCpuSecond ?? 0), atMs: NOW + overrides.seq * 1000, ...overrides }
    return counterSignReceipt(exitKey, credentials.exit, await signReceipt(gatewayKey, credentials.gateway, fields))
  }

  it('books known byte counts as exactly the expected amounts for customer, provider and operator', async () => {
    await ledger.book({ id: 'credit:test', kind: 'credit', atMs: NOW, entries: [{ account: customerAccount(customer), amount: 10_000_000 }, { account: 'operator:funding', amount: -10_000_000 }] })
    // 1 GiB up, 1 GiB down at 2 units per GiB: 4 units; fee 10%
    const results = await book.settle([await receipt({ seq: 1, bytesUp: BYTES_PER_GIB, bytesDown: BYTES_PER_GIB })])
    expect(results).toEqual([{ outcome: 'booked', booked: 4_000_000 }])
    expect(await ledger.balance(customerAccount(customer))).toBe(6_000_000)
    expect(await ledger.balance(providerAccount(provider))).toBe(3_600_000)
    expect(await ledger.balance(OPERATOR_FEES)).toBe(400_000)
    expect(await ledger.check()).toMatchObject({ ok: true, total: 0 })
    expect(await book.session(exit.toString(), 'sess-1')).toMatchObject({ seq: 1, amount: 4_000_000, bytesUp: BYTES_PER_GIB, payingAccount: customer, providerAccount: provider })
  })

  it('books only the increase, once, however receipts are resubmitted, replayed or reordered', async () => {
    const [r1, r2, r3] = await Promise.all([receipt({ seq: 1 }), receipt({ seq: 2 }), receipt({ seq: 3 })])
    expect((await book.settle([r1 as Uint8Array])).map(r => r.outcome)).toEqual(['booked'])
    // seq 3 covers seq 2 in the same batch; seq 1 is booked already
    expect((await book.settle([r2 as Uint8Array, r3 as Uint8Array, r1 as Uint8Array])).map(r => r.outcome)).toEqual(['superseded', 'booked', 'duplicate'])
    expect((await book.settle([r3 as Uint8Array, r2 as Uint8Array])).map(r => r.outcome)).toEqual(['duplicate', 'duplicate'])
    // the same batch settled twice at once books once
    const r4 = await receipt({ seq: 4 })
    const twice = await Promise.all([book.settle([r4]), book.settle([r4])])
    expect(twice.flat().map(r => r.outcome).sort()).toEqual(['booked', 'duplicate'])
    const expected = receiptAmount(4 * MiB, 36 * MiB, PRICE)
    expect(-(await ledger.balance(customerAccount(customer)))).toBe(expected)
    expect((await book.session(exit.toString(), 'sess-1'))?.amount).toBe(expected)
    expect(await ledger.check()).toMatchObject({ ok: true, transactions: 3 })
  })

  it('refuses bad receipts by reason and books nothing for them', async () => {
    const good = await receipt({ seq: 1 })
    const signed = SignedReceipt.decode(good)
    const badSignature = SignedReceipt.encode({ ...signed, customerSignature: new Uint8Array(64) })
    const notCountersigned = await signReceipt(gatewayKey, gatewayCredential, { session: 'sess-2', provider: exit, customer: gateway, payingAccount: customer, pricePerGiB: PRICE, bytesUp: 1, bytesDown: 1, amount: 0, seq: 1, atMs: NOW })
    const strangerCredential = await signCredential(await generateKeyPair('Ed25519'), { peerId: gateway, account: customer, role: 'customer', issuedAtMs: NOW - HOUR, expiresAtMs: NOW + HOUR })
    const untrusted = await receipt({ seq: 1, session: 'sess-3' }, { gateway: strangerCredential, exit: exitCredential })
    const unknownPayer = await receipt({ seq: 1, session: 'sess-4', payingAccount: 'acct-nobody' })
    const results = await book.settle([badSignature, notCountersigned, untrusted, new Uint8Array([1, 2, 3]), unknownPayer])
    expect(results.map(r => r.outcome)).toEqual(['bad-signature', 'bad-signature', 'bad-credential', 'invalid', 'bad-credential'])
    expect(await ledger.balances()).toEqual([])
    expect(await book.session(exit.toString(), 'sess-1')).toBeUndefined()
  })

  it('books a hosted gateway\'s receipt to the customer it names, and no other gateway\'s', async () => {
    const other = (await accounts.create('customer', NOW - HOUR)).account.id
    const hostedCredential = await signCredential(rendezvousKey, { peerId: gateway, account: customer, role: 'customer', hosted: true, issuedAtMs: NOW - HOUR, expiresAtMs: NOW + 2 * HOUR })
    expect((await book.settle([await receipt({ seq: 1, session: 'hosted-1', payingAccount: other }, { gateway: hostedCredential, exit: exitCredential })]))[0]?.outcome).toBe('booked')
    expect(await ledger.balance(customerAccount(other))).toBeLessThan(0)
    expect((await book.settle([await receipt({ seq: 1, session: 'plain-1', payingAccount: other })]))[0]).toMatchObject({ outcome: 'bad-credential', reason: expect.stringMatching(/may not sign for/) })
  })

  it('refuses a receipt for an account the rendezvous does not have', async () => {
    const ghost = await signCredential(rendezvousKey, { peerId: gateway, account: 'acct-ghost', role: 'customer', issuedAtMs: NOW - HOUR, expiresAtMs: NOW + HOUR })
    const results = await book.settle([await receipt({ seq: 1, payingAccount: 'acct-ghost' }, { gateway: ghost, exit: exitCredential })])
    expect(results[0]).toMatchObject({ outcome: 'unknown-account', reason: 'no customer account acct-ghost' })
    expect(await ledger.balances()).toEqual([])
  })

  it('refuses a receipt whose terms changed within the session, or whose counts went down', async () => {
    expect((await book.settle([await receipt({ seq: 1 })]))[0]?.outcome).toBe('booked')
    const cheaper = await receipt({ seq: 2, pricePerGiB: PRICE / 2 })
    const fewer = await receipt({ seq: 3, bytesUp: 0, bytesDown: 0 })
    const results = await book.settle([cheaper])
    expect(results[0]).toMatchObject({ outcome: 'inconsistent', reason: expect.stringMatching(/price changed/) })
    expect((await book.settle([fewer]))[0]).toMatchObject({ outcome: 'inconsistent', reason: expect.stringMatching(/counts less/) })
    expect((await book.session(exit.toString(), 'sess-1'))?.seq).toBe(1)
  })

  it('books a job\'s CPU time at its price, and refuses a later receipt of it at another CPU price', async () => {
    const job = { session: 'job-1', bytesUp: 0, bytesDown: 0, pricePerGiB: 0, cpuMs: 2500, pricePerCpuSecond: 1_000_000, amount: cpuAmount(2500, 1_000_000) }
    expect(await book.settle([await receipt({ ...job, seq: 1 })])).toEqual([{ outcome: 'booked', booked: 2_500_000 }])
    expect(await book.session(exit.toString(), 'job-1')).toMatchObject({ cpuMs: 2500, pricePerCpuSecond: 1_000_000, amount: 2_500_000 })
    expect(await ledger.balance(providerAccount(provider))).toBe(2_250_000)
    const repriced = await receipt({ ...job, seq: 2, cpuMs: 3000, pricePerCpuSecond: 2_000_000, amount: cpuAmount(3000, 2_000_000) })
    expect((await book.settle([repriced]))[0]).toMatchObject({ outcome: 'inconsistent', reason: expect.stringMatching(/CPU price changed/) })
    const lessCpu = await receipt({ ...job, seq: 3, cpuMs: 2000, amount: cpuAmount(2000, 1_000_000) })
    expect((await book.settle([lessCpu]))[0]).toMatchObject({ outcome: 'inconsistent', reason: expect.stringMatching(/counts less/) })
    expect(await ledger.check()).toMatchObject({ ok: true, total: 0 })
  })

  it('keeps usage from before an account was disabled, and refuses usage after', async () => {
    const before = await receipt({ seq: 1, atMs: NOW })
    await accounts.disable(customer, NOW + 30_000)
    const after = await receipt({ seq: 2, atMs: NOW + 60_000 })
    expect((await book.settle([before]))[0]?.outcome).toBe('booked')
    expect((await book.settle([after]))[0]).toMatchObject({ outcome: 'bad-credential', reason: expect.stringMatching(/disabled/) })
  })

  it('keeps sessions of different exits apart even when their ids collide', async () => {
    const otherExitKey = await generateKeyPair('Ed25519')
    const otherExit = peerIdFromPrivateKey(otherExitKey)
    const otherCredential = await signCredential(rendezvousKey, { peerId: otherExit, account: provider, role: 'provider', issuedAtMs: NOW - HOUR, expiresAtMs: NOW + 2 * HOUR })
    const mine = await receipt({ seq: 5 })
    const fields: ReceiptFields = { session: 'sess-1', provider: otherExit, customer: gateway, payingAccount: customer, pricePerGiB: PRICE, bytesUp: MiB, bytesDown: MiB, amount: receiptAmount(MiB, MiB, PRICE), seq: 1, atMs: NOW }
    const theirs = await counterSignReceipt(otherExitKey, otherCredential, await signReceipt(gatewayKey, gatewayCredential, fields))
    expect((await book.settle([mine, theirs])).map(r => r.outcome)).toEqual(['booked', 'booked'])
  })
})
