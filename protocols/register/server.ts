import { boundedMap } from '../common/bounded-map.js'
import { silentLogger } from '../common/logger.js'
import { Responder } from '../common/responder.js'
import { DEFAULT_CREDENTIAL_TTL_MS } from '../credential/constants.js'
import { signCredential } from '../credential/credential.js'
import { RegisterResponse } from './pb/register.js'
import { REGISTER_EXCHANGE } from './exchange.js'
import { DEFAULT_REGISTER_INTERVAL_MS, DEFAULT_REGISTER_TIMEOUT_MS, MAX_REGISTER_STREAMS_PER_CONNECTION, MAX_TRACKED_REGISTRANTS } from './constants.js'
import type { RegisterRequest } from './pb/register.js'
import type { Logger } from '../common/logger.js'
import type { ResponderComponents } from '../common/responder.js'
import type { CredentialRole } from '../credential/constants.js'
import type { PrivateKey, Startable } from '@libp2p/interface'

const Status = RegisterResponse.Status

/** An account as registration sees it. */
export interface RegistrantAccount {
  id: string
  role: CredentialRole
  disabled: boolean
  /** a hosted gateway's customer account: its credential may sign receipts for others */
  hosted?: boolean
}

/** Role hook: the rendezvous's accounts and signing key. */
export interface RegistrationAuthority {
  /** the account an enrollment key belongs to */
  findByEnrollmentKey(key: string): Promise<RegistrantAccount | undefined>
  /** the key credentials are signed with now (it changes when the operator rotates keys) */
  signingKey(): PrivateKey
}

/** What the registration server runs on. */
export interface RegisterServerComponents extends ResponderComponents {
  authority: RegistrationAuthority
  logger?: Logger
}

/** Options of the registration server. */
export interface RegisterServerInit {
  /** lifetime of issued credentials (default DEFAULT_CREDENTIAL_TTL_MS) */
  credentialTtlMs?: number
  /** one credential per peer per this time (default DEFAULT_REGISTER_INTERVAL_MS) */
  intervalMs?: number
  /** an exchange must finish within this time (default DEFAULT_REGISTER_TIMEOUT_MS) */
  timeoutMs?: number
  /** the clock, unix ms (default Date.now) */
  now?: () => number
}

/**
 * Answers `/peergrid/register/1.0.0`: a node names its account by the
 * enrollment key; the credential is issued to the connection's
 * noise-authenticated remote peer, never to a peer id the request names.
 */
export class RegisterServer implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/register-server'
  private readonly responder: Responder<RegisterRequest, RegisterResponse>
  private readonly lastIssued = boundedMap<string, number>(MAX_TRACKED_REGISTRANTS)

  constructor (components: RegisterServerComponents, init: RegisterServerInit = {}) {
    const logger = components.logger ?? silentLogger()
    const now = init.now ?? Date.now
    const intervalMs = init.intervalMs ?? DEFAULT_REGISTER_INTERVAL_MS
    this.responder = new Responder(components, {
      protocol: REGISTER_EXCHANGE,
      timeoutMs: init.timeoutMs ?? DEFAULT_REGISTER_TIMEOUT_MS,
      maxInboundStreams: MAX_REGISTER_STREAMS_PER_CONNECTION,
      answer: async (request, connection) => {
        const peer = connection.remotePeer
        const account = await components.authority.findByEnrollmentKey(request.enrollmentKey)
        if (account == null) return { status: Status.UNKNOWN_KEY }
        if (account.disabled) return { status: Status.DISABLED }
        const issuedAtMs = now()
        if (issuedAtMs - (this.lastIssued.get(peer.toString()) ?? -Infinity) < intervalMs) return { status: Status.RATE_LIMITED }
        const credential = await signCredential(components.authority.signingKey(), {
          peerId: peer,
          account: account.id,
          role: account.role,
          ...(account.hosted === true ? { hosted: true } : {}),
          issuedAtMs,
          expiresAtMs: issuedAtMs + (init.credentialTtlMs ?? DEFAULT_CREDENTIAL_TTL_MS)
        })
        this.lastIssued.set(peer.toString(), issuedAtMs)
        logger.info({ peer: peer.toString(), account: account.id, credentialRole: account.role }, 'issued a credential')
        return { status: Status.OK, credential: credential as Uint8Array<ArrayBuffer> }
      }
    })
  }

  async start (): Promise<void> {
    await this.responder.start()
  }

  async stop (): Promise<void> {
    await this.responder.stop()
  }
}

/** The registration server as a libp2p service. */
export function registerServer (init: RegisterServerInit = {}): (components: RegisterServerComponents) => RegisterServer {
  return (components) => new RegisterServer(components, init)
}
