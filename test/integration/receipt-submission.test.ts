import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signCredential } from '../../protocols/credential/index.js'
import { MAX_RECEIPTS_PER_BATCH, RECEIPTS_EXCHANGE, SubmitRefusedError, counterSignReceipt, receiptAmount, signReceipt } from '../../protocols/receipts/index.js'
import { request } from '../../protocols/common/index.js'
import { creditTransaction } from '../../rendezvous/ledger/postings.js'
import { clientComponents, metricValue, waitFor } from '../helpers.js'
import { createTestnet } from '../testnet.js'
import type { Testnet, TestNode } from '../testnet.js'
import type { PeerId, PrivateKey } from '@libp2p/interface'

const MiB = 1024 * 1024
const PRICE = 1_000_000
const CREDIT = 1_000_000_000

describe('/peergrid/receipts/1.0.0: exits hand counter-signed receipts to the rendezvous (about 5 s)', () => {
  let net: Testnet
  let provider: TestNode
  let customerAccount: string
  let providerAccount: string
  let gatewayKey: PrivateKey
  let exitKey: PrivateKey
  let gateway: PeerId
  let exit: PeerId
  let gatewayCredential: Uint8Array
  let exitCredential: Uint8Array

  beforeAll(async () => {
    // submissions only when the test asks (flush), and retries in milliseconds
    net = await createTestnet(1, { gateways: 0, gossip: false, protocols: { receiptSubmitter: { intervalMs: 60_000, minBackoffMs: 20, maxBackoffMs: 100 }, documents: { refreshIntervalMs: 200 } } })
    provider = net.providers[0] as TestNode
    const rendezvous = net.rendezvous.rendezvous!
    customerAccount = (await rendezvous.accounts.create('customer')).account.id
    await rendezvous.ledger.book(creditTransaction({ customer: customerAccount, amount: CREDIT, reference: 'prepaid', atMs: Date.now() }))
    providerAccount = (await rendezvous.accounts.create('provider')).account.id
    gatewayKey = await generateKeyPair('Ed25519')
    exitKey = await generateKeyPair('Ed25519')
    gateway = peerIdFromPrivateKey(gatewayKey)
    exit = peerIdFromPrivateKey(exitKey)
    const now = Date.now()
    gatewayCredential = await signCredential(net.credentialKey, { peerId: gateway, account: customerAccount, role: 'customer', issuedAtMs: now - 60_000, expiresAtMs: now + 3_600_000 })
    exitCredential = await signCredential(net.credentialKey, { peerId: exit, account: providerAccount, role: 'provider', issuedAtMs: now - 60_000, expiresAtMs: now + 3_600_000 })
  })
  afterAll(async () => {
    await net?.destroy()
  })

  async function receipt (session: string, seq: number, bytes = seq * MiB): Promise<Uint8Array> {
    const fields = { session, provider: exit, customer: gateway, payingAccount: customerAccount, pricePerGiB: PRICE, bytesUp: 0, bytesDown: bytes, amount: receiptAmount(0, bytes, PRICE), seq, atMs: Date.now() }
    return counterSignReceipt(exitKey, exitCredential, await signReceipt(gatewayKey, gatewayCredential, fields))
  }

  it('settles more than a batch of sessions: every receipt booked once, the outbox emptied', async () => {
    const outbox = provider.provider!.receiptOutbox!
    const sessions = MAX_RECEIPTS_PER_BATCH + 44
    for (let i = 0; i < sessions; i++) {
      // two receipts of each session: only the later one stays in the outbox
      await outbox.put(await receipt(`bulk-${i}`, 1))
      await outbox.put(await receipt(`bulk-${i}`, 2))
    }
    expect(outbox.size()).toBe(sessions)
    await provider.libp2p.services.receiptSubmitter!.flush()
    expect(outbox.size()).toBe(0)
    expect(outbox.counts()).toMatchObject({ settled: sessions, refused: 0 })
    const ledger = net.rendezvous.rendezvous!.ledger
    expect(CREDIT - (await ledger.balance(`customer:${customerAccount}`))).toBe(sessions * receiptAmount(0, 2 * MiB, PRICE))
    expect(await ledger.check()).toMatchObject({ ok: true, transactions: sessions + 1, total: 0 })
    expect(await metricValue(net.rendezvous.registry, 'peergrid_protocol_requests_total', { protocol: 'receipts', side: 'server', result: 'ok' })).toBe(2)
  })

  it('keeps receipts while the rendezvous does not take them, and delivers them once it does', async () => {
    const outbox = provider.provider!.receiptOutbox!
    const server = net.rendezvous.libp2p.services.receiptServer!
    await server.stop()
    await outbox.put(await receipt('later', 3))
    await provider.libp2p.services.receiptSubmitter!.flush()
    expect(outbox.size()).toBe(1)
    await server.start()
    await provider.libp2p.services.receiptSubmitter!.flush()
    expect(outbox.size()).toBe(0)
    expect(await net.rendezvous.rendezvous!.receipts.session(exit.toString(), 'later')).toMatchObject({ seq: 3, amount: receiptAmount(0, 3 * MiB, PRICE) })
  })

  it('answers each refused receipt with its reason, and the outbox lets it go', async () => {
    const outbox = provider.provider!.receiptOutbox!
    const before = outbox.counts().refused
    const forged = await counterSignReceipt(await generateKeyPair('Ed25519'), exitCredential, await signReceipt(gatewayKey, gatewayCredential, {
      session: 'forged', provider: exit, customer: gateway, payingAccount: customerAccount, pricePerGiB: PRICE, bytesUp: 0, bytesDown: MiB, amount: receiptAmount(0, MiB, PRICE), seq: 1, atMs: Date.now()
    }))
    await outbox.put(forged)
    await provider.libp2p.services.receiptSubmitter!.flush()
    expect(outbox.size()).toBe(0)
    expect(outbox.counts().refused).toBe(before + 1)
    expect(await net.rendezvous.rendezvous!.receipts.session(exit.toString(), 'forged')).toBeUndefined()
  })

  it('stops a customer whose credit runs out: the overshoot written off as a loss, the account on the signed list until credited', async () => {
    const rendezvous = net.rendezvous.rendezvous!
    const { ledger } = rendezvous
    const poor = (await rendezvous.accounts.create('customer')).account.id
    const poorCredential = await signCredential(net.credentialKey, { peerId: gateway, account: poor, role: 'customer', issuedAtMs: Date.now() - 60_000, expiresAtMs: Date.now() + 3_600_000 })
    await ledger.book(creditTransaction({ customer: poor, amount: 1_000, reference: 'small', atMs: Date.now() }))
    // 1 GiB at 1 unit per GiB: 1,000,000 micro-units against a credit of 1,000
    const fields = { session: 'poor-1', provider: exit, customer: gateway, payingAccount: poor, pricePerGiB: PRICE, bytesUp: 0, bytesDown: 1024 * MiB, amount: receiptAmount(0, 1024 * MiB, PRICE), seq: 1, atMs: Date.now() }
    const outbox = provider.provider!.receiptOutbox!
    await outbox.put(await counterSignReceipt(exitKey, exitCredential, await signReceipt(gatewayKey, poorCredential, fields)))
    await provider.libp2p.services.receiptSubmitter!.flush()
    expect(await ledger.balance(`customer:${poor}`)).toBe(0)
    expect(await ledger.balance('operator:losses')).toBe(-(1_000_000 - 1_000))
    expect(await ledger.check()).toMatchObject({ ok: true, total: 0 })
    expect(rendezvous.revocations.unfunded().has(poor)).toBe(true)
    // the provider holds the list that stops it (fetched here: this testnet runs without gossip, which spreads it at once)
    await waitFor(() => provider.revocations?.current()?.unfunded.has(poor) === true ? true : undefined, 'the provider to hold the list', 10_000)
    // credited again: off the list
    await ledger.book(creditTransaction({ customer: poor, amount: 5_000, reference: 'top-up', atMs: Date.now() }))
    await rendezvous.credit.afterCredit(poor)
    expect(rendezvous.revocations.unfunded().has(poor)).toBe(false)
    await waitFor(() => provider.revocations?.current()?.unfunded.has(poor) === false ? true : undefined, 'the provider to hold the new list', 10_000)
  })

  it('refuses an oversized batch as BAD_REQUEST without settling any of it', async () => {
    const one = await receipt('oversized', 1)
    const batch = Array.from({ length: MAX_RECEIPTS_PER_BATCH + 1 }, () => one)
    await expect(request(clientComponents(provider.libp2p).connectionManager, net.rendezvous.libp2p.peerId, RECEIPTS_EXCHANGE, { receipts: batch }, { timeoutMs: 5_000 })).rejects.toThrow(SubmitRefusedError)
    expect(await net.rendezvous.rendezvous!.receipts.session(exit.toString(), 'oversized')).toBeUndefined()
    expect(await metricValue(net.rendezvous.registry, 'peergrid_protocol_requests_total', { protocol: 'receipts', side: 'server', result: 'bad_request' })).toBe(1)
  })
})
