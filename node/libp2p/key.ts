import { mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import writeFileAtomic from 'write-file-atomic'
import { CorruptKeyFileError } from './errors.js'
import type { PrivateKey } from '@libp2p/interface'

/** Name of the node's identity key inside its data dir. */
export const KEY_FILE_NAME = 'peer.key'

/** Name of a rendezvous's credential signing key inside its data dir (separate from its identity, so it can rotate). */
export const CREDENTIAL_KEY_FILE_NAME = 'credential.key'

/**
 * Loads the node's Ed25519 identity from `path`, or creates one there (mode
 * 0600, written atomically so a crash never leaves half a key).
 */
export async function loadOrCreatePrivateKey (path: string): Promise<PrivateKey> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (err: any) {
    if (err.code !== 'ENOENT') {
      throw new CorruptKeyFileError(`Cannot read key file ${path}: ${err.code ?? err.message}`)
    }
    const key = await generateKeyPair('Ed25519')
    await mkdir(dirname(path), { recursive: true, mode: 0o700 })
    await writeFileAtomic(path, Buffer.from(privateKeyToProtobuf(key)), { mode: 0o600 })
    return key
  }
  let key: PrivateKey
  try {
    key = privateKeyFromProtobuf(bytes)
  } catch {
    throw new CorruptKeyFileError(`Key file ${path} is not a libp2p private key; move it away to start with a new identity, or restore it from a backup`)
  }
  if (key.type !== 'Ed25519') {
    throw new CorruptKeyFileError(`Key file ${path} holds a ${key.type} key; peergrid needs Ed25519. Move it away to start with a new identity`)
  }
  return key
}
