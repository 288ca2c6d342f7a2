import { peerIdFromString } from '@libp2p/peer-id'
import { concat as uint8ArrayConcat } from 'uint8arrays/concat'
import type { PrivateKey, PublicKey } from '@libp2p/interface'

/** An Ed25519 signature is exactly this long (RFC 8032 section 5.1.6). */
export const ED25519_SIGNATURE_BYTES = 64

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
    return await key.verify(data, signature)
  } catch {
    return false
  }
}

/**
 * Signs `body` with a rendezvous key, prefixed by a domain separation tag so
 * that a signature over one kind of document can never pass for another.
 */
export async function signWithDomain (key: PrivateKey, domain: Uint8Array, body: Uint8Array): Promise<Uint8Array> {
  return key.sign(uint8ArrayConcat([domain, body]))
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
