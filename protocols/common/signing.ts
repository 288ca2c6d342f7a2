import { peerIdFromString } from '@libp2p/peer-id'
import { concat as uint8ArrayConcat } from 'uint8arrays/concat'
import type { PrivateKey } from '@libp2p/interface'

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
  return signer.publicKey.verify(uint8ArrayConcat([domain, body]), signature)
}
