import { readFile } from 'node:fs/promises'
import writeFileAtomic from 'write-file-atomic'

/** Bytes kept in one file of the data dir, replaced atomically (the credential, the newest revocation list or rule set). */
export interface FileStore {
  /** the file's bytes; undefined when there is no file */
  load(): Promise<Uint8Array | undefined>
  /** replaces the file (readable by its owner only) */
  save(bytes: Uint8Array): Promise<void>
}

/**
 * A FileStore at `path`: the store hook of the registration client and the
 * document watchers. A crash mid-write leaves the old file or the new one,
 * never a torn one.
 */
export function fileStore (path: string): FileStore {
  return {
    async load () {
      try {
        return await readFile(path)
      } catch (err: any) {
        if (err.code === 'ENOENT') return undefined
        throw err
      }
    },
    async save (bytes) {
      await writeFileAtomic(path, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { mode: 0o600 })
    }
  }
}

/** Name of the file in the data dir holding the node's current credential. */
export const CREDENTIAL_FILE_NAME = 'credential'

/** Name of the file in the data dir holding the newest revocation list. */
export const REVOCATION_FILE_NAME = 'revocations'

/** Name of the file in the data dir holding the newest rule set. */
export const RULES_FILE_NAME = 'rules'
