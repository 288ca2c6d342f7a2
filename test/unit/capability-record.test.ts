import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { describe, expect, it } from 'vitest'
import {
  CapabilityRecord,
  MAX_RECORD_TTL_MS,
  MAX_SIGNED_RECORD_BYTES,
  SignedCapabilityRecord,
  capabilityKey,
  openCapabilityRecord,
  signCapabilityRecord
} from '../../protocols/capability/index.js'
import { ed25519, recordInit, signRaw } from '../fixtures.js'
import type { CapabilityRecord as Record } from '../../protocols/capability/index.js'

describe('capability record', () => {
  it('round-trips a signed record and proves the peer id', async () => {
    const key = await ed25519()
    const bytes = await signCapabilityRecord(key, recordInit({ services: ['proxy', 'compute'], country: 'JP', seq: 7 }))
    const { peerId, record } = await openCapabilityRecord(bytes)
    expect(peerId.equals(peerIdFromPrivateKey(key))).toBe(true)
    expect(record.country).toBe('JP')
    expect(record.services).toEqual(['proxy', 'compute'])
    expect(record.seq).toBe(7)
    expect(record.prices?.microsPerGib).toBe(500_000)
  })

  it('ignores service names it does not know next to one it knows', async () => {
    const key = await ed25519()
    const bytes = await signCapabilityRecord(key, recordInit({ services: ['proxy', 'storage'] }))
    expect((await openCapabilityRecord(bytes)).record.services).toEqual(['proxy', 'storage'])
  })

  const now = Date.now()
  const peerBytes = (key: Awaited<ReturnType<typeof ed25519>>): Uint8Array<ArrayBuffer> => key.publicKey.toMultihash().bytes as Uint8Array<ArrayBuffer>

  // each case builds signed bytes a peer could send; every one must be refused with the named error
  const cases: Array<{ name: string, error: string, build: () => Promise<Uint8Array> }> = [
    {
      name: 'signature by another key',
      error: 'InvalidRecordSignatureError',
      build: async () => {
        const victim = await ed25519()
        const forger = await ed25519()
        return signRaw(forger, { ...recordInit(), peerId: peerBytes(victim) })
      }
    },
    {
      name: 'record altered after signing',
      error: 'InvalidRecordSignatureError',
      build: async () => {
        const key = await ed25519()
        const signed = SignedCapabilityRecord.decode(await signCapabilityRecord(key, recordInit()))
        const record = CapabilityRecord.decode(signed.record)
        return SignedCapabilityRecord.encode({ ...signed, record: CapabilityRecord.encode({ ...record, country: 'US' }) })
      }
    },
    {
      name: 'flipped signature byte',
      error: 'InvalidRecordSignatureError',
      build: async () => {
        const signed = SignedCapabilityRecord.decode(await signCapabilityRecord(await ed25519(), recordInit()))
        signed.signature[0] = (signed.signature[0] as number) ^ 1
        return SignedCapabilityRecord.encode(signed)
      }
    },
    {
      name: 'expired',
      error: 'ExpiredRecordError',
      build: async () => signCapabilityRecord(await ed25519(), recordInit({ issuedAtMs: now - 10 * 60_000, expiresAtMs: now - 60_000 }))
    },
    {
      name: 'issued in the future',
      error: 'RecordValidityError',
      build: async () => signCapabilityRecord(await ed25519(), recordInit({ issuedAtMs: now + 10 * 60_000, expiresAtMs: now + 15 * 60_000 }))
    },
    {
      name: 'lifetime over the limit',
      error: 'RecordValidityError',
      build: async () => signCapabilityRecord(await ed25519(), recordInit({ expiresAtMs: now + MAX_RECORD_TTL_MS + 60_000 }))
    },
    {
      name: 'expiry before issue',
      error: 'RecordValidityError',
      build: async () => signCapabilityRecord(await ed25519(), recordInit({ issuedAtMs: now, expiresAtMs: now - 1 }))
    },
    {
      name: 'oversized',
      error: 'CapabilityRecordTooLargeError',
      build: async () => new Uint8Array(MAX_SIGNED_RECORD_BYTES + 1)
    },
    {
      name: 'not protobuf',
      error: 'InvalidCapabilityRecordError',
      build: async () => new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f])
    },
    {
      name: 'empty',
      error: 'InvalidCapabilityRecordError',
      build: async () => new Uint8Array(0)
    },
    {
      name: 'unknown country',
      error: 'InvalidCapabilityRecordError',
      build: async () => { const key = await ed25519(); return signRaw(key, { ...recordInit({ country: 'XX' }), peerId: peerBytes(key) }) }
    },
    {
      name: 'lower-case country',
      error: 'InvalidCapabilityRecordError',
      build: async () => { const key = await ed25519(); return signRaw(key, { ...recordInit({ country: 'de' }), peerId: peerBytes(key) }) }
    },
    {
      name: 'no known service',
      error: 'InvalidCapabilityRecordError',
      build: async () => { const key = await ed25519(); return signRaw(key, { ...recordInit({ services: ['storage'] }), peerId: peerBytes(key) }) }
    },
    {
      name: 'repeated service',
      error: 'InvalidCapabilityRecordError',
      build: async () => { const key = await ed25519(); return signRaw(key, { ...recordInit({ services: ['proxy', 'proxy'] }), peerId: peerBytes(key) }) }
    },
    {
      name: 'too many services',
      error: 'InvalidCapabilityRecordError',
      build: async () => { const key = await ed25519(); return signRaw(key, { ...recordInit({ services: Array.from({ length: 9 }, (_, i) => `s${i}`) }), peerId: peerBytes(key) }) }
    },
    {
      name: 'too many addresses',
      error: 'InvalidCapabilityRecordError',
      build: async () => { const key = await ed25519(); const init = recordInit(); return signRaw(key, { ...init, addrs: Array(17).fill(init.addrs[0]), peerId: peerBytes(key) }) }
    },
    {
      name: 'malformed address',
      error: 'InvalidCapabilityRecordError',
      build: async () => { const key = await ed25519(); return signRaw(key, { ...recordInit({ addrs: [new Uint8Array([0xfe, 0xff]) as Uint8Array<ArrayBuffer>] }), peerId: peerBytes(key) }) }
    },
    {
      name: 'malformed category',
      error: 'InvalidCapabilityRecordError',
      build: async () => { const key = await ed25519(); return signRaw(key, { ...recordInit({ policy: { categories: ['Bad Name!'], customerAllowlist: false, blockedPorts: [], deniedDomains: [] } }), peerId: peerBytes(key) }) }
    },
    {
      name: 'malformed denied domain',
      error: 'InvalidCapabilityRecordError',
      build: async () => { const key = await ed25519(); return signRaw(key, { ...recordInit({ policy: { categories: [], customerAllowlist: false, blockedPorts: [], deniedDomains: ['not a domain'] } }), peerId: peerBytes(key) }) }
    },
    {
      name: 'blocked port 0',
      error: 'InvalidCapabilityRecordError',
      build: async () => { const key = await ed25519(); return signRaw(key, { ...recordInit({ policy: { categories: [], customerAllowlist: false, blockedPorts: [0], deniedDomains: [] } }), peerId: peerBytes(key) }) }
    },
    {
      name: 'seq 0',
      error: 'InvalidCapabilityRecordError',
      build: async () => { const key = await ed25519(); return signRaw(key, { ...recordInit({ seq: 0 }), peerId: peerBytes(key) }) }
    },
    {
      name: 'peer id that is not a key',
      error: 'InvalidCapabilityRecordError',
      build: async () => signRaw(await ed25519(), { ...recordInit(), peerId: new Uint8Array([1, 2, 3]) as Uint8Array<ArrayBuffer> })
    },
    {
      name: 'secp256k1 peer id',
      error: 'InvalidCapabilityRecordError',
      build: async () => { const key = await generateKeyPair('secp256k1'); return signRaw(key, { ...recordInit(), peerId: key.publicKey.toMultihash().bytes as Uint8Array<ArrayBuffer> } as Record) }
    }
  ]

  for (const { name, error, build } of cases) {
    it(`refuses a record with ${name} (${error})`, async () => {
      const bytes = await build()
      await expect(openCapabilityRecord(bytes), name).rejects.toHaveProperty('name', error)
    })
  }

  it('will not sign a record its peers would refuse', async () => {
    await expect(signCapabilityRecord(await ed25519(), recordInit({ country: 'XX' }))).rejects.toHaveProperty('name', 'InvalidCapabilityRecordError')
    await expect(signCapabilityRecord(await generateKeyPair('secp256k1'), recordInit())).rejects.toHaveProperty('name', 'InvalidCapabilityRecordError')
  })

  it('derives one DHT key per service and per service and country', async () => {
    const keys = await Promise.all([capabilityKey('proxy'), capabilityKey('proxy', 'DE'), capabilityKey('proxy', 'US'), capabilityKey('compute')])
    expect(new Set(keys.map(String)).size).toBe(4)
    expect((await capabilityKey('proxy', 'DE')).equals(keys[1])).toBe(true)
  })
})
