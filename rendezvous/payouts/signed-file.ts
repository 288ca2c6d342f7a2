import { open, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import { signedBy, signWithDomain } from '../../protocols/common/index.js'
import { InvalidPayoutFileError } from './errors.js'
import type { PrivateKey } from '@libp2p/interface'

/** Signatures of payout files are over this tag and the file's bytes, so they can pass for no other signed document. */
const PAYOUT_FILE_DOMAIN = new TextEncoder().encode('peergrid:payout-file:v1\n')

/** The format name in a signature file. */
export const PAYOUT_SIGNATURE_FORMAT = 'peergrid-payout-signature/1'

/** Largest payout file `verifyPayoutFile` reads. */
export const MAX_PAYOUT_FILE_BYTES = 64 * 1024 * 1024

/** A detached signature: `<file>.sig` beside the file. */
export interface PayoutSignature {
  format: typeof PAYOUT_SIGNATURE_FORMAT
  /** the rendezvous's credential key id (what nodes trust) */
  keyId: string
  /** base64 Ed25519 signature of the domain tag and the file's bytes */
  signature: string
}

/** The signature file of a payout file. */
export function signaturePath (path: string): string {
  return `${path}.sig`
}

/**
 * Writes `bytes` to `path` and its signature to `path.sig`, each replaced
 * atomically and fsynced, then fsyncs the directory: the signature is written
 * last, so a reader that waits for it never sees half a run.
 */
export async function writeSignedFile (path: string, bytes: Uint8Array, key: PrivateKey, keyId: string): Promise<void> {
  const signature: PayoutSignature = { format: PAYOUT_SIGNATURE_FORMAT, keyId, signature: Buffer.from(await signWithDomain(key, PAYOUT_FILE_DOMAIN, bytes)).toString('base64') }
  await writeFileAtomic(path, Buffer.from(bytes), { mode: 0o600 })
  await writeFileAtomic(signaturePath(path), JSON.stringify(signature) + '\n', { mode: 0o600 })
  const dir = await open(dirname(path), 'r')
  try {
    await dir.sync()
  } finally {
    await dir.close()
  }
}

/**
 * Checks a payout file against its `.sig` and the rendezvous keys the
 * caller trusts; answers the file's bytes and the key that signed them.
 * Throws InvalidPayoutFileError for anything else.
 */
export async function verifyPayoutFile (path: string, trustedKeyIds: readonly string[]): Promise<{ bytes: Uint8Array, keyId: string }> {
  const read = async (file: string): Promise<Buffer> => {
    try {
      const handle = await open(file, 'r')
      try {
        if ((await handle.stat()).size > MAX_PAYOUT_FILE_BYTES) throw new InvalidPayoutFileError(`${file} is larger than ${MAX_PAYOUT_FILE_BYTES} bytes`)
      } finally {
        await handle.close()
      }
      return await readFile(file)
    } catch (err: any) {
      if (err.code === 'ENOENT') throw new InvalidPayoutFileError(`${file} does not exist`)
      throw err
    }
  }
  const bytes = await read(path)
  let signature: PayoutSignature
  try {
    signature = JSON.parse((await read(signaturePath(path))).toString('utf8'))
  } catch (err: any) {
    if (err instanceof InvalidPayoutFileError) throw err
    throw new InvalidPayoutFileError(`${signaturePath(path)} is not a payout signature`)
  }
  if (signature?.format !== PAYOUT_SIGNATURE_FORMAT || typeof signature.keyId !== 'string' || typeof signature.signature !== 'string') {
    throw new InvalidPayoutFileError(`${signaturePath(path)} is not a payout signature`)
  }
  if (!trustedKeyIds.includes(signature.keyId)) throw new InvalidPayoutFileError(`${path} is signed by ${signature.keyId}, which is not a trusted rendezvous key`)
  if (!await signedBy(signature.keyId, PAYOUT_FILE_DOMAIN, bytes, Buffer.from(signature.signature, 'base64'))) {
    throw new InvalidPayoutFileError(`the signature of ${path} does not verify: the file was changed after the rendezvous signed it`)
  }
  return { bytes, keyId: signature.keyId }
}
