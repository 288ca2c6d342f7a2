import { createPrivateKey, createPublicKey, sign as cryptoSign, verify as cryptoVerify } from 'node:crypto'
import { peerIdFromString } from '@libp2p/peer-id'
import { concat as uint8ArrayConcat } from 'uint8arrays/concat'
import { boundedMap } from './bounded-map.js'
import type { PrivateKey, PublicKey } from '@libp2p/interface'
import type { KeyObject } from 'node:crypto'

/** An Ed25519 signature is exactly this long (RFC 8032 section 5.1.6). */
export const ED25519_SIGNATURE_BYTES = 64

/** An Ed25519 public key is exactly this long (RFC 8032 section 5.1.5). */
const ED25519_PUBLIC_KEY_BYTES = 32

/** Ed25519 public keys kept as ready Node key objects (the least recently used is forgotten first). */
export const MAX_CACHED_VERIFY_KEYS = 10_000

const verifyKeys = boundedMap<string, KeyObject>(MAX_CACHED_VERIFY_KEYS)

/**
 * The Node key object of an Ed25519 public key, built once per key.
 * @libp2p/crypto's verify() builds one from a JWK on every call, which cost
 * 11% of the rendezvous's time settling receipts (each carries two
 * signatures, by keys that repeat: a customer's, an exit's).
 */
function ed25519KeyObject (raw: Uint8Array): KeyObject {
  const x = base64url(raw)
  let key = verifyKeys.get(x)
  if (key == null) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' })
    verifyKeys.set(x, key)
  }
  return key
}

/** The bytes as a JWK field: base64url, no copy of the bytes. */
function base64url (bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url')
}

/**
 * True when `signature` is `key`'s signature of `data`. A signature of the
 * wrong length, or one the key's implementation chokes on, is simply not
 * valid: peer-supplied bytes never make verification throw (found by the
 * fuzzer: a 63-byte signature threw a TypeError out of every signed
 * document's check).
 */
export async function verifySignature (key: PublicKey, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  if (key.type === 'Ed25519' && signature.byteLength !== ED25519_SIGNATURE_BYTES) return false
  try {
    if (key.type === 'Ed25519' && key.raw.byteLength === ED25519_PUBLIC_KEY_BYTES) return cryptoVerify(null, data, ed25519KeyObject(key.raw), signature)
    return await key.verify(data, signature)
  } catch {
    return false
  }
}

/** An Ed25519 private key as libp2p holds it: the 32-byte seed, then the public key. */
const ED25519_PRIVATE_KEY_BYTES = 64

/** Node key objects of the private keys this process signs with (a node has one or two). */
const signKeys = new WeakMap<PrivateKey, KeyObject>()

/**
 * Signs `body` with a rendezvous key, prefixed by a domain separation tag so
 * that a signature over one kind of document can never pass for another.
 * An Ed25519 key signs through a Node key object built once per key:
 * @libp2p/crypto's sign() builds one from a JWK on every call, a third of
 * the cost of each receipt the gateway signs and the exit counter-signs
 * (one per proxied connection at least).
 */
export async function signWithDomain (key: PrivateKey, domain: Uint8Array, body: Uint8Array): Promise<Uint8Array> {
  const data = uint8ArrayConcat([domain, body])
  if (key.type !== 'Ed25519' || key.raw.byteLength !== ED25519_PRIVATE_KEY_BYTES) return key.sign(data)
  let keyObject = signKeys.get(key)
  if (keyObject == null) {
    keyObject = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: base64url(key.raw.subarray(0, 32)), x: base64url(key.raw.subarray(32)) }, format: 'jwk' })
    signKeys.set(key, keyObject)
  }
  return cryptoSign(null, data, keyObject)
}

/**
 * True when `signature` is the Ed25519 signature of `domain || body` by the
 * key whose id (its peer id string) is `keyId`. The one check every signed
 * document of the rendezvous (credentials, revocation lists, rule sets) goes
 * through, after its caller has checked `keyId` against its trusted keys.
 * A key id that is no Ed25519 peer id verifies nothing.
 */
export async function signedBy (keyId: string, domain: Uint8Array, body: Uint8Array, signature: Uint8Array): Promise<boolean> {
  let signer
  try {
    signer = peerIdFromString(keyId)
  } catch {
    return false
  }
  if (signer.type !== 'Ed25519' || signer.publicKey == null) return false
  return verifySignature(signer.publicKey, uint8ArrayConcat([domain, body]), signature)
}
