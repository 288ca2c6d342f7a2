import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { concat as uint8ArrayConcat } from 'uint8arrays/concat'
import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  CREDENTIAL_SIGNATURE_DOMAIN,
  Credential,
  MAX_CREDENTIAL_CLOCK_SKEW_MS,
  MAX_CREDENTIAL_TTL_MS,
  SignedCredential,
  credentialKeyId,
  signCredential,
  verifyCredential
} from '../../protocols/credential/index.js'
import type { CredentialInit } from '../../protocols/credential/index.js'
import type { PeerId, PrivateKey } from '@libp2p/interface'

const NOW = 1_800_000_000_000
const HOUR = 3_600_000

describe('credentials', () => {
  let rendezvousKey: PrivateKey
  let nextKey: PrivateKey
  let otherKey: PrivateKey
  let holder: PeerId
  let stranger: PeerId
  let trusted: Set<string>
  const init = (overrides: Partial<CredentialInit> = {}): CredentialInit => ({ peerId: holder, account: 'acme', role: 'customer', issuedAtMs: NOW, expiresAtMs: NOW + 24 * HOUR, ...overrides })

  /** Signs a Credential exactly as given, bypassing signCredential's checks. */
  async function signRaw (key: PrivateKey, credential: Credential): Promise<Uint8Array> {
    const body = Credential.encode(credential)
    const signature = await key.sign(uint8ArrayConcat([uint8ArrayFromString(CREDENTIAL_SIGNATURE_DOMAIN), body]))
    return SignedCredential.encode({ credential: body, signature: signature as Uint8Array<ArrayBuffer> })
  }

  beforeAll(async () => {
    rendezvousKey = await generateKeyPair('Ed25519')
    nextKey = await generateKeyPair('Ed25519')
    otherKey = await generateKeyPair('Ed25519')
    holder = peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
    stranger = peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
    trusted = new Set([credentialKeyId(rendezvousKey)])
  })

  it('verifies a credential for its holder, role and signing key', async () => {
    const bytes = await signCredential(rendezvousKey, init())
    const verified = await verifyCredential(bytes, { trustedKeys: trusted, presenter: holder, roles: ['customer'], nowMs: NOW + HOUR })
    expect(verified.holder.equals(holder)).toBe(true)
    expect(verified).toMatchObject({ account: 'acme', role: 'customer', issuedAtMs: NOW, expiresAtMs: NOW + 24 * HOUR, keyId: credentialKeyId(rendezvousKey) })
  })

  it('accepts credentials of either trusted key while keys rotate', async () => {
    const both = new Set([credentialKeyId(rendezvousKey), credentialKeyId(nextKey)])
    for (const key of [rendezvousKey, nextKey]) {
      const verified = await verifyCredential(await signCredential(key, init()), { trustedKeys: both, nowMs: NOW })
      expect(verified.keyId).toBe(credentialKeyId(key))
    }
  })

  it('allows MAX_CREDENTIAL_CLOCK_SKEW_MS on both ends of the validity period', async () => {
    const bytes = await signCredential(rendezvousKey, init())
    await expect(verifyCredential(bytes, { trustedKeys: trusted, nowMs: NOW - MAX_CREDENTIAL_CLOCK_SKEW_MS + 1 })).resolves.toBeDefined()
    await expect(verifyCredential(bytes, { trustedKeys: trusted, nowMs: NOW + 24 * HOUR + MAX_CREDENTIAL_CLOCK_SKEW_MS - 1 })).resolves.toBeDefined()
  })

  const bad: Array<[string, () => Promise<{ bytes: Uint8Array, presenter?: PeerId, nowMs?: number, roles?: Array<'provider' | 'customer'> }>, string]> = [
    ['signed by an untrusted key', async () => ({ bytes: await signCredential(otherKey, init()) }), 'UntrustedCredentialKeyError'],
    ['forged: names the trusted key, signed by another', async () => ({
      bytes: await signRaw(otherKey, { peerId: holder.toMultihash().bytes as Uint8Array<ArrayBuffer>, account: 'acme', role: 'customer', issuedAtMs: NOW, expiresAtMs: NOW + HOUR, keyId: credentialKeyId(rendezvousKey) })
    }), 'InvalidCredentialSignatureError'],
    ['tampered: role changed after signing', async () => {
      const signed = SignedCredential.decode(await signCredential(rendezvousKey, init()))
      const body = Credential.decode(signed.credential)
      return { bytes: SignedCredential.encode({ credential: Credential.encode({ ...body, role: 'provider' }), signature: signed.signature }) }
    }, 'InvalidCredentialSignatureError'],
    ['expired', async () => ({ bytes: await signCredential(rendezvousKey, init()), nowMs: NOW + 24 * HOUR + MAX_CREDENTIAL_CLOCK_SKEW_MS }), 'ExpiredCredentialError'],
    ['not yet valid', async () => ({ bytes: await signCredential(rendezvousKey, init()), nowMs: NOW - MAX_CREDENTIAL_CLOCK_SKEW_MS - 1 }), 'CredentialValidityError'],
    ['valid for longer than allowed', async () => ({
      bytes: await signRaw(rendezvousKey, { peerId: holder.toMultihash().bytes as Uint8Array<ArrayBuffer>, account: 'acme', role: 'customer', issuedAtMs: NOW, expiresAtMs: NOW + MAX_CREDENTIAL_TTL_MS + 1, keyId: credentialKeyId(rendezvousKey) })
    }), 'CredentialValidityError'],
    ['the wrong role', async () => ({ bytes: await signCredential(rendezvousKey, init({ role: 'provider' })), roles: ['customer'] }), 'WrongCredentialRoleError'],
    ['presented by a different peer', async () => ({ bytes: await signCredential(rendezvousKey, init()), presenter: stranger }), 'WrongCredentialHolderError'],
    ['an unknown role', async () => ({
      bytes: await signRaw(rendezvousKey, { peerId: holder.toMultihash().bytes as Uint8Array<ArrayBuffer>, account: 'acme', role: 'root', issuedAtMs: NOW, expiresAtMs: NOW + HOUR, keyId: credentialKeyId(rendezvousKey) })
    }), 'InvalidCredentialError'],
    ['a malformed account', async () => ({
      bytes: await signRaw(rendezvousKey, { peerId: holder.toMultihash().bytes as Uint8Array<ArrayBuffer>, account: 'a b', role: 'customer', issuedAtMs: NOW, expiresAtMs: NOW + HOUR, keyId: credentialKeyId(rendezvousKey) })
    }), 'InvalidCredentialError'],
    ['a malformed holder', async () => ({
      bytes: await signRaw(rendezvousKey, { peerId: Uint8Array.from([1, 2, 3]), account: 'acme', role: 'customer', issuedAtMs: NOW, expiresAtMs: NOW + HOUR, keyId: credentialKeyId(rendezvousKey) })
    }), 'InvalidCredentialError'],
    ['garbage', async () => ({ bytes: Uint8Array.from([0xff, 0xff, 0xff]) }), 'InvalidCredentialError'],
    ['oversized', async () => ({ bytes: new Uint8Array(2048) }), 'CredentialTooLargeError']
  ]
  for (const [what, make, name] of bad) {
    it(`refuses a credential ${what} (${name})`, async () => {
      const { bytes, presenter, nowMs, roles } = await make()
      await expect(verifyCredential(bytes, { trustedKeys: trusted, presenter, roles, nowMs: nowMs ?? NOW + HOUR })).rejects.toMatchObject({ name })
    })
  }

  it('will not sign a credential peers would refuse', async () => {
    await expect(signCredential(rendezvousKey, init({ expiresAtMs: NOW }))).rejects.toMatchObject({ name: 'CredentialValidityError' })
    await expect(signCredential(rendezvousKey, init({ account: '' }))).rejects.toMatchObject({ name: 'InvalidCredentialError' })
  })
  it('carries the hosted flag of a hosted gateway\'s customer credential, and refuses it on any other role', async () => {
    const hosted = await verifyCredential(await signCredential(rendezvousKey, init({ hosted: true })), { trustedKeys: trusted, presenter: holder, nowMs: NOW })
    expect(hosted.hosted).toBe(true)
    expect((await verifyCredential(await signCredential(rendezvousKey, init()), { trustedKeys: trusted, presenter: holder, nowMs: NOW })).hosted).toBe(false)
    await expect(signCredential(rendezvousKey, init({ role: 'provider', hosted: true }))).rejects.toThrow(/Only a customer credential/)
  })
})
