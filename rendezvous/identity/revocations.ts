import { peerIdFromString } from '@libp2p/peer-id'
import { pbStream } from '@libp2p/utils'
import {
  MAX_REVOCATION_REQUEST_BYTES,
  REVOCATION_FETCH_TIMEOUT_MS,
  REVOCATION_PROTOCOL,
  REVOCATION_TOPIC,
  RevocationRequest,
  RevocationResponse,
  signRevocationList
} from '../../protocols/identity/index.js'
import { RENDEZVOUS_BUCKETS, rendezvousBucket } from '../db/buckets.js'
import type { AccountRepository } from './accounts.js'
import type { CoordinatorDatabase } from '../db/buckets.js'
import type { RendezvousMetrics } from '../metrics.js'
import type { GossipSub } from '@libp2p/gossipsub'
import type { Libp2p, PrivateKey, Stream } from '@libp2p/interface'
import type { Logger } from 'pino'

/** The current list as stored: its entries and the signed bytes peers get. */
interface StoredRevocations {
  version: number
  accounts: string[]
  peers: string[]
  /** the encoded SignedRevocationList, base64 */
  signed: string
}

const CURRENT = 'current'

/** Concurrent revocation fetches one connection may open. */
const MAX_REVOCATION_STREAMS_PER_CONNECTION = 2

/** What the revocation service runs on. */
export interface RevocationsComponents {
  libp2p: Libp2p<{ pubsub?: GossipSub }>
  db: CoordinatorDatabase
  accounts: AccountRepository
  /** the key lists are signed with now */
  signingKey(): PrivateKey
  logger: Logger
  metrics: RendezvousMetrics
}

/**
 * The rendezvous's revocation list: revoking an account disables it and
 * publishes a new signed list (version + 1) on REVOCATION_TOPIC; peers also
 * fetch the current list on REVOCATION_PROTOCOL (at start, and to tell
 * whether they are up to date).
 */
export class Revocations {
  private readonly components: RevocationsComponents
  private readonly store
  private current?: StoredRevocations
  private started = false
  private writing: Promise<unknown> = Promise.resolve()

  constructor (components: RevocationsComponents) {
    this.components = components
    this.store = rendezvousBucket<StoredRevocations>(components.db, RENDEZVOUS_BUCKETS.revocations)
  }

  /** The current list's version (0 = nothing revoked yet). */
  get version (): number {
    return this.current?.version ?? 0
  }

  async start (): Promise<void> {
    if (this.started) return
    this.current = await this.store.get(CURRENT)
    await this.components.libp2p.handle(REVOCATION_PROTOCOL, (stream) => {
      void this.serve(stream)
    }, { maxInboundStreams: MAX_REVOCATION_STREAMS_PER_CONNECTION })
    this.components.libp2p.services.pubsub?.subscribe(REVOCATION_TOPIC)
    this.started = true
  }

  async stop (): Promise<void> {
    if (!this.started) return
    this.components.libp2p.services.pubsub?.unsubscribe(REVOCATION_TOPIC)
    await this.components.libp2p.unhandle(REVOCATION_PROTOCOL)
    this.started = false
  }

  /** Revokes an account: disables it and publishes a new list. False when there is no such account. */
  async revokeAccount (id: string): Promise<boolean> {
    if (!await this.components.accounts.disable(id)) return false
    await this.publish(list => ({ ...list, accounts: [...new Set([...list.accounts, id])] }))
    return true
  }

  /** Signs, stores and gossips the next version of the list (one change at a time). */
  private async publish (change: (list: { accounts: string[], peers: string[] }) => { accounts: string[], peers: string[] }): Promise<void> {
    const next = this.writing.then(async () => {
      const previous = this.current ?? { version: 0, accounts: [], peers: [], signed: '' }
      const { accounts, peers } = change(previous)
      const version = previous.version + 1
      const signed = await signRevocationList(this.components.signingKey(), { version, issuedAtMs: Date.now(), accounts, peers: peers.map(p => peerIdFromString(p)) })
      const stored: StoredRevocations = { version, accounts, peers, signed: Buffer.from(signed).toString('base64') }
      await this.store.put(CURRENT, stored)
      this.current = stored
      try {
        await this.components.libp2p.services.pubsub?.publish(REVOCATION_TOPIC, signed)
      } catch (err: any) {
        // nobody subscribed yet: peers fetch the list when they join
        this.components.logger.debug({ err: err.message }, 'revocation list not gossiped')
      }
      this.components.logger.info({ version, accounts: accounts.length, peers: peers.length }, 'published a revocation list')
    })
    this.writing = next.catch(() => {})
    await next
  }

  private async serve (stream: Stream): Promise<void> {
    const signal = AbortSignal.timeout(REVOCATION_FETCH_TIMEOUT_MS)
    try {
      const pb = pbStream(stream, { maxDataLength: MAX_REVOCATION_REQUEST_BYTES })
      const request = await pb.read(RevocationRequest, { signal })
      const current = this.current
      const response: RevocationResponse = current == null || request.knownVersion >= current.version
        ? { status: RevocationResponse.Status.NOT_MODIFIED }
        : { status: RevocationResponse.Status.OK, list: Buffer.from(current.signed, 'base64') as Uint8Array<ArrayBuffer> }
      await pb.write(response, RevocationResponse, { signal })
      await stream.close({ signal })
      this.components.metrics.revocationFetches.inc({ result: response.status.toLowerCase() })
    } catch (err: any) {
      this.components.metrics.revocationFetches.inc({ result: 'error' })
      stream.abort(err)
    }
  }
}
