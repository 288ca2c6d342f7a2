import { peerIdFromMultihash } from '@libp2p/peer-id'
import * as Digest from 'multiformats/hashes/digest'
import { concat as uint8ArrayConcat } from 'uint8arrays/concat'
import { equals as uint8ArrayEquals } from 'uint8arrays/equals'
import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'
import { signWithDomain, verifySignature } from '../common/signing.js'
import { MAX_ACCOUNT_LENGTH, MAX_CREDENTIAL_CLOCK_SKEW_MS, verifyCredential } from '../credential/index.js'
import {
  BYTES_PER_GIB,
  MAX_PRICE_PER_CPU_SECOND,
  MAX_PRICE_PER_GIB,
  MAX_RECEIPT_CLOCK_SKEW_MS,
  MAX_RECEIPT_CPU_MS,
  MS_PER_CPU_SECOND,
  MAX_SESSION_BYTES,
  MAX_SESSION_ID_LENGTH,
  MAX_SIGNED_RECEIPT_BYTES,
  RECEIPT_COUNTERSIGNATURE_DOMAIN,
  RECEIPT_SIGNATURE_DOMAIN
} from './constants.js'
import { InvalidReceiptError, InvalidReceiptSignatureError, ReceiptCredentialError } from './errors.js'
import { Receipt, SignedReceipt } from './pb/receipt.js'
import type { VerifiedCredential } from '../credential/index.js'
import type { PeerId, PrivateKey, PublicKey } from '@libp2p/interface'

const CUSTOMER_DOMAIN = uint8ArrayFromString(RECEIPT_SIGNATURE_DOMAIN)
const PROVIDER_DOMAIN = uint8ArrayFromString(RECEIPT_COUNTERSIGNATURE_DOMAIN)
const SESSION_PATTERN = /^[A-Za-z0-9_-]+$/
const ACCOUNT_PATTERN = /^[A-Za-z0-9_.-]+$/

/** What a receipt states, with peer ids as PeerIds. */
export interface ReceiptFields {
  session: string
  provider: PeerId
  customer: PeerId
  payingAccount: string
  pricePerGiB: number
  bytesUp: number
  bytesDown: number
  /** a job's CPU-milliseconds and its price per CPU-second (default 0: a proxy session) */
  cpuMs?: number
  pricePerCpuSecond?: number
  /** cumulative micro-units: must equal receiptAmount(bytesUp, bytesDown, pricePerGiB) + cpuAmount(cpuMs, pricePerCpuSecond) */
  amount: number
  seq: number
  atMs: number
}

/** A receipt whose signatures and credentials have been checked. */
export interface VerifiedReceipt extends Required<ReceiptFields> {
  /** the customer credential's account (the paying account, unless a hosted gateway signed for a customer) */
  customerAccount: string
  providerAccount: string
  /** the encoded SignedReceipt, as received */
  bytes: Uint8Array
}

/** What a verifier requires of a receipt. */
export interface OpenReceiptOptions {
  /** ids of the rendezvous signing keys whose credentials count */
  trustedKeys: ReadonlySet<string>
  /** true when the provider must have counter-signed it (the rendezvous books only counter-signed receipts) */
  countersigned: boolean
  /** the verifier's clock, unix ms (default Date.now()) */
  nowMs?: number
  /** true when a credential was revoked (its account disabled) by `atMs`, the receipt's time */
  isRevoked?(credential: VerifiedCredential, atMs: number): boolean
  /** whether the customer credential may sign for `payingAccount` (default: its own account, or any if it is a hosted gateway's) */
  mayPayFor?(credential: VerifiedCredential, payingAccount: string): boolean
  /**
   * credentials whose signature was verified before, by their bytes (base64):
   * every receipt of a customer carries the same two credentials, so a batch
   * verifies each once; holder, role and validity are still checked per receipt
   */
  credentialCache?: { get(key: string): VerifiedCredential | undefined, set(key: string, credential: VerifiedCredential): void }
  /** checks the customer's and the provider's signatures (default: verifySignature, on this thread; the rendezvous passes a pool of worker threads) */
  verifySignature?(key: PublicKey, data: Uint8Array, signature: Uint8Array): Promise<boolean>
}

/** The cumulative amount of a session: floor((up + down) × price / GiB), in exact integer arithmetic. */
export function receiptAmount (bytesUp: number, bytesDown: number, pricePerGiB: number): number {
  return Number((BigInt(bytesUp) + BigInt(bytesDown)) * BigInt(pricePerGiB) / BigInt(BYTES_PER_GIB))
}

/** What a job's CPU time costs: floor(cpuMs × price per CPU-second / 1000), in exact integer arithmetic. */
export function cpuAmount (cpuMs: number, pricePerCpuSecond: number): number {
  return Number(BigInt(cpuMs) * BigInt(pricePerCpuSecond) / BigInt(MS_PER_CPU_SECOND))
}

/** The customer's side: encodes and signs a receipt, attaching the customer's credential. */
export async function signReceipt (key: PrivateKey, credential: Uint8Array, fields: ReceiptFields): Promise<Uint8Array> {
  const receipt = toMessage(fields)
  checkReceipt(receipt)
  const body = Receipt.encode(receipt)
  const customerSignature = await signWithDomain(key, CUSTOMER_DOMAIN, body)
  return SignedReceipt.encode({ receipt: body, customerSignature: customerSignature as Uint8Array<ArrayBuffer>, customerCredential: credential as Uint8Array<ArrayBuffer>, providerSignature: new Uint8Array(0), providerCredential: new Uint8Array(0) })
}

/** The provider's side: adds its counter-signature and credential to a receipt it has checked (see openReceipt). */
export async function counterSignReceipt (key: PrivateKey, credential: Uint8Array, signedReceipt: Uint8Array): Promise<Uint8Array> {
  const signed = decodeSigned(signedReceipt)
  const providerSignature = await signWithDomain(key, PROVIDER_DOMAIN, signed.receipt)
  return SignedReceipt.encode({ ...signed, providerSignature: providerSignature as Uint8Array<ArrayBuffer>, providerCredential: credential as Uint8Array<ArrayBuffer> })
}

/**
 * Checks a receipt: its size and fields, that its amount is the price times
 * the bytes, the customer's signature and credential (role customer, held by
 * the receipt's customer, valid and not revoked at the receipt's time, and
 * allowed to pay for the paying account), and — when `countersigned` — the
 * provider's. Throws one of the errors in errors.ts.
 */
export async function openReceipt (bytes: Uint8Array, options: OpenReceiptOptions): Promise<VerifiedReceipt> {
  const signed = decodeSigned(bytes)
  let receipt: Receipt
  try {
    receipt = Receipt.decode(signed.receipt)
  } catch (err: any) {
    throw new InvalidReceiptError(`The receipt does not decode: ${err.message}`)
  }
  const { provider, customer } = checkReceipt(receipt)
  const now = options.nowMs ?? Date.now()
  if (receipt.atMs > now + MAX_RECEIPT_CLOCK_SKEW_MS) throw new InvalidReceiptError('The receipt is dated in the future')
  const verify = options.verifySignature ?? verifySignature
  // both signatures are checked at once (a worker pool checks them in parallel); the customer's is judged first
  const customerSigned = verify(customer.publicKey!, uint8ArrayConcat([CUSTOMER_DOMAIN, signed.receipt]), signed.customerSignature)
  const providerSigned = options.countersigned && signed.providerSignature.byteLength > 0
    ? verify(provider.publicKey!, uint8ArrayConcat([PROVIDER_DOMAIN, signed.receipt]), signed.providerSignature)
    : Promise.resolve(false)
  if (!await customerSigned) {
    throw new InvalidReceiptSignatureError('The customer signature does not verify')
  }
  const customerCredential = await credentialAt(signed.customerCredential, customer, 'customer', receipt.atMs, options)
  const mayPay = options.mayPayFor ?? ((credential, account) => credential.account === account || credential.hosted)
  if (!mayPay(customerCredential, receipt.payingAccount)) {
    throw new ReceiptCredentialError(`The customer ${customerCredential.account} may not sign for account ${receipt.payingAccount}`)
  }
  let providerAccount = ''
  if (options.countersigned) {
    if (signed.providerSignature.byteLength === 0) throw new InvalidReceiptSignatureError('The receipt is not counter-signed')
    if (!await providerSigned) {
      throw new InvalidReceiptSignatureError('The provider counter-signature does not verify')
    }
    providerAccount = (await credentialAt(signed.providerCredential, provider, 'provider', receipt.atMs, options)).account
  }
  return {
    session: receipt.session,
    provider,
    customer,
    payingAccount: receipt.payingAccount,
    pricePerGiB: receipt.pricePerGib,
    bytesUp: receipt.bytesUp,
    bytesDown: receipt.bytesDown,
    cpuMs: receipt.cpuMs,
    pricePerCpuSecond: receipt.pricePerCpuSecond,
    amount: receipt.amount,
    seq: receipt.seq,
    atMs: receipt.atMs,
    customerAccount: customerCredential.account,
    providerAccount,
    bytes
  }
}

function decodeSigned (bytes: Uint8Array): SignedReceipt {
  if (bytes.byteLength > MAX_SIGNED_RECEIPT_BYTES) throw new InvalidReceiptError(`The receipt is ${bytes.byteLength} bytes; the limit is ${MAX_SIGNED_RECEIPT_BYTES}`)
  try {
    return SignedReceipt.decode(bytes)
  } catch (err: any) {
    throw new InvalidReceiptError(`The receipt does not decode: ${err.message}`)
  }
}

async function credentialAt (bytes: Uint8Array, holder: PeerId, role: 'customer' | 'provider', atMs: number, options: OpenReceiptOptions): Promise<VerifiedCredential> {
  let credential: VerifiedCredential
  const key = options.credentialCache != null ? Buffer.from(bytes).toString('base64') : ''
  const known = options.credentialCache?.get(key)
  if (known != null && options.trustedKeys.has(known.keyId)) {
    // its signature holds: what depends on this receipt is checked again
    if (!known.holder.equals(holder)) throw new ReceiptCredentialError(`The ${role} credential does not back the receipt: it belongs to another peer`)
    if (known.role !== role) throw new ReceiptCredentialError(`The ${role} credential does not back the receipt: it is for a ${known.role}`)
    if (known.issuedAtMs > atMs + MAX_CREDENTIAL_CLOCK_SKEW_MS || known.expiresAtMs + MAX_CREDENTIAL_CLOCK_SKEW_MS <= atMs) {
      throw new ReceiptCredentialError(`The ${role} credential does not back the receipt: it was not valid at the receipt's time`)
    }
    credential = known
  } else {
    try {
      credential = await verifyCredential(bytes, { trustedKeys: options.trustedKeys, presenter: holder, roles: [role], nowMs: atMs })
    } catch (err: any) {
      throw new ReceiptCredentialError(`The ${role} credential does not back the receipt: ${err.message}`)
    }
    options.credentialCache?.set(key, credential)
  }
  if (options.isRevoked?.(credential, atMs) === true) throw new ReceiptCredentialError(`The ${role} credential of ${credential.account} was revoked`)
  return credential
}

function toMessage (fields: ReceiptFields): Receipt {
  return {
    session: fields.session,
    provider: fields.provider.toMultihash().bytes as Uint8Array<ArrayBuffer>,
    customer: fields.customer.toMultihash().bytes as Uint8Array<ArrayBuffer>,
    payingAccount: fields.payingAccount,
    pricePerGib: fields.pricePerGiB,
    bytesUp: fields.bytesUp,
    bytesDown: fields.bytesDown,
    cpuMs: fields.cpuMs ?? 0,
    pricePerCpuSecond: fields.pricePerCpuSecond ?? 0,
    amount: fields.amount,
    seq: fields.seq,
    atMs: fields.atMs
  }
}

function checkReceipt (receipt: Receipt): { provider: PeerId, customer: PeerId } {
  if (receipt.session.length === 0 || receipt.session.length > MAX_SESSION_ID_LENGTH || !SESSION_PATTERN.test(receipt.session)) {
    throw new InvalidReceiptError('The receipt has a malformed session id')
  }
  if (receipt.payingAccount.length === 0 || receipt.payingAccount.length > MAX_ACCOUNT_LENGTH || !ACCOUNT_PATTERN.test(receipt.payingAccount)) {
    throw new InvalidReceiptError('The receipt has a malformed paying account')
  }
  const inRange = (n: number, max: number): boolean => Number.isSafeInteger(n) && n >= 0 && n <= max
  if (!inRange(receipt.pricePerGib, MAX_PRICE_PER_GIB)) throw new InvalidReceiptError('The receipt\'s price is out of range')
  if (!inRange(receipt.bytesUp, MAX_SESSION_BYTES) || !inRange(receipt.bytesDown, MAX_SESSION_BYTES)) throw new InvalidReceiptError('The receipt\'s byte counts are out of range')
  if (!inRange(receipt.pricePerCpuSecond, MAX_PRICE_PER_CPU_SECOND)) throw new InvalidReceiptError('The receipt\'s CPU price is out of range')
  if (!inRange(receipt.cpuMs, MAX_RECEIPT_CPU_MS)) throw new InvalidReceiptError('The receipt\'s CPU time is out of range')
  if (!Number.isSafeInteger(receipt.seq) || receipt.seq < 1) throw new InvalidReceiptError('The receipt\'s seq must be 1 or more')
  if (!Number.isSafeInteger(receipt.atMs) || receipt.atMs <= 0) throw new InvalidReceiptError('The receipt\'s time is out of range')
  const expected = receiptAmount(receipt.bytesUp, receipt.bytesDown, receipt.pricePerGib) + cpuAmount(receipt.cpuMs, receipt.pricePerCpuSecond)
  if (receipt.amount !== expected) throw new InvalidReceiptError(`The receipt's amount ${receipt.amount} is not its prices times its bytes and CPU time (${expected})`)
  const provider = peerOf(receipt.provider, 'provider')
  const customer = peerOf(receipt.customer, 'customer')
  if (uint8ArrayEquals(receipt.provider, receipt.customer)) throw new InvalidReceiptError('The receipt\'s provider and customer are the same peer')
  return { provider, customer }
}

function peerOf (multihash: Uint8Array, what: string): PeerId {
  try {
    const peer = peerIdFromMultihash(Digest.decode(multihash))
    if (peer.type !== 'Ed25519' || peer.publicKey == null) throw new Error('not an Ed25519 peer id')
    return peer
  } catch {
    throw new InvalidReceiptError(`The receipt's ${what} is not an Ed25519 peer id`)
  }
}

/** What a receipt names, read without checking anything (signatures, credentials, amounts). */
export interface PeekedReceipt {
  session: string
  seq: number
  /** the provider's identity multihash, as in the receipt */
  provider: Uint8Array
}

/**
 * Reads a SignedReceipt's session, seq and provider without verifying it:
 * for the cheap checks that come before the signatures (dedupe, an unknown
 * session). Undefined when it is over MAX_SIGNED_RECEIPT_BYTES or does not decode.
 */
export function peekReceipt (bytes: Uint8Array): PeekedReceipt | undefined {
  if (bytes.byteLength > MAX_SIGNED_RECEIPT_BYTES) return undefined
  try {
    const receipt = Receipt.decode(SignedReceipt.decode(bytes).receipt)
    if (!Number.isSafeInteger(receipt.seq)) return undefined
    return { session: receipt.session, seq: receipt.seq, provider: receipt.provider }
  } catch {
    return undefined
  }
}
