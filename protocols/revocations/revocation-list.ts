import { peerIdFromMultihash } from '@libp2p/peer-id'
import * as Digest from 'multiformats/hashes/digest'
import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'
import { credentialKeyId } from '../credential/credential.js'
import { signWithDomain, signedBy } from '../common/signing.js'
import { MAX_REVOCATION_ENTRIES, MAX_SIGNED_REVOCATION_BYTES, REVOCATION_SIGNATURE_DOMAIN } from './constants.js'
import { InvalidRevocationListError, RevokedCredentialError, UnfundedAccountError } from './errors.js'
import { RevocationList, SignedRevocationList } from './pb/revocations.js'
import type { VerifiedCredential } from '../credential/credential.js'
import type { PeerId, PrivateKey } from '@libp2p/interface'

const DOMAIN_BYTES = uint8ArrayFromString(REVOCATION_SIGNATURE_DOMAIN)

/** What a revocation list says. */
export interface RevocationListInit {
  version: number
  issuedAtMs: number
  accounts: string[]
  peers: PeerId[]
  /** customer accounts out of credit (default none) */
  unfunded?: string[]
}

/** A revocation list whose signature and form have been checked. */
export interface VerifiedRevocationList {
  version: number
  issuedAtMs: number
  accounts: ReadonlySet<string>
  /** peer ids in string form */
  peers: ReadonlySet<string>
  /** customer accounts out of credit: refused, not revoked */
  unfunded: ReadonlySet<string>
  keyId: string
  /** the encoded SignedRevocationList, to pass on as it is */
  bytes: Uint8Array
}

/** Signs a revocation list with a rendezvous signing key. */
export async function signRevocationList (key: PrivateKey, init: RevocationListInit): Promise<Uint8Array> {
  if (init.accounts.length + init.peers.length + (init.unfunded?.length ?? 0) > MAX_REVOCATION_ENTRIES) {
    throw new InvalidRevocationListError(`A revocation list holds at most ${MAX_REVOCATION_ENTRIES} entries`)
  }
  const body = RevocationList.encode({
    version: init.version,
    issuedAtMs: init.issuedAtMs,
    accounts: init.accounts,
    peerIds: init.peers.map(peer => peer.toMultihash().bytes as Uint8Array<ArrayBuffer>),
    keyId: credentialKeyId(key),
    unfundedAccounts: init.unfunded ?? []
  })
  const signature = await signWithDomain(key, DOMAIN_BYTES, body)
  const bytes = SignedRevocationList.encode({ list: body, signature: signature as Uint8Array<ArrayBuffer> })
  if (bytes.byteLength > MAX_SIGNED_REVOCATION_BYTES) throw new InvalidRevocationListError('The revocation list is over its size limit')
  return bytes
}

/** Checks a revocation list: size, form, a trusted signing key, the signature. */
export async function openRevocationList (bytes: Uint8Array, trustedKeys: ReadonlySet<string>): Promise<VerifiedRevocationList> {
  if (bytes.byteLength > MAX_SIGNED_REVOCATION_BYTES) throw new InvalidRevocationListError('The revocation list is over its size limit')
  let signed: SignedRevocationList
  let list: RevocationList
  try {
    signed = SignedRevocationList.decode(bytes)
    list = RevocationList.decode(signed.list, { limits: { accounts: MAX_REVOCATION_ENTRIES, peerIds: MAX_REVOCATION_ENTRIES, unfundedAccounts: MAX_REVOCATION_ENTRIES } })
  } catch (err: any) {
    throw new InvalidRevocationListError(`The revocation list does not decode: ${err.message}`)
  }
  if (!trustedKeys.has(list.keyId)) throw new InvalidRevocationListError('The revocation list is signed by a key this node does not trust')
  if (!await signedBy(list.keyId, DOMAIN_BYTES, signed.list, signed.signature)) {
    throw new InvalidRevocationListError('The revocation list signature does not verify')
  }
  if (!Number.isSafeInteger(list.version) || list.version < 1 || list.accounts.length + list.peerIds.length + list.unfundedAccounts.length > MAX_REVOCATION_ENTRIES) {
    throw new InvalidRevocationListError('The revocation list has a bad version or too many entries')
  }
  const peers = new Set<string>()
  for (const bytes of list.peerIds) {
    try {
      peers.add(peerIdFromMultihash(Digest.decode(bytes)).toString())
    } catch {
      throw new InvalidRevocationListError('The revocation list has a malformed peer id')
    }
  }
  return { version: list.version, issuedAtMs: list.issuedAtMs, accounts: new Set(list.accounts), peers, unfunded: new Set(list.unfundedAccounts), keyId: list.keyId, bytes }
}

/** Throws RevokedCredentialError when the list revokes the credential's account or holder. */
export function checkNotRevoked (credential: VerifiedCredential, list: VerifiedRevocationList | undefined): void {
  if (list == null) return
  if (list.accounts.has(credential.account)) throw new RevokedCredentialError(`Account ${credential.account} is revoked (revocation list ${list.version})`)
  if (list.peers.has(credential.holder.toString())) throw new RevokedCredentialError(`Peer ${credential.holder.toString()} is revoked (revocation list ${list.version})`)
}

/** Throws UnfundedAccountError when the list says the credential's account is out of credit. */
export function checkFunded (credential: VerifiedCredential, list: VerifiedRevocationList | undefined): void {
  if (list?.unfunded.has(credential.account) === true) throw new UnfundedAccountError(`Account ${credential.account} is out of credit (revocation list ${list.version})`, credential.account)
}
