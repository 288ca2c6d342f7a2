import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { beforeAll, describe, expect, it } from 'vitest'
import { JobPayer } from '../../node/gateway/jobs/payment.js'
import { JobPayments } from '../../node/provider/jobs/payment.js'
import { credentialKeyId, signCredential } from '../../protocols/credential/index.js'
import { cpuAmount, openReceipt } from '../../protocols/receipts/index.js'
import type { JobPayment } from '../../protocols/job/index.js'
import type { PeerId, PrivateKey } from '@libp2p/interface'

const HOUR = 3_600_000
const PRICE = 50_000

describe('paying for a job: the gateway checks the bill, the provider checks the receipt', () => {
  let rendezvousKey: PrivateKey
  let gatewayKey: PrivateKey
  let providerKey: PrivateKey
  let gateway: PeerId
  let provider: PeerId
  let payer: JobPayer
  let payments: JobPayments
  let outbox: Uint8Array[]
  let paid: number[]

  beforeAll(async () => {
    rendezvousKey = await generateKeyPair('Ed25519')
    gatewayKey = await generateKeyPair('Ed25519')
    providerKey = await generateKeyPair('Ed25519')
    gateway = peerIdFromPrivateKey(gatewayKey)
    provider = peerIdFromPrivateKey(providerKey)
    const now = Date.now()
    const gatewayCredential = await signCredential(rendezvousKey, { peerId: gateway, account: 'acct-cust', role: 'customer', issuedAtMs: now - HOUR, expiresAtMs: now + HOUR })
    const providerCredential = await signCredential(rendezvousKey, { peerId: provider, account: 'acct-prov', role: 'provider', issuedAtMs: now - HOUR, expiresAtMs: now + HOUR })
    paid = []
    payer = new JobPayer({ peerId: gateway, privateKey: gatewayKey, credential: () => ({ bytes: gatewayCredential, account: 'acct-cust' }), onPaid: (amount) => { paid.push(amount) } })
    outbox = []
    payments = new JobPayments({ peerId: provider, privateKey: providerKey, credential: () => providerCredential, trustedKeys: new Set([credentialKeyId(rendezvousKey)]), outbox: { put: async (receipt) => { outbox.push(receipt) } } })
  })

  /** Terms of a job sent `agoMs` ago with a wall-time limit. */
  const terms = (wallLimitMs: number, agoMs: number): { pricePerCpuSecond: number, wallLimitMs: number, sentAt: number } => ({ pricePerCpuSecond: PRICE, wallLimitMs, sentAt: performance.now() - agoMs })

  it('signs a fair bill, which the provider counter-signs and keeps for the rendezvous', async () => {
    const bill = payments.bill(1200, PRICE)
    expect(bill).toMatchObject({ cpuMs: 1200, pricePerCpuSecond: PRICE, amount: 60_000 })
    expect(bill.session).toMatch(/^[0-9a-f]{32}$/)
    const signed = await payer.pay(provider, bill, terms(2000, 1500))
    const countersigned = await payments.accept(bill, signed, gateway, 'acct-cust')
    expect(outbox).toEqual([countersigned])
    expect(paid).toEqual([60_000])
    const receipt = await openReceipt(countersigned, { trustedKeys: new Set([credentialKeyId(rendezvousKey)]), countersigned: true })
    expect(receipt).toMatchObject({ session: bill.session, seq: 1, cpuMs: 1200, pricePerCpuSecond: PRICE, amount: 60_000, payingAccount: 'acct-cust', providerAccount: 'acct-prov' })
  })

  it.each<{ name: string, bill: Partial<JobPayment>, wallLimitMs: number, agoMs: number, error: RegExp }>([
    { name: 'another price than the job was sent at', bill: { pricePerCpuSecond: PRICE * 2, amount: cpuAmount(100, PRICE * 2) }, wallLimitMs: 1000, agoMs: 1000, error: /bills 100000 per CPU-second; the job was sent at 50000/ },
    { name: 'more CPU time than the job\'s limit', bill: { cpuMs: 1001, amount: cpuAmount(1001, PRICE) }, wallLimitMs: 1000, agoMs: 5000, error: /over the job's 1000 ms limit/ },
    { name: 'more CPU time than has passed since the job was sent', bill: { cpuMs: 900, amount: cpuAmount(900, PRICE) }, wallLimitMs: 1000, agoMs: 100, error: /the job was sent 100 ms ago/ },
    { name: 'an amount that is not the price times the CPU time', bill: { amount: cpuAmount(100, PRICE) + 1 }, wallLimitMs: 1000, agoMs: 1000, error: /100 CPU-ms at its price is 5000/ }
  ])('refuses to sign a bill with $name', async ({ bill, wallLimitMs, agoMs, error }) => {
    const fair = payments.bill(100, PRICE)
    await expect(payer.pay(provider, { ...fair, ...bill }, terms(wallLimitMs, agoMs))).rejects.toMatchObject({ name: 'JobBillError', message: expect.stringMatching(error) })
  })

  it('refuses a receipt that is not the bill, not the sender\'s, or for another paying account, and keeps none of them', async () => {
    const kept = outbox.length
    const bill = payments.bill(500, PRICE)
    const other = payments.bill(500, PRICE)
    const signedOther = await payer.pay(provider, other, terms(1000, 1000))
    await expect(payments.accept(bill, signedOther, gateway, 'acct-cust')).rejects.toMatchObject({ name: 'JobPaymentError', message: expect.stringMatching(/another session/) })
    const signed = await payer.pay(provider, bill, terms(1000, 1000))
    await expect(payments.accept(bill, signed, provider, 'acct-cust')).rejects.toThrow(/signed by another peer/)
    await expect(payments.accept(bill, signed, gateway, 'acct-hosted-customer')).rejects.toThrow(/another paying account/)
    await expect(payments.accept(bill, new Uint8Array([1, 2, 3]), gateway, 'acct-cust')).rejects.toThrow(/receipt was refused/)
    expect(outbox.length).toBe(kept)
  })
})
