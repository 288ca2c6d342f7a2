import { NoRendezvousError } from '../common/errors.js'
import { sleep } from '../common/abort.js'
import { ServiceLifecycle } from '../common/lifecycle.js'
import { silentLogger } from '../common/logger.js'
import { requestMetrics } from '../common/metrics.js'
import { request } from '../common/request-response.js'
import { verifyCredential } from '../credential/credential.js'
import { REGISTER_EXCHANGE } from './exchange.js'
import { RegistrationRefusedError } from './errors.js'
import {
  CREDENTIAL_RENEW_FRACTION,
  DEFAULT_REGISTER_RETRY_MS,
  DEFAULT_REGISTER_TIMEOUT_MS,
  MAX_REGISTER_RETRY_MS,
  REGISTER_REFUSED_RETRY_MS
} from './constants.js'
import type { Logger } from '../common/logger.js'
import type { RequestMetrics } from '../common/metrics.js'
import type { RendezvousPeers } from '../common/rendezvous.js'
import type { VerifiedCredential } from '../credential/credential.js'
import type { AbortOptions, PeerId, Startable } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'
import type { Registry } from 'prom-client'

/** Where the node keeps its credential across restarts (role hook: a file in the data dir). */
export interface CredentialStore {
  load(): Promise<Uint8Array | undefined>
  save(bytes: Uint8Array): Promise<void>
}

/** What the registration client runs on. */
export interface RegisterClientComponents {
  peerId: PeerId
  connectionManager: Pick<ConnectionManager, 'openStream'>
  /** role hook: the rendezvous peers that can issue credentials */
  rendezvous: RendezvousPeers
  /** role hook: keeps the credential (default: memory only) */
  store?: CredentialStore
  logger?: Logger
  registry?: Registry
}

/** How the client gets and keeps a credential. */
export interface RegisterClientInit {
  /** the account's enrollment key (`--enroll`) */
  enrollmentKey: string
  /** ids of the rendezvous signing keys this node trusts (`--trust`) */
  trustedKeys: ReadonlySet<string>
  /** one registration must finish within this time (default DEFAULT_REGISTER_TIMEOUT_MS) */
  timeoutMs?: number
  /** first retry after a failure, doubling up to MAX_REGISTER_RETRY_MS (default DEFAULT_REGISTER_RETRY_MS) */
  retryMs?: number
}

/**
 * Keeps this node's credential (`/peergrid/register/1.0.0`): loads the
 * stored one if it is still good, registers at a rendezvous when there is
 * none (at once when a rendezvous connects), renews at two thirds of its
 * lifetime, and retries with backoff. Every credential is verified against
 * the trusted keys before it is used or stored.
 */
export class RegisterClient implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/register-client'
  private readonly components: RegisterClientComponents
  private readonly init: RegisterClientInit
  private readonly logger: Logger
  private readonly metrics?: RequestMetrics
  private readonly lifecycle = new ServiceLifecycle()
  private credential?: VerifiedCredential
  private loop?: Promise<void>
  private waiting?: AbortController

  private readonly onRendezvous = (): void => {
    // a credential is asked for as soon as a rendezvous is connected
    if (this.current() == null) this.waiting?.abort()
  }

  constructor (components: RegisterClientComponents, init: RegisterClientInit) {
    this.components = components
    this.init = init
    this.logger = components.logger ?? silentLogger()
    this.metrics = components.registry != null ? requestMetrics(components.registry) : undefined
  }

  /** The current credential, while it is valid. */
  current (): VerifiedCredential | undefined {
    return this.credential != null && this.credential.expiresAtMs > Date.now() ? this.credential : undefined
  }

  async start (): Promise<void> {
    if (!this.lifecycle.start()) return
    this.credential = await this.load()
    this.components.rendezvous.addEventListener('connected', this.onRendezvous)
    this.loop = this.keep(this.lifecycle.signal)
  }

  async stop (): Promise<void> {
    if (!this.lifecycle.stop()) return
    this.components.rendezvous.removeEventListener('connected', this.onRendezvous)
    await this.loop
  }

  /** Asks the connected rendezvous peers, in turn, for a credential now; verifies, stores and returns it. */
  async register (options: AbortOptions = {}): Promise<VerifiedCredential> {
    const { connectionManager, peerId, store } = this.components
    let lastError: Error = new NoRendezvousError()
    const signal = this.lifecycle.signalFor(options)
    for (const issuer of this.components.rendezvous.connectedPeers()) {
      try {
        const response = await request(connectionManager, issuer, REGISTER_EXCHANGE, { enrollmentKey: this.init.enrollmentKey }, {
          signal,
          timeoutMs: this.init.timeoutMs ?? DEFAULT_REGISTER_TIMEOUT_MS,
          metrics: this.metrics
        })
        if (response.credential == null) throw new RegistrationRefusedError(response.status)
        const credential = await verifyCredential(response.credential, { trustedKeys: this.init.trustedKeys, presenter: peerId })
        await store?.save(credential.bytes)
        this.credential = credential
        return credential
      } catch (err: any) {
        if (signal.aborted) throw err
        lastError = err
      }
    }
    throw lastError
  }

  private async keep (signal: AbortSignal): Promise<void> {
    const firstRetryMs = this.init.retryMs ?? DEFAULT_REGISTER_RETRY_MS
    let retryMs = firstRetryMs
    while (!signal.aborted) {
      const current = this.current()
      if (current != null) {
        const renewAt = current.issuedAtMs + (current.expiresAtMs - current.issuedAtMs) * CREDENTIAL_RENEW_FRACTION
        await sleep(Math.max(0, renewAt - Date.now()), signal)
        if (signal.aborted) return
      }
      try {
        const credential = await this.register({ signal })
        retryMs = firstRetryMs
        this.logger.info({ account: credential.account, credentialRole: credential.role, expiresAt: new Date(credential.expiresAtMs).toISOString() }, 'registered: credential issued')
      } catch (err: any) {
        if (signal.aborted) return
        const refused = err instanceof RegistrationRefusedError && err.final
        this.logger[refused ? 'error' : 'debug']({ err: err.message }, 'registration failed; retrying')
        this.waiting = new AbortController()
        await sleep(refused ? REGISTER_REFUSED_RETRY_MS : retryMs, AbortSignal.any([signal, this.waiting.signal]))
        this.waiting = undefined
        retryMs = Math.min(retryMs * 2, MAX_REGISTER_RETRY_MS)
      }
    }
  }

  /** The stored credential, if it is still good for this node and trusted. */
  private async load (): Promise<VerifiedCredential | undefined> {
    try {
      const bytes = await this.components.store?.load()
      if (bytes == null) return undefined
      return await verifyCredential(bytes, { trustedKeys: this.init.trustedKeys, presenter: this.components.peerId })
    } catch {
      return undefined
    }
  }
}

/** The registration client as a libp2p service. */
export function registerClient (init: RegisterClientInit): (components: RegisterClientComponents) => RegisterClient {
  return (components) => new RegisterClient(components, init)
}
