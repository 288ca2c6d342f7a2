import { access, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { credentialKeyId } from '../../protocols/credential/index.js'
import { ApiError } from '../api/errors.js'
import { CREDENTIAL_KEY_FILE_NAME, loadOrCreatePrivateKey } from '../libp2p/key.js'
import type { Rendezvous } from '../../rendezvous/index.js'

/** The next signing key, prepared before a rotation so nodes can trust it first. */
export const NEXT_CREDENTIAL_KEY_FILE_NAME = 'credential.next.key'

/** The key signed with before the last rotation, kept for the record. */
export const PREVIOUS_CREDENTIAL_KEY_FILE_NAME = 'credential.previous.key'

/** Key rotation for a rendezvous daemon, on the files in its data dir. */
export interface CredentialKeyRotation {
  /** creates the next key if there is none; returns its id (add it to every node's --trust) */
  prepare(): Promise<{ current: string, next: string }>
  /** signs with the prepared key from now on; the old one becomes credential.previous.key */
  activate(): Promise<{ current: string, previous: string }>
}

/** Rotation of `rendezvous`'s signing key, kept in `dataDir`. */
export function credentialKeyRotation (dataDir: string, rendezvous: Rendezvous): CredentialKeyRotation {
  const nextPath = join(dataDir, NEXT_CREDENTIAL_KEY_FILE_NAME)
  return {
    async prepare () {
      const next = await loadOrCreatePrivateKey(nextPath)
      return { current: rendezvous.credentialKeyId, next: credentialKeyId(next) }
    },
    async activate () {
      try {
        await access(nextPath)
      } catch {
        throw new ApiError('BAD_REQUEST', 'No next key is prepared: prepare one first and add its id to every node\'s --trust')
      }
      const next = await loadOrCreatePrivateKey(nextPath)
      const previous = rendezvous.credentialKeyId
      await rename(join(dataDir, CREDENTIAL_KEY_FILE_NAME), join(dataDir, PREVIOUS_CREDENTIAL_KEY_FILE_NAME))
      await rename(nextPath, join(dataDir, CREDENTIAL_KEY_FILE_NAME))
      rendezvous.rotateCredentialKey(next)
      return { current: rendezvous.credentialKeyId, previous }
    }
  }
}
