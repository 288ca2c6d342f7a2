import { peerIdFromMultihash } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import countries from 'country-list'
import * as Digest from 'multiformats/hashes/digest'
import { concat as uint8ArrayConcat } from 'uint8arrays/concat'
import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'
import { verifySignature } from '../common/signing.js'
import {
  MAX_CATEGORY_LENGTH,
  MAX_CLOCK_SKEW_MS,
  MAX_RECORD_TTL_MS,
  MAX_SIGNED_RECORD_BYTES,
  SIGNATURE_DOMAIN
} from './constants.js'
import {
  CapabilityRecordTooLargeError,
  ExpiredRecordError,
  InvalidCapabilityRecordError,
  InvalidRecordSignatureError,
  RecordValidityError
} from './errors.js'
import { isServiceName } from './keys.js'
import { CapabilityRecord, SignedCapabilityRecord } from './pb/capability.js'
import type { PeerId, PrivateKey } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

const DOMAIN_BYTES = uint8ArrayFromString(SIGNATURE_DOMAIN)
const NAME_PATTERN = /^[a-z0-9][a-z0-9-]*$/
const MAX_NAME_LENGTH = 32
const MAX_DENIED_DOMAIN_LENGTH = 253
const DOMAIN_PATTERN = /^[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*$/

/** What a provider states about itself; the peer id comes from the signing key. */
export type CapabilityRecordInit = Omit<CapabilityRecord, 'peerId'>

/** A record whose signature, fields and validity period have been checked. */
export interface VerifiedCapability {
  /** the provider, taken from the record and proven by the signature */
  peerId: PeerId
  record: CapabilityRecord
  /** the encoded SignedCapabilityRecord, to pass on unchanged */
  bytes: Uint8Array
}

/** Options for checking a record's validity period. */
export interface OpenCapabilityOptions {
  /** the current time in unix ms (default Date.now()) */
  nowMs?: number
}

/**
 * Signs a capability record with the provider's ed25519 key. The record is
 * checked first, so a node never publishes a record its peers would refuse.
 */
export async function signCapabilityRecord (privateKey: PrivateKey, init: CapabilityRecordInit): Promise<Uint8Array> {
  if (privateKey.type !== 'Ed25519') {
    throw new InvalidCapabilityRecordError('Capability records must be signed with an Ed25519 key')
  }
  const record: CapabilityRecord = {
    ...init,
    peerId: privateKey.publicKey.toMultihash().bytes as Uint8Array<ArrayBuffer>
  }
  checkFields(record)
  const recordBytes = CapabilityRecord.encode(record)
  const signature = await privateKey.sign(uint8ArrayConcat([DOMAIN_BYTES, recordBytes]))
  const bytes = SignedCapabilityRecord.encode({ record: recordBytes, signature: signature as Uint8Array<ArrayBuffer> })
  if (bytes.byteLength > MAX_SIGNED_RECORD_BYTES) {
    throw new CapabilityRecordTooLargeError(`Capability record is ${bytes.byteLength} bytes; the limit is ${MAX_SIGNED_RECORD_BYTES}`)
  }
  return bytes
}

/**
 * Decodes a SignedCapabilityRecord, verifies its signature against the key in
 * its peer id and checks every field and the validity period. Throws one of
 * the errors in errors.ts.
 */
export async function openCapabilityRecord (bytes: Uint8Array, options: OpenCapabilityOptions = {}): Promise<VerifiedCapability> {
  if (bytes.byteLength > MAX_SIGNED_RECORD_BYTES) {
    throw new CapabilityRecordTooLargeError(`Capability record is ${bytes.byteLength} bytes; the limit is ${MAX_SIGNED_RECORD_BYTES}`)
  }
  let signed: SignedCapabilityRecord
  let record: CapabilityRecord
  try {
    signed = SignedCapabilityRecord.decode(bytes)
    record = CapabilityRecord.decode(signed.record)
  } catch (err: any) {
    throw new InvalidCapabilityRecordError(`Capability record does not decode: ${err.message}`)
  }
  const peerId = checkFields(record)
  const valid = await verifySignature(peerId.publicKey, uint8ArrayConcat([DOMAIN_BYTES, signed.record]), signed.signature)
  if (!valid) {
    throw new InvalidRecordSignatureError()
  }
  checkValidity(record, options.nowMs ?? Date.now())
  return { peerId, record, bytes }
}

/** Decodes the multiaddrs a record lists; the record has been checked, so they parse. */
export function recordAddrs (record: CapabilityRecord): Multiaddr[] {
  return record.addrs.map(bytes => multiaddr(bytes))
}

/** A reason not to serve: a short name such as "data-cap". */
const SERVING_REASON = /^[a-z][a-z-]{0,31}$/

/** A peer id as text (base58btc or a CIDv1 in base32), bounded. */
const PEER_ID_TEXT = /^[1-9A-HJ-NP-Za-km-z]{32,64}$|^b[a-z2-7]{32,100}$/

function checkFields (record: CapabilityRecord): PeerId & { publicKey: NonNullable<PeerId['publicKey']> } {
  const peerId = decodePeerId(record.peerId)
  if (new Set(record.services).size !== record.services.length ||
    record.services.some(name => name.length > MAX_NAME_LENGTH || !NAME_PATTERN.test(name))) {
    throw new InvalidCapabilityRecordError('Capability record lists a malformed or repeated service')
  }
  if (!record.services.some(isServiceName)) {
    throw new InvalidCapabilityRecordError('Capability record offers no service this node knows')
  }
  if (!isCountryCode(record.country)) {
    throw new InvalidCapabilityRecordError('Capability record country is not an ISO 3166-1 alpha-2 code')
  }
  const amounts = [
    record.seq, record.issuedAtMs, record.expiresAtMs,
    record.prices?.microsPerGib ?? 0, record.prices?.microsPerCpuSecond ?? 0,
    record.limits?.maxBandwidthBytesPerSecond ?? 0
  ]
  if (amounts.some(n => !Number.isSafeInteger(n) || n < 0)) {
    throw new InvalidCapabilityRecordError('Capability record has a number out of range')
  }
  if (record.seq === 0) {
    throw new InvalidCapabilityRecordError('Capability record has no sequence number')
  }
  for (const category of record.policy?.categories ?? []) {
    if (category.length > MAX_CATEGORY_LENGTH || !NAME_PATTERN.test(category)) {
      throw new InvalidCapabilityRecordError('Capability record has a malformed policy category')
    }
  }
  if ((record.policy?.deniedDomains ?? []).some(domain => domain.length === 0 || domain.length > MAX_DENIED_DOMAIN_LENGTH || !DOMAIN_PATTERN.test(domain))) {
    throw new InvalidCapabilityRecordError('Capability record has a malformed denied domain')
  }
  if ((record.policy?.blockedPorts ?? []).some(port => port < 1 || port > 65535)) {
    throw new InvalidCapabilityRecordError('Capability record has a blocked port out of range')
  }
  if ((record.reach?.dataRelays ?? []).some(relay => !PEER_ID_TEXT.test(relay))) {
    throw new InvalidCapabilityRecordError('Capability record names a data relay that is not a peer id')
  }
  if ((record.serving?.reasons ?? []).some(reason => !SERVING_REASON.test(reason))) {
    throw new InvalidCapabilityRecordError('Capability record has a malformed reason not to serve')
  }
  for (const addr of record.addrs) {
    try {
      multiaddr(addr)
    } catch {
      throw new InvalidCapabilityRecordError('Capability record has a malformed multiaddr')
    }
  }
  return peerId
}

function checkValidity (record: CapabilityRecord, nowMs: number): void {
  if (record.expiresAtMs <= record.issuedAtMs || record.expiresAtMs - record.issuedAtMs > MAX_RECORD_TTL_MS) {
    throw new RecordValidityError(`Capability record lifetime must be between 1 ms and ${MAX_RECORD_TTL_MS} ms`)
  }
  if (record.issuedAtMs > nowMs + MAX_CLOCK_SKEW_MS) {
    throw new RecordValidityError('Capability record was issued in the future')
  }
  if (record.expiresAtMs <= nowMs) {
    throw new ExpiredRecordError(`Capability record expired at ${new Date(record.expiresAtMs).toISOString()}`)
  }
}

function decodePeerId (bytes: Uint8Array): PeerId & { publicKey: NonNullable<PeerId['publicKey']> } {
  let peerId: PeerId
  try {
    peerId = peerIdFromMultihash(Digest.decode(bytes))
  } catch {
    throw new InvalidCapabilityRecordError('Capability record has a malformed peer id')
  }
  // Ed25519 peer ids carry their public key, so the record verifies offline
  if (peerId.type !== 'Ed25519' || peerId.publicKey == null) {
    throw new InvalidCapabilityRecordError('Capability record peer id is not an Ed25519 key')
  }
  return peerId as PeerId & { publicKey: NonNullable<PeerId['publicKey']> }
}

/** True for an upper-case ISO 3166-1 alpha-2 code such as "DE". */
export function isCountryCode (code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && countries.getName(code) != null
}
