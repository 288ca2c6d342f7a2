import { generateKeyPair, privateKeyFromRaw } from '@libp2p/crypto/keys'
import { describe, expect, it } from 'vitest'
import { signWithDomain, verifySignature } from '../../protocols/common/signing.js'

const DOMAIN = new TextEncoder().encode('peergrid-test:')

describe('signWithDomain', () => {
  it('signs an Ed25519 key\'s domain-tagged bytes exactly as libp2p does, with the key object it builds once', async () => {
    const key = await generateKeyPair('Ed25519')
    for (const size of [0, 1, 100, 10_000]) {
      const body = new Uint8Array(size).map((_, i) => (i * 31) % 256)
      const ours = await signWithDomain(key, DOMAIN, body)
      const data = new Uint8Array([...DOMAIN, ...body])
      // Ed25519 is deterministic: the same key and bytes give the same signature
      expect(Buffer.from(ours).toString('hex')).toBe(Buffer.from(await key.sign(data)).toString('hex'))
      expect(await verifySignature(key.publicKey, data, ours)).toBe(true)
      expect(await verifySignature(key.publicKey, new Uint8Array([...DOMAIN, ...body, 0]), ours)).toBe(false)
    }
  })

  it('keeps each key apart: two keys, and the same key read back from its bytes', async () => {
    const [a, b] = [await generateKeyPair('Ed25519'), await generateKeyPair('Ed25519')]
    const body = new Uint8Array([1, 2, 3])
    const [byA, byB] = [await signWithDomain(a, DOMAIN, body), await signWithDomain(b, DOMAIN, body)]
    expect(Buffer.from(byA).equals(Buffer.from(byB))).toBe(false)
    expect(await verifySignature(b.publicKey, new Uint8Array([...DOMAIN, ...body]), byA)).toBe(false)
    const again = privateKeyFromRaw(a.raw)
    expect(Buffer.from(await signWithDomain(again, DOMAIN, body)).equals(Buffer.from(byA))).toBe(true)
  })

  it('signs with other key types through libp2p', async () => {
    const key = await generateKeyPair('secp256k1')
    const signature = await signWithDomain(key, DOMAIN, new Uint8Array([9]))
    expect(await key.publicKey.verify(new Uint8Array([...DOMAIN, 9]), signature)).toBe(true)
  })
})
