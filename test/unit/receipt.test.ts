import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { beforeAll, describe, expect, it } from 'vitest'
import { credentialKeyId, signCredential } from '../../protocols/credential/index.js'
import {
  BYTES_PER_GIB,
  InvalidReceiptError,
  InvalidReceiptSignatureError,
  MAX_SIGNED_RECEIPT_BYTES,
  Receipt,
  ReceiptCredentialError,
  SignedReceipt,
  counterSignReceipt,
  openReceipt,
  cpuAmount,
  receiptAmount,
  signReceipt
} from '../../protocols/receipts/index.js'
import type { ReceiptFields } from '../../protocols/receipts/index.js'
import type { PeerId, PrivateKey } from '@libp2p/interface'

const NOW = 1_800_000_000_000
const HOUR = 3_600_000

describe('receipt amounts', () => {
  it.each([
    { up: 0, down: 0, price: 1_000_000, amount: 0 },
    { up: BYTES_PER_GIB, down: 0, price: 1_000_000, amount: 1_000_000 },
    { up: BYTES_PER_GIB / 2, down: BYTES_PER_GIB / 2, price: 3, amount: 3 },
    { up: 1, down: 0, price: 1_000_000, amount: 0 },
    { up: 1074, down: 0, price: 1_000_000, amount: 1 },
    // beyond Number's exact range in the product: 2^50 bytes at 10^12 per GiB
    { up: 2 ** 50, down: 0, price: 1_000_000_000_000, amount: 2 ** 20 * 1_000_000_000_000 }
  ])('$up + $down bytes at $price per GiB is $amount micro-units, rounded down', ({ up, down, price, amount }) => {
    expect(receiptAmount(up, down, price)).toBe(amount)
  })

  it.each([
    { cpuMs: 0, price: 1_000_000, amount: 0 },
    { cpuMs: 1000, price: 20, amount: 20 },
    { cpuMs: 49, price: 20, amount: 0 },
    { cpuMs: 50, price: 20, amount: 1 },
    { cpuMs: 1234, price: 1_000_000, amount: 1_234_000 },
    // beyond Number's exact range in the product: 2^40 CPU-ms at 10^12 per CPU-second
    { cpuMs: 2 ** 40, price: 1_000_000_000_000, amount: 2 ** 40 * 1_000_000_000 }
  ])('$cpuMs CPU-ms at $price per CPU-second is $amount micro-units, rounded down', ({ cpuMs, price, amount }) => {
    expect(cpuAmount(cpuMs, price)).toBe(amount)
  })
})

describe('receipts', () => {
  let rendezvousKey: PrivateKey
  let gatewayKey: PrivateKey
  let exitKey: PrivateKey
  let gateway: PeerId
  let exit: PeerId
  let gatewayCredential: Uint8Array
  let exitCredential: Uint8Array
  let trustedKeys: Set<string>
  const fields = (overrides: Partial<ReceiptFields> = {}): ReceiptFields => {
    const bytesUp = overrides.bytesUp ?? 10 * 1024 * 1024
    const bytesDown = overrides.bytesDown ?? 90 * 1024 * 1024
    const pricePerGiB = overrides.pricePerGiB ?? 2_000_000
    return { session: 'a1b2c3d4e5f60718', provider: exit, customer: gateway, payingAccount: 'acct-cust', pricePerGiB, bytesUp, bytesDown, amount: receiptAmount(bytesUp, bytesDown, pricePerGiB), seq: 1, atMs: NOW, ...overrides }
  }
  const options = { get trustedKeys () { return trustedKeys }, countersigned: true, nowMs: NOW + 1000 }

  beforeAll(async () => {
    rendezvousKey = await generateKeyPair('Ed25519')
    gatewayKey = await generateKeyPair('Ed25519')
    exitKey = await generateKeyPair('Ed25519')
    gateway = peerIdFromPrivateKey(gatewayKey)
    exit = peerIdFromPrivateKey(exitKey)
    trustedKeys = new Set([credentialKeyId(rendezvousKey)])
    gatewayCredential = await signCredential(rendezvousKey, { peerId: gateway, account: 'acct-cust', role: 'customer', issuedAtMs: NOW - HOUR, expiresAtMs: NOW + HOUR })
    exitCredential = await signCredential(rendezvousKey, { peerId: exit, account: 'acct-prov', role: 'provider', issuedAtMs: NOW - HOUR, expiresAtMs: NOW + HOUR })
  })

  it('is signed by the gateway, counter-signed by the exit, and opens with both accounts', async () => {
    const signed = await signReceipt(gatewayKey, gatewayCredential, fields())
    await expect(openReceipt(signed, options)).rejects.toThrow(/not counter-signed/)
    const customerOnly = await openReceipt(signed, { ...options, countersigned: false })
    expect(customerOnly).toMatchObject({ customerAccount: 'acct-cust', amount: receiptAmount(10 * 1024 * 1024, 90 * 1024 * 1024, 2_000_000) })
    const both = await counterSignReceipt(exitKey, exitCredential, signed)
    expect(both.byteLength).toBeLessThanOrEqual(MAX_SIGNED_RECEIPT_BYTES)
    const opened = await openReceipt(both, options)
    expect(opened).toMatchObject({ session: 'a1b2c3d4e5f60718', payingAccount: 'acct-cust', customerAccount: 'acct-cust', providerAccount: 'acct-prov', seq: 1, pricePerGiB: 2_000_000 })
    expect(opened.provider.equals(exit)).toBe(true)
    expect(opened.customer.equals(gateway)).toBe(true)
  })

  it('carries a job\'s CPU time and price, and an amount that is their product', async () => {
    const job = { ...fields({ bytesUp: 0, bytesDown: 0, pricePerGiB: 0 }), cpuMs: 1500, pricePerCpuSecond: 40_000, amount: cpuAmount(1500, 40_000) }
    const opened = await openReceipt(await counterSignReceipt(exitKey, exitCredential, await signReceipt(gatewayKey, gatewayCredential, job)), options)
    expect(opened).toMatchObject({ cpuMs: 1500, pricePerCpuSecond: 40_000, amount: 60_000, bytesUp: 0, bytesDown: 0 })
    await expect(signReceipt(gatewayKey, gatewayCredential, { ...job, amount: 60_001 })).rejects.toThrow(/prices times its bytes and CPU time \(60000\)/)
    // a proxy receipt opens with no CPU time
    expect(await openReceipt(await counterSignReceipt(exitKey, exitCredential, await signReceipt(gatewayKey, gatewayCredential, fields())), options)).toMatchObject({ cpuMs: 0, pricePerCpuSecond: 0 })
  })

  it('refuses to sign an amount that is not price times bytes', async () => {
    await expect(signReceipt(gatewayKey, gatewayCredential, { ...fields(), amount: fields().amount + 1 })).rejects.toThrow(InvalidReceiptError)
  })

  /** Re-encodes a counter-signed receipt with one receipt field changed, keeping the old signatures. */
  async function tampered (change: Partial<Receipt>): Promise<Uint8Array> {
    const signed = SignedReceipt.decode(await counterSignReceipt(exitKey, exitCredential, await signReceipt(gatewayKey, gatewayCredential, fields())))
    const receipt = Receipt.decode(signed.receipt)
    return SignedReceipt.encode({ ...signed, receipt: Receipt.encode({ ...receipt, ...change }) })
  }

  it.each<{ name: string, change: Partial<Receipt>, error: any }>([
    { name: 'more bytes than signed (the amount consistent)', change: { bytesDown: 2 * BYTES_PER_GIB, amount: receiptAmount(10 * 1024 * 1024, 2 * BYTES_PER_GIB, 2_000_000) }, error: InvalidReceiptSignatureError },
    { name: 'an amount that is not price times bytes', change: { amount: 1 }, error: InvalidReceiptError },
    { name: 'CPU time without the amount it costs', change: { cpuMs: 5000, pricePerCpuSecond: 1000 }, error: InvalidReceiptError },
    { name: 'CPU time out of range', change: { cpuMs: 2 ** 41 }, error: InvalidReceiptError },
    { name: 'seq 0', change: { seq: 0 }, error: InvalidReceiptError },
    { name: 'a malformed session', change: { session: 'no spaces allowed' }, error: InvalidReceiptError },
    { name: 'a provider that is no peer id', change: { provider: new Uint8Array([1, 2, 3]) }, error: InvalidReceiptError },
    { name: 'a date in the future', change: { atMs: NOW + 10 * 60_000 }, error: InvalidReceiptError }
  ])('refuses a receipt with $name', async ({ change, error }) => {
    await expect(openReceipt(await tampered(change), options)).rejects.toThrow(error)
  })

  it('refuses a counter-signature by another key than the receipt\'s provider', async () => {
    const other = await generateKeyPair('Ed25519')
    const signed = await signReceipt(gatewayKey, gatewayCredential, fields())
    await expect(openReceipt(await counterSignReceipt(other, exitCredential, signed), options)).rejects.toThrow(InvalidReceiptSignatureError)
  })

  it('refuses credentials that do not back the signers', async () => {
    const signed = await signReceipt(gatewayKey, gatewayCredential, fields())
    // the provider presents the customer's credential
    await expect(openReceipt(await counterSignReceipt(exitKey, gatewayCredential, signed), options)).rejects.toThrow(ReceiptCredentialError)
    // a credential expired by the receipt's time
    const expired = await signCredential(rendezvousKey, { peerId: gateway, account: 'acct-cust', role: 'customer', issuedAtMs: NOW - 3 * HOUR, expiresAtMs: NOW - 2 * HOUR })
    await expect(openReceipt(await counterSignReceipt(exitKey, exitCredential, await signReceipt(gatewayKey, expired, fields())), options)).rejects.toThrow(/expired/)
    // an untrusted signing key
    await expect(openReceipt(await counterSignReceipt(exitKey, exitCredential, signed), { ...options, trustedKeys: new Set(['12D3KooWHeBXWtu9FftJAth4M8HB57FGEWF7xGSaMjoZ1xNAdWu5']) })).rejects.toThrow(ReceiptCredentialError)
    // revoked
    const both = await counterSignReceipt(exitKey, exitCredential, signed)
    await expect(openReceipt(both, { ...options, isRevoked: c => c.account === 'acct-cust' })).rejects.toThrow(/revoked/)
  })

  it('refuses a customer signing for another account unless allowed to (a hosted gateway)', async () => {
    const forOther = await counterSignReceipt(exitKey, exitCredential, await signReceipt(gatewayKey, gatewayCredential, fields({ payingAccount: 'acct-someone' })))
    await expect(openReceipt(forOther, options)).rejects.toThrow(/may not sign for account acct-someone/)
    const opened = await openReceipt(forOther, { ...options, mayPayFor: () => true })
    expect(opened).toMatchObject({ payingAccount: 'acct-someone', customerAccount: 'acct-cust' })
  })

  it('checks a cached credential\'s holder, role and validity again for each receipt', async () => {
    const cache = new Map()
    const withCache = { ...options, credentialCache: cache }
    await openReceipt(await counterSignReceipt(exitKey, exitCredential, await signReceipt(gatewayKey, gatewayCredential, fields())), withCache)
    expect(cache.size).toBe(2)
    // the customer's credential presented for the provider's side, from the cache
    await expect(openReceipt(await counterSignReceipt(exitKey, gatewayCredential, await signReceipt(gatewayKey, gatewayCredential, fields())), withCache)).rejects.toThrow(/another peer|for a customer/)
    // a receipt dated after the cached credential expired
    await expect(openReceipt(await counterSignReceipt(exitKey, exitCredential, await signReceipt(gatewayKey, gatewayCredential, fields({ atMs: NOW + 2 * HOUR }))), { ...withCache, nowMs: NOW + 2 * HOUR })).rejects.toThrow(/not valid at the receipt's time/)
  })

  it('refuses an oversized or undecodable receipt without reading it', async () => {
    await expect(openReceipt(new Uint8Array(MAX_SIGNED_RECEIPT_BYTES + 1), options)).rejects.toThrow(/limit/)
    await expect(openReceipt(new Uint8Array([0xff, 0xff, 0xff]), options)).rejects.toThrow(InvalidReceiptError)
  })
})
