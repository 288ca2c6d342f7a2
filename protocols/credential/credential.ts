import { peerIdFromMultihash, peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id'
import * as Digest from 'multiformats/hashes/digest'
import { equals as uint8ArrayEquals } from 'uint8arrays/equals'
import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'
import { signWithDomain, signedBy } from '../common/signing.js'
import {
  CREDENTIAL_ROLES,
  CREDENTIAL_SIGNATURE_DOMAIN,
  MAX_ACCOUNT_LENGTH,
  MAX_CREDENTIAL_CLOCK_SKEW_MS,
  MAX_CREDENTIAL_TTL_MS,
  MAX_SIGNED_CREDENTIAL_BYTES
} from './constants.js'
import {
  CredentialTooLargeError,
  CredentialValidityError,
  ExpiredCredentialError,
  InvalidCredentialError,
  InvalidCredentialSignatureError,
  UntrustedCredentialKeyError,
  WrongCredentialHolderError,
  WrongCredentialRoleError
} from './errors.js'
import { Credential, SignedCredential } from './pb/credential.js'
import type { CredentialRole } from './constants.js'
import type { PeerId, PrivateKey } from '@libp2p/interface'

const DOMAIN_BYTES = uint8ArrayFromString(CREDENTIAL_SIGNATURE_DOMAIN)
const ACCOUNT_PATTERN = /^[A-Za-z0-9_.-]+$/

/** What the rendezvous states when it issues a credential. */
export interface CredentialInit {
  /** the holder */
  peerId: PeerId
  account: string
  role: CredentialRole
  issuedAtMs: number
  expiresAtMs: number
  /** a hosted gateway's: may sign receipts for other customer accounts */
  hosted?: boolean
}

/** A credential whose signature, fields and validity have been checked. */
export interface VerifiedCredential {
  holder: PeerId
  account: string
  role: CredentialRole
  issuedAtMs: number
  expiresAtMs: number
  /** the id of the key that signed it */
  keyId: string
  /** a hosted gateway's: may sign receipts for other customer accounts */
  hosted: boolean
  /** the encoded SignedCredential, to present as it is */
  bytes: Uint8Array
}

/** What a verifier requires of a credential. */
export interface VerifyCredentialOptions {
  /** ids of the rendezvous signing keys this node trusts (several at once while keys rotate) */
  trustedKeys: ReadonlySet<string>
  /** the peer presenting it: the credential must be theirs */
  presenter?: PeerId
  /** roles that are acceptable (default: any) */
  roles?: readonly CredentialRole[]
  /** the current time, unix ms (default Date.now()) */
  nowMs?: number
}

/** The id of a signing key: its peer id in string form, so a verifier derives the public key from the id alone. */
export function credentialKeyId (key: PrivateKey): string {
  return peerIdFromPublicKey(key.publicKey).toString()
}

/** Signs a credential with a rendezvous signing key (Ed25519). */
export async function signCredential (key: PrivateKey, init: CredentialInit): Promise<Uint8Array> {
  if (key.type !== 'Ed25519') throw new InvalidCredentialError('Credentials must be signed with an Ed25519 key')
  const credential: Credential = {
    peerId: init.peerId.toMultihash().bytes as Uint8Array<ArrayBuffer>,
    account: init.account,
    role: init.role,
    issuedAtMs: init.issuedAtMs,
    expiresAtMs: init.expiresAtMs,
    keyId: credentialKeyId(key),
    ...(init.hosted === true ? { hosted: true } : {})
  }
  checkFields(credential)
  const body = Credential.encode(credential)
  const signature = await signWithDomain(key, DOMAIN_BYTES, body)
  const bytes = SignedCredential.encode({ credential: body, signature: signature as Uint8Array<ArrayBuffer> })
  if (bytes.byteLength > MAX_SIGNED_CREDENTIAL_BYTES) throw new CredentialTooLargeError(`The credential is ${bytes.byteLength} bytes; the limit is ${MAX_SIGNED_CREDENTIAL_BYTES}`)
  return bytes
}

/**
 * Checks a presented credential offline: size, form, a trusted signing key,
 * the signature, the validity period (with MAX_CREDENTIAL_CLOCK_SKEW_MS of
 * allowance), the role, and that it belongs to the peer presenting it.
 * Throws one of the errors in errors.ts.
 */
export async function verifyCredential (bytes: Uint8Array, options: VerifyCredentialOptions): Promise<VerifiedCredential> {
  if (bytes.byteLength > MAX_SIGNED_CREDENTIAL_BYTES) {
    throw new CredentialTooLargeError(`The credential is ${bytes.byteLength} bytes; the limit is ${MAX_SIGNED_CREDENTIAL_BYTES}`)
  }
  let signed: SignedCredential
  let credential: Credential
  try {
    signed = SignedCredential.decode(bytes)
    credential = Credential.decode(signed.credential)
  } catch (err: any) {
    throw new InvalidCredentialError(`The credential does not decode: ${err.message}`)
  }
  const holder = checkFields(credential)
  if (!options.trustedKeys.has(credential.keyId)) {
    throw new UntrustedCredentialKeyError(`The credential is signed by ${credential.keyId.slice(0, 60)}, a key this node does not trust`)
  }
  if (!await signedBy(credential.keyId, DOMAIN_BYTES, signed.credential, signed.signature)) {
    throw new InvalidCredentialSignatureError('The credential signature does not verify')
  }
  const now = options.nowMs ?? Date.now()
  if (credential.issuedAtMs > now + MAX_CREDENTIAL_CLOCK_SKEW_MS) throw new CredentialValidityError('The credential is not valid yet')
  if (credential.expiresAtMs + MAX_CREDENTIAL_CLOCK_SKEW_MS <= now) {
    throw new ExpiredCredentialError(`The credential expired at ${new Date(credential.expiresAtMs).toISOString()}`)
  }
  const role = credential.role as CredentialRole
  if (options.roles != null && !options.roles.includes(role)) {
    throw new WrongCredentialRoleError(`The credential is for a ${role}; this needs a ${options.roles.join(' or ')}`)
  }
  if (options.presenter != null && !uint8ArrayEquals(options.presenter.toMultihash().bytes, credential.peerId)) {
    throw new WrongCredentialHolderError(`The credential belongs to ${holder.toString()}, not to the peer presenting it`)
  }
  return { holder, account: credential.account, role, issuedAtMs: credential.issuedAtMs, expiresAtMs: credential.expiresAtMs, keyId: credential.keyId, hosted: credential.hosted === true, bytes }
}

function checkFields (credential: Credential): PeerId {
  const holder = peerIdFromMultihashBytes(credential.peerId)
  if (credential.account.length === 0 || credential.account.length > MAX_ACCOUNT_LENGTH || !ACCOUNT_PATTERN.test(credential.account)) {
    throw new InvalidCredentialError('The credential has a malformed account')
  }
  if (!(CREDENTIAL_ROLES as readonly string[]).includes(credential.role)) {
    throw new InvalidCredentialError(`The credential has an unknown role "${credential.role.slice(0, 32)}"`)
  }
  if (![credential.issuedAtMs, credential.expiresAtMs].every(n => Number.isSafeInteger(n) && n > 0)) {
    throw new InvalidCredentialError('The credential has a time out of range')
  }
  if (credential.hosted === true && credential.role !== 'customer') throw new InvalidCredentialError('Only a customer credential can be a hosted gateway\'s')
  if (credential.expiresAtMs <= credential.issuedAtMs || credential.expiresAtMs - credential.issuedAtMs > MAX_CREDENTIAL_TTL_MS) {
    throw new CredentialValidityError('The credential claims an impossible or too long validity period')
  }
  try {
    const signer = peerIdFromString(credential.keyId)
    if (signer.type !== 'Ed25519') throw new Error('not Ed25519')
  } catch {
    throw new InvalidCredentialError('The credential names a malformed signing key')
  }
  return holder
}

function peerIdFromMultihashBytes (bytes: Uint8Array): PeerId {
  try {
    return peerIdFromMultihash(Digest.decode(bytes))
  } catch {
    throw new InvalidCredentialError('The credential has a malformed peer id')
  }
}
