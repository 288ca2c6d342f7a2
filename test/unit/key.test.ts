import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterAll, describe, expect, it } from 'vitest'
import { loadOrCreatePrivateKey } from '../../node/libp2p/key.js'

const dir = await mkdtemp(join(tmpdir(), 'peergrid-key-'))
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

describe('identity key file', () => {
  it('creates an Ed25519 key with mode 0600 and loads the same identity again', async () => {
    const path = join(dir, 'a', 'peer.key')
    const created = await loadOrCreatePrivateKey(path)
    expect(created.type).toBe('Ed25519')
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    const loaded = await loadOrCreatePrivateKey(path)
    expect(peerIdFromPrivateKey(loaded).equals(peerIdFromPrivateKey(created))).toBe(true)
  })

  const corrupt: Array<[string, () => Promise<Uint8Array | string>]> = [
    ['text', async () => 'garbage\n'],
    ['an empty file', async () => new Uint8Array(0)],
    ['a truncated key', async () => privateKeyToProtobuf(await generateKeyPair('Ed25519')).subarray(0, 20)],
    ['a secp256k1 key', async () => privateKeyToProtobuf(await generateKeyPair('secp256k1'))]
  ]
  for (const [name, content] of corrupt) {
    it(`refuses ${name} with CorruptKeyFileError and leaves the file alone`, async () => {
      const path = join(dir, `${name.replace(/\W/g, '-')}.key`)
      const bytes = await content()
      await writeFile(path, bytes)
      await expect(loadOrCreatePrivateKey(path), name).rejects.toHaveProperty('name', 'CorruptKeyFileError')
      expect((await stat(path)).size, name).toBe(typeof bytes === 'string' ? bytes.length : bytes.byteLength)
    })
  }

  it('refuses a key path that is a directory', async () => {
    await expect(loadOrCreatePrivateKey(dir)).rejects.toHaveProperty('name', 'CorruptKeyFileError')
  })
})
