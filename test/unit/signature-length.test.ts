import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { describe, expect, it } from 'vitest'
import { SignedCapabilityRecord, openCapabilityRecord, signCapabilityRecord } from '../../protocols/capability/index.js'
import { SignedCredential, credentialKeyId, signCredential, verifyCredential } from '../../protocols/credential/index.js'
import { SignedRevocationList, openRevocationList, signRevocationList } from '../../protocols/revocations/index.js'
import { SignedRuleSet, openRuleSet, signRuleSet } from '../../protocols/rules/index.js'
import { recordInit } from '../fixtures.js'

// Regression, found by `npm run fuzz` on its first run: a signature one byte
// short made Ed25519 verification throw a TypeError ("sig" must be 64 bytes)
// out of every signed document's check, instead of the document's typed error.
describe('a signature of the wrong length is an invalid signature, not a crash', () => {
  const lengths = [0, 1, 63, 65, 128]
  it('capability records', async () => {
    const signed = SignedCapabilityRecord.decode(await signCapabilityRecord(await generateKeyPair('Ed25519'), recordInit()))
    for (const length of lengths) {
      const bytes = SignedCapabilityRecord.encode({ ...signed, signature: new Uint8Array(length).fill(1) })
      await expect(openCapabilityRecord(bytes), `${length} bytes`).rejects.toHaveProperty('name', 'InvalidRecordSignatureError')
    }
  })

  it('credentials, revocation lists and rule sets', async () => {
    const key = await generateKeyPair('Ed25519')
    const trustedKeys = new Set([credentialKeyId(key)])
    const now = Date.now()
    const credential = SignedCredential.decode(await signCredential(key, { peerId: peerIdFromPrivateKey(await generateKeyPair('Ed25519')), account: 'a', role: 'customer', issuedAtMs: now, expiresAtMs: now + 60_000 }))
    const list = SignedRevocationList.decode(await signRevocationList(key, { version: 1, issuedAtMs: now, accounts: [], peers: [] }))
    const rules = SignedRuleSet.decode(await signRuleSet(key, { version: 1, issuedAtMs: now, json: '{}' }))
    for (const length of lengths) {
      const signature = new Uint8Array(length).fill(1)
      await expect(verifyCredential(SignedCredential.encode({ ...credential, signature }), { trustedKeys }), `${length} bytes`).rejects.toHaveProperty('name', 'InvalidCredentialSignatureError')
      await expect(openRevocationList(SignedRevocationList.encode({ ...list, signature }), trustedKeys), `${length} bytes`).rejects.toHaveProperty('name', 'InvalidRevocationListError')
      await expect(openRuleSet(SignedRuleSet.encode({ ...rules, signature }), trustedKeys), `${length} bytes`).rejects.toHaveProperty('name', 'UntrustedRuleSetError')
    }
  })
})
