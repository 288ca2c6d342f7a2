import { generateKeyPair } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import { concat as uint8ArrayConcat } from 'uint8arrays/concat'
import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'
import { CapabilityRecord, SIGNATURE_DOMAIN, SignedCapabilityRecord, signCapabilityRecord } from '../protocols/capability/index.js'
import type { CapabilityRecordInit } from '../protocols/capability/index.js'
import type { PrivateKey } from '@libp2p/interface'

/** A valid record body, issued now, living 5 minutes; override any field. */
export function recordInit (overrides: Partial<CapabilityRecordInit> = {}, nowMs = Date.now()): CapabilityRecordInit {
  return {
    services: ['proxy'],
    country: 'DE',
    asn: 3320,
    prices: { microsPerGib: 500_000, microsPerCpuSecond: 20 },
    limits: { maxProxyStreams: 256, maxBandwidthBytesPerSecond: 0, maxJobs: 0, maxJobMemoryMib: 0 },
    policy: { categories: ['streaming'], customerAllowlist: false, blockedPorts: [25], deniedDomains: [] },
    seq: 1,
    issuedAtMs: nowMs,
    expiresAtMs: nowMs + 5 * 60_000,
    addrs: [multiaddr('/ip4/127.0.0.1/tcp/4001').bytes as Uint8Array<ArrayBuffer>],
    ...overrides
  }
}

/** A fresh Ed25519 key. */
export async function ed25519 (): Promise<PrivateKey> {
  return generateKeyPair('Ed25519')
}

/**
 * Signs a record exactly as given, bypassing signCapabilityRecord's own
 * checks: for building records that peers must refuse.
 */
export async function signRaw (signer: PrivateKey, record: CapabilityRecord): Promise<Uint8Array> {
  const bytes = CapabilityRecord.encode(record)
  const signature = await signer.sign(uint8ArrayConcat([uint8ArrayFromString(SIGNATURE_DOMAIN), bytes]))
  return SignedCapabilityRecord.encode({ record: bytes, signature: signature as Uint8Array<ArrayBuffer> })
}

/** A record signed by `key` for its own peer id. */
export async function signedRecord (key: PrivateKey, overrides: Partial<CapabilityRecordInit> = {}): Promise<Uint8Array> {
  return signCapabilityRecord(key, recordInit(overrides))
}
