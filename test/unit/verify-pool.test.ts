import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterEach, describe, expect, it } from 'vitest'
import { VerifyPool } from '../../rendezvous/receipts/verify-pool.js'

describe('the signature verify pool (worker threads)', () => {
  let pool: VerifyPool | undefined
  afterEach(async () => { await pool?.close() })

  it('answers each of many concurrent checks right: good, tampered data, wrong key, short signature, another key type', async () => {
    pool = new VerifyPool({ workers: 2 })
    const keys = await Promise.all([1, 2, 3].map(async () => generateKeyPair('Ed25519')))
    const cases = await Promise.all(Array.from({ length: 1200 }, async (_, i) => {
      const key = keys[i % 3]!
      const data = new TextEncoder().encode(`receipt ${i}`)
      const signature = await key.sign(data)
      switch (i % 4) {
        case 0: return { args: [key.publicKey, data, signature] as const, valid: true }
        case 1: return { args: [key.publicKey, new TextEncoder().encode(`receipt ${i}!`), signature] as const, valid: false }
        case 2: return { args: [keys[(i + 1) % 3]!.publicKey, data, signature] as const, valid: false }
        default: return { args: [key.publicKey, data, signature.subarray(0, 63)] as const, valid: false }
      }
    }))
    const answers = await Promise.all(cases.map(async c => pool!.verify(...c.args)))
    expect(answers).toEqual(cases.map(c => c.valid))
    const secp = await generateKeyPair('secp256k1')
    const data = new Uint8Array([1, 2, 3])
    expect(await pool.verify(secp.publicKey, data, await secp.sign(data))).toBe(true)
  })

  it('still answers what it held when it is closed, and checks on this thread afterwards', async () => {
    pool = new VerifyPool({ workers: 1 })
    const key = await generateKeyPair('Ed25519')
    const data = new Uint8Array(100).fill(9)
    const signature = await key.sign(data)
    const held = Array.from({ length: 300 }, async () => pool!.verify(key.publicKey, data, signature))
    await pool.close()
    expect(await Promise.all(held)).toEqual(held.map(() => true))
    expect(await pool.verify(key.publicKey, data, signature)).toBe(true)
    expect(await pool.verify(key.publicKey, data, new Uint8Array(64))).toBe(false)
  })
})
