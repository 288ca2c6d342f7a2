import { randomBytes } from 'node:crypto'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { pbStream } from '@libp2p/utils'
import {
  MAX_REGISTER_RESPONSE_BYTES,
  REGISTER_PROTOCOL,
  REGISTER_TIMEOUT_MS,
  RegisterRequest,
  RegisterResponse,
  verifyCredential
} from '../../protocols/identity/index.js'
import { sleep, withTimeout } from '../utils/abort.js'
import { CREDENTIAL_RENEW_FRACTION, REGISTER_MAX_RETRY_MS, REGISTER_REFUSED_RETRY_MS, REGISTER_RETRY_MS } from './constants.js'
import { RegistrationRefusedError } from './errors.js'
import type { VerifiedCredential } from '../../protocols/identity/index.js'
import type { Logger } from '../logger.js'
import type { AbortOptions, Libp2p, PeerId } from '@libp2p/interface'

/** How the keeper gets and keeps a credential. */
export interface CredentialKeeperInit {
  /** the account's enrollment key (`--enroll`) */
  enrollmentKey: string
  /** ids of the rendezvous signing keys this node trusts (`--trust`) */
  trustedKeys: ReadonlySet<string>
  /** where the current credential is kept (the data dir's `credential` file) */
  path: string
}

/** What the keeper runs on. */
export interface CredentialKeeperComponents {
  libp2p: Libp2p
  logger: Logger
  /** the rendezvous peers that can issue credentials, in order of preference */
  issuers(): PeerId[]
}

/**
 * Keeps this node's credential: loads the stored one if it is still good,
 * registers at a rendezvous (`/peergrid/register/1.0.0`) when there is none,
 * renews at two thirds of its lifetime, and retries with backoff. Every
 * credential is verified against the trusted keys before it is used or
 * stored.
 */
export class CredentialKeeper {
  private readonly components: CredentialKeeperComponents
  private readonly init: CredentialKeeperInit
  private credential?: VerifiedCredential
  private shutdown?: AbortController
  private loop?: Promise<void>
  private waiting?: AbortController

  constructor (components: CredentialKeeperComponents, init: CredentialKeeperInit) {
    this.components = components
    this.init = init
  }

  /** The current credential, while it is valid. */
  current (): VerifiedCredential | undefined {
    return this.credential != null && this.credential.expiresAtMs > Date.now() ? this.credential : undefined
  }

  async start (): Promise<void> {
    if (this.shutdown != null) return
    this.shutdown = new AbortController()
    this.credential = await this.load()
    this.loop = this.keep(this.shutdown.signal)
  }

  /** Cuts a retry wait short when there is no credential yet (a rendezvous just connected). */
  wake (): void {
    if (this.current() == null) this.waiting?.abort()
  }

  async stop (): Promise<void> {
    this.shutdown?.abort()
    this.shutdown = undefined
    await this.loop
  }

  /** Asks a rendezvous for a credential now; verifies, stores and returns it. */
  async register (options: AbortOptions = {}): Promise<VerifiedCredential> {
    const { libp2p } = this.components
    let lastError: Error = new Error('No rendezvous is connected')
    for (const issuer of this.components.issuers()) {
      try {
        const signal = withTimeout(REGISTER_TIMEOUT_MS, options.signal)
        const stream = await libp2p.dialProtocol(issuer, REGISTER_PROTOCOL, { signal })
        const pb = pbStream(stream, { maxDataLength: MAX_REGISTER_RESPONSE_BYTES })
        await pb.write({ enrollmentKey: this.init.enrollmentKey }, RegisterRequest, { signal })
        const response = await pb.read(RegisterResponse, { signal })
        await stream.close({ signal }).catch(() => {})
        if (response.status !== RegisterResponse.Status.OK || response.credential == null) {
          throw new RegistrationRefusedError(response.status)
        }
        const credential = await verifyCredential(response.credential, { trustedKeys: this.init.trustedKeys, presenter: libp2p.peerId })
        await this.save(credential.bytes)
        this.credential = credential
        return credential
      } catch (err: any) {
        if (options.signal?.aborted === true) throw err
        lastError = err
      }
    }
    throw lastError
  }

  private async keep (signal: AbortSignal): Promise<void> {
    const { logger } = this.components
    let retryMs = REGISTER_RETRY_MS
    while (!signal.aborted) {
      const current = this.current()
      if (current != null) {
        const renewAt = current.issuedAtMs + (current.expiresAtMs - current.issuedAtMs) * CREDENTIAL_RENEW_FRACTION
        await sleep(Math.max(0, renewAt - Date.now()), signal)
        if (signal.aborted) return
      }
      try {
        const credential = await this.register({ signal })
        retryMs = REGISTER_RETRY_MS
        logger.info({ account: credential.account, credentialRole: credential.role, expiresAt: new Date(credential.expiresAtMs).toISOString() }, 'registered: credential issued')
      } catch (err: any) {
        if (signal.aborted) return
        const refused = err instanceof RegistrationRefusedError && err.final
        logger[refused ? 'error' : 'debug']({ err: err.message }, 'registration failed; retrying')
        this.waiting = new AbortController()
        await sleep(refused ? REGISTER_REFUSED_RETRY_MS : retryMs, AbortSignal.any([signal, this.waiting.signal]))
        this.waiting = undefined
        retryMs = Math.min(retryMs * 2, REGISTER_MAX_RETRY_MS)
      }
    }
  }

  /** The stored credential, if it is still good for this node and trusted. */
  private async load (): Promise<VerifiedCredential | undefined> {
    try {
      const bytes = await readFile(this.init.path)
      return await verifyCredential(bytes, { trustedKeys: this.init.trustedKeys, presenter: this.components.libp2p.peerId })
    } catch {
      return undefined
    }
  }

  private async save (bytes: Uint8Array): Promise<void> {
    const temp = `${this.init.path}.${randomBytes(4).toString('hex')}.tmp`
    await writeFile(temp, bytes, { mode: 0o600 })
    await rename(temp, this.init.path)
  }
}
