import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { IN_FLIGHT_ALLOWANCE_PER_SESSION_BYTES } from '../../node/provider/exit/constants.js'
import { ExitMeter } from '../../node/provider/exit/meter.js'
import { credentialKeyId, signCredential } from '../../protocols/credential/index.js'
import { SignedReceipt, openReceipt, receiptAmount, signReceipt } from '../../protocols/receipts/index.js'
import type { ReceiptFields } from '../../protocols/receipts/index.js'
import type { Connection, PeerId, PrivateKey } from '@libp2p/interface'

const NOW = Date.now()
const HOUR = 3_600_000
const PRICE = 1_000_000
const BOUND = 64 * 1024

describe('the exit\'s meter', () => {
  let rendezvousKey: PrivateKey
  let exitKey: PrivateKey
  let gatewayKey: PrivateKey
  let gateway: PeerId
  let exit: PeerId
  let gatewayCredential: Uint8Array
  let exitCredential: Uint8Array
  let meter: ExitMeter
  let outbox: Uint8Array[]
  let session: string
  const from = (peer: PeerId): Connection => ({ remotePeer: peer }) as unknown as Connection
  const fields = (overrides: Partial<ReceiptFields>): ReceiptFields => {
    const bytesUp = overrides.bytesUp ?? 100
    const bytesDown = overrides.bytesDown ?? 1000
    const pricePerGiB = overrides.pricePerGiB ?? PRICE
    return { session, provider: exit, customer: gateway, payingAccount: 'acct-c', pricePerGiB, bytesUp, bytesDown, amount: receiptAmount(bytesUp, bytesDown, pricePerGiB), seq: 1, atMs: NOW, ...overrides }
  }
  const receipt = async (overrides: Partial<ReceiptFields> = {}, key = gatewayKey, credential = gatewayCredential): Promise<Uint8Array> => signReceipt(key, credential, fields(overrides))

  beforeAll(async () => {
    rendezvousKey = await generateKeyPair('Ed25519')
    exitKey = await generateKeyPair('Ed25519')
    gatewayKey = await generateKeyPair('Ed25519')
    gateway = peerIdFromPrivateKey(gatewayKey)
    exit = peerIdFromPrivateKey(exitKey)
    gatewayCredential = await signCredential(rendezvousKey, { peerId: gateway, account: 'acct-c', role: 'customer', issuedAtMs: NOW - HOUR, expiresAtMs: NOW + HOUR })
    exitCredential = await signCredential(rendezvousKey, { peerId: exit, account: 'acct-p', role: 'provider', issuedAtMs: NOW - HOUR, expiresAtMs: NOW + HOUR })
  })
  beforeEach(() => {
    outbox = []
    meter = new ExitMeter({
      peerId: exit,
      privateKey: exitKey,
      credential: () => exitCredential,
      trustedKeys: new Set([credentialKeyId(rendezvousKey)]),
      outbox: { put: async (r) => { outbox.push(r) } }
    }, { maxUnreceiptedBytes: BOUND })
    session = meter.start(gateway.toString(), 'acct-c', PRICE)
    meter.count(session, 'up', 100)
    meter.count(session, 'down', 1000)
  })

  it('counter-signs a receipt within its counts, keeps it for the rendezvous, and answers a retry the same', async () => {
    const signed = await receipt()
    const result = await meter.countersign(signed, from(gateway))
    expect(result.status).toBe('ok')
    const opened = await openReceipt((result as { receipt: Uint8Array }).receipt, { trustedKeys: new Set([credentialKeyId(rendezvousKey)]), countersigned: true, nowMs: NOW })
    expect(opened).toMatchObject({ providerAccount: 'acct-p', customerAccount: 'acct-c', bytesDown: 1000 })
    expect(outbox).toHaveLength(1)
    expect(meter.unreceipted(gateway.toString())).toBe(0)
    expect(await meter.countersign(signed, from(gateway))).toEqual(result)
    expect(outbox).toHaveLength(1)
  })

  it.each<{ name: string, overrides: Partial<ReceiptFields>, reason: RegExp }>([
    { name: 'more bytes down than the exit sent', overrides: { bytesDown: 1001 }, reason: /the exit sent 1000/ },
    { name: 'more bytes up than the exit received and may be in flight', overrides: { bytesUp: 100 + 4 * 1024 * 1024 + 1 }, reason: /the exit received 100/ },
    { name: 'another price', overrides: { pricePerGiB: PRICE + 1 }, reason: /price/ },
    { name: 'another paying account', overrides: { payingAccount: 'acct-other' }, reason: /may not sign for|paid by/ }
  ])('refuses a receipt with $name', async ({ overrides, reason }) => {
    const result = await meter.countersign(await receipt(overrides), from(gateway))
    expect(result).toMatchObject({ status: 'refused', reason: expect.stringMatching(reason) })
    expect(outbox).toHaveLength(0)
  })

  it('refuses seq going backwards and counts going down', async () => {
    expect((await meter.countersign(await receipt({ seq: 2 }), from(gateway))).status).toBe('ok')
    expect(await meter.countersign(await receipt({ seq: 1 }), from(gateway))).toMatchObject({ status: 'refused', reason: /not after 2/ })
    expect(await meter.countersign(await receipt({ seq: 3, bytesDown: 10 }), from(gateway))).toMatchObject({ status: 'refused', reason: /counts less/ })
  })

  it('knows no session of another customer, or one it never opened', async () => {
    const stranger = await generateKeyPair('Ed25519')
    const strangerCredential = await signCredential(rendezvousKey, { peerId: peerIdFromPrivateKey(stranger), account: 'acct-c', role: 'customer', issuedAtMs: NOW - HOUR, expiresAtMs: NOW + HOUR })
    const theirs = await signReceipt(stranger, strangerCredential, { ...fields({}), customer: peerIdFromPrivateKey(stranger) })
    expect(await meter.countersign(theirs, from(peerIdFromPrivateKey(stranger)))).toEqual({ status: 'unknown-session' })
    expect(await meter.countersign(await receipt({ session: 'f'.repeat(32) }), from(gateway))).toEqual({ status: 'unknown-session' })
    // a receipt relayed by another peer than its signer
    expect(await meter.countersign(await receipt(), from(exit))).toEqual({ status: 'unknown-session' })
    // no signature is checked before the session is known: a forged receipt for no session is just unknown
    const forged = SignedReceipt.decode(await receipt({ session: 'e'.repeat(32) }))
    expect(await meter.countersign(SignedReceipt.encode({ ...forged, customerSignature: new Uint8Array(64) }), from(gateway))).toEqual({ status: 'unknown-session' })
    expect(await meter.countersign(new Uint8Array([0xff, 0x01]), from(gateway))).toMatchObject({ status: 'refused', reason: /does not decode/ })
  })

  it('stops a customer past the bound plus its open sessions\' allowance, and lets it on once receipts catch up', async () => {
    const customer = gateway.toString()
    expect(meter.boundFor(customer)).toBe(BOUND + IN_FLIGHT_ALLOWANCE_PER_SESSION_BYTES)
    expect(meter.count(session, 'down', BOUND + IN_FLIGHT_ALLOWANCE_PER_SESSION_BYTES - 1100)).toBe(true)
    expect(meter.count(session, 'down', 1)).toBe(false)
    const down = 1000 + BOUND + IN_FLIGHT_ALLOWANCE_PER_SESSION_BYTES - 1100 + 1
    expect((await meter.countersign(await receipt({ bytesDown: down }), from(gateway))).status).toBe('ok')
    expect(meter.unreceipted(customer)).toBe(0)
    expect(meter.count(session, 'down', 1)).toBe(true)
    // closed, with its final receipt still to come: what it owes is in flight, so it keeps its allowance
    meter.close(session)
    expect(meter.boundFor(customer)).toBe(BOUND + IN_FLIGHT_ALLOWANCE_PER_SESSION_BYTES)
    expect((await meter.countersign(await receipt({ seq: 2, bytesDown: down + 1 }), from(gateway))).status).toBe('ok')
    expect(meter.boundFor(customer)).toBe(BOUND)
    expect(meter.unreceipted(customer)).toBe(0)
  })

  it('holds a customer\'s relays past half its bound until a receipt brings it back under; a hold with no receipt ends and is not repeated until one comes', async () => {
    const bound = meter.boundFor(gateway.toString())
    expect(meter.hold(session)).toBeUndefined()
    // past half the bound: a hold, the same one for every relay of the customer
    meter.count(session, 'down', Math.ceil(bound / 2))
    const hold = meter.hold(session)
    expect(hold).toBeInstanceOf(Promise)
    expect(meter.hold(session)).toBe(hold)
    let released = false
    void hold!.then(() => { released = true })
    await new Promise(resolve => setTimeout(resolve, 20))
    expect(released).toBe(false)
    // a receipt covering it all releases it
    const down = 1000 + Math.ceil(bound / 2)
    expect((await meter.countersign(await receipt({ bytesDown: down }), from(gateway))).status).toBe('ok')
    await hold
    expect(meter.hold(session)).toBeUndefined()

    // a customer who signs nothing more: the hold ends by itself, and the bound cuts it later
    const short = new ExitMeter({ peerId: exit, privateKey: exitKey, credential: () => exitCredential, trustedKeys: new Set([credentialKeyId(rendezvousKey)]), outbox: { put: async () => {} } }, { maxUnreceiptedBytes: BOUND, receiptWaitMs: 30 })
    const other = short.start(gateway.toString(), 'acct-c', PRICE)
    short.count(other, 'down', Math.ceil(short.boundFor(gateway.toString()) / 2) + 1)
    await short.hold(other)
    expect(short.hold(other)).toBeUndefined()
    expect(short.count(other, 'down', short.boundFor(gateway.toString()))).toBe(false)
  })
})
