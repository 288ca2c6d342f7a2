import { pbStream } from '@libp2p/utils'
import {
  DEFAULT_CREDENTIAL_TTL_MS,
  MAX_REGISTER_REQUEST_BYTES,
  REGISTER_PROTOCOL,
  REGISTER_TIMEOUT_MS,
  RegisterRequest,
  RegisterResponse,
  signCredential
} from '../../protocols/identity/index.js'
import { MAX_REGISTER_STREAMS_PER_CONNECTION, MAX_TRACKED_REGISTRANTS, REGISTER_INTERVAL_MS } from './constants.js'
import type { AccountRepository } from './accounts.js'
import type { RendezvousMetrics } from '../metrics.js'
import type { Connection, Libp2p, PrivateKey, Stream } from '@libp2p/interface'
import type { Logger } from 'pino'

const Status = RegisterResponse.Status

/** What the registration server runs on. */
export interface RegisterServerComponents {
  libp2p: Libp2p
  accounts: AccountRepository
  /** the key credentials are signed with now (it changes when the operator rotates keys) */
  signingKey(): PrivateKey
  logger: Logger
  metrics: RendezvousMetrics
}

/** Options of the registration server. */
export interface RegisterServerInit {
  /** lifetime of issued credentials (default DEFAULT_CREDENTIAL_TTL_MS) */
  credentialTtlMs?: number
  /** the clock, unix ms (default Date.now) */
  now?: () => number
}

/**
 * Answers `/peergrid/register/1.0.0`: a node names its account by the
 * enrollment key; the credential is issued to the connection's
 * noise-authenticated remote peer, never to a peer id the request names.
 */
export class RegisterServer {
  private readonly components: RegisterServerComponents
  private readonly init: RegisterServerInit
  private readonly lastIssued = new Map<string, number>()
  private started = false

  constructor (components: RegisterServerComponents, init: RegisterServerInit = {}) {
    this.components = components
    this.init = init
  }

  async start (): Promise<void> {
    if (this.started) return
    await this.components.libp2p.handle(REGISTER_PROTOCOL, (stream, connection) => {
      void this.serve(stream, connection)
    }, { maxInboundStreams: MAX_REGISTER_STREAMS_PER_CONNECTION })
    this.started = true
  }

  async stop (): Promise<void> {
    if (!this.started) return
    await this.components.libp2p.unhandle(REGISTER_PROTOCOL)
    this.started = false
  }

  private async serve (stream: Stream, connection: Connection): Promise<void> {
    const { metrics, logger, accounts } = this.components
    const signal = AbortSignal.timeout(REGISTER_TIMEOUT_MS)
    const peer = connection.remotePeer
    try {
      const pb = pbStream(stream, { maxDataLength: MAX_REGISTER_REQUEST_BYTES })
      const request = await pb.read(RegisterRequest, { signal })
      const now = (this.init.now ?? Date.now)()
      let response: RegisterResponse
      const account = await accounts.findByEnrollmentKey(request.enrollmentKey)
      if (account == null) {
        response = { status: Status.UNKNOWN_KEY }
      } else if (account.disabled) {
        response = { status: Status.DISABLED }
      } else if (now - (this.lastIssued.get(peer.toString()) ?? -Infinity) < REGISTER_INTERVAL_MS) {
        response = { status: Status.RATE_LIMITED }
      } else {
        const credential = await signCredential(this.components.signingKey(), {
          peerId: peer,
          account: account.id,
          role: account.role,
          issuedAtMs: now,
          expiresAtMs: now + (this.init.credentialTtlMs ?? DEFAULT_CREDENTIAL_TTL_MS)
        })
        this.remember(peer.toString(), now)
        response = { status: Status.OK, credential: credential as Uint8Array<ArrayBuffer> }
        logger.info({ peer: peer.toString(), account: account.id, credentialRole: account.role }, 'issued a credential')
      }
      await pb.write(response, RegisterResponse, { signal })
      await stream.close({ signal })
      metrics.registrations.inc({ result: response.status.toLowerCase() })
    } catch (err: any) {
      metrics.registrations.inc({ result: 'error' })
      logger.debug({ err: err.name, peer: peer.toString() }, 'registration failed')
      stream.abort(err)
    }
  }

  private remember (peer: string, now: number): void {
    this.lastIssued.delete(peer)
    this.lastIssued.set(peer, now)
    if (this.lastIssued.size > MAX_TRACKED_REGISTRANTS) this.lastIssued.delete(this.lastIssued.keys().next().value as string)
  }
}
