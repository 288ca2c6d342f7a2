import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../node/logger.js'
import { CustomerCheck } from '../../node/provider/exit/customer-check.js'
import { credentialKeyId, signCredential } from '../../protocols/credential/index.js'
import { UnfundedAccountError, openRevocationList, signRevocationList } from '../../protocols/revocations/index.js'
import { OPERATOR_LOSSES, customerAccount } from '../../rendezvous/ledger/accounts.js'
import { CreditControl } from '../../rendezvous/ledger/credit-control.js'
import { Ledger } from '../../rendezvous/ledger/ledger.js'
import { creditTransaction, usageTransaction } from '../../rendezvous/ledger/postings.js'
import { STORE_KINDS, openTestStore } from '../stores.js'
import type { TestStore } from '../stores.js'
import type { UnfundedList } from '../../rendezvous/ledger/credit-control.js'

describe('accounts out of credit', () => {
  it('travel in the signed revocation list, and an exit refuses them (UnfundedAccountError), not revokes them', async () => {
    const key = await generateKeyPair('Ed25519')
    const customerKey = await generateKeyPair('Ed25519')
    const customer = peerIdFromPrivateKey(customerKey)
    const trusted = new Set([credentialKeyId(key)])
    const list = await openRevocationList(await signRevocationList(key, { version: 2, issuedAtMs: Date.now(), accounts: [], peers: [], unfunded: ['acct-poor'] }), trusted)
    expect([...list.unfunded]).toEqual(['acct-poor'])
    expect(list.accounts.size).toBe(0)
    const poor = await signCredential(key, { peerId: customer, account: 'acct-poor', role: 'customer', issuedAtMs: Date.now() - 1000, expiresAtMs: Date.now() + 3_600_000 })
    const check = new CustomerCheck(trusted, () => list)
    await expect(check.check(poor, customer)).rejects.toThrow(UnfundedAccountError)
    // again from the exit's cache of verified credentials
    await expect(check.check(poor, customer)).rejects.toThrow(UnfundedAccountError)
    const funded = await openRevocationList(await signRevocationList(key, { version: 3, issuedAtMs: Date.now(), accounts: [], peers: [] }), trusted)
    expect((await new CustomerCheck(trusted, () => funded).check(poor, customer)).account).toBe('acct-poor')
  })
})

describe.each(STORE_KINDS)('credit control over a real ledger in %s', (kind) => {
  let opened: TestStore
  let ledger: Ledger
  let unfunded: Set<string>
  let published: number
  let control: CreditControl
  const list: UnfundedList = {
    unfunded: () => unfunded,
    setUnfunded: async ({ add = [], remove = [] }) => {
      for (const id of add) unfunded.add(id)
      for (const id of remove) unfunded.delete(id)
      return ++published
    }
  }
  const use = async (seq: number, increase: number): Promise<void> => {
    await ledger.book(usageTransaction({ session: 's1', seq, customer: 'acct-c', provider: 'acct-p', increase, feePpm: 0, atMs: Date.now() }))
  }
  beforeEach(async () => {
    opened = await openTestStore(kind)
    ledger = new Ledger(opened.store)
    unfunded = new Set()
    published = 0
    control = new CreditControl({ ledger, list, logger: silentLogger() })
    await ledger.book(creditTransaction({ customer: 'acct-c', amount: 1_000, reference: 'r1', atMs: Date.now() }))
  })
  afterEach(async () => {
    await opened.close()
  })

  it('leaves a customer with credit alone', async () => {
    await use(1, 999)
    await control.afterUsage(['acct-c'])
    expect(unfunded.size).toBe(0)
    expect(published).toBe(0)
  })

  it('stops a customer at zero or below, writes the overshoot off to the operator\'s losses once, and lets it on when credited', async () => {
    await use(1, 1_250)
    await Promise.all([control.afterUsage(['acct-c']), control.afterUsage(['acct-c', 'acct-c'])])
    expect(await ledger.balance(customerAccount('acct-c'))).toBe(0)
    expect(await ledger.balance(OPERATOR_LOSSES)).toBe(-250)
    expect([...unfunded]).toEqual(['acct-c'])
    expect(published).toBe(1)
    expect(await ledger.check()).toMatchObject({ ok: true, total: 0 })
    await control.afterCredit('acct-c')
    expect(unfunded.has('acct-c')).toBe(true)
    await ledger.book(creditTransaction({ customer: 'acct-c', amount: 500, reference: 'r2', atMs: Date.now() }))
    await control.afterCredit('acct-c')
    expect(unfunded.size).toBe(0)
  })
})
