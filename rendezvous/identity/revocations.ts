import { peerIdFromString } from '@libp2p/peer-id'
import { REVOCATION_PROTOCOL, REVOCATION_TOPIC, signRevocationList } from '../../protocols/identity/index.js'
import { RENDEZVOUS_BUCKETS } from '../db/buckets.js'
import { DocumentPublisher } from '../documents/publisher.js'
import type { AccountRepository } from './accounts.js'
import type { CoordinatorDatabase } from '../db/buckets.js'
import type { RendezvousMetrics } from '../metrics.js'
import type { GossipSub } from '@libp2p/gossipsub'
import type { Libp2p, PrivateKey } from '@libp2p/interface'
import type { Logger } from 'pino'

/** What the revocation list holds. */
interface Revoked {
  accounts: string[]
  peers: string[]
}

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
 * fetch the current list on REVOCATION_PROTOCOL.
 */
export class Revocations {
  private readonly components: RevocationsComponents
  private readonly publisher: DocumentPublisher<Revoked>

  constructor (components: RevocationsComponents) {
    this.components = components
    this.publisher = new DocumentPublisher(components, {
      bucket: RENDEZVOUS_BUCKETS.revocations,
      topic: REVOCATION_TOPIC,
      protocol: REVOCATION_PROTOCOL,
      fetches: components.metrics.revocationFetches
    })
  }

  /** The current list's version (0 = nothing revoked yet). */
  get version (): number {
    return this.publisher.current()?.version ?? 0
  }

  async start (): Promise<void> {
    await this.publisher.start()
  }

  async stop (): Promise<void> {
    await this.publisher.stop()
  }

  /** Revokes an account: disables it and publishes a new list. False when there is no such account. */
  async revokeAccount (id: string): Promise<boolean> {
    if (!await this.components.accounts.disable(id)) return false
    const version = await this.publisher.publish(async (version, previous) => {
      const meta: Revoked = { accounts: [...new Set([...(previous?.meta.accounts ?? []), id])], peers: previous?.meta.peers ?? [] }
      const signed = await signRevocationList(this.components.signingKey(), { version, issuedAtMs: Date.now(), accounts: meta.accounts, peers: meta.peers.map(p => peerIdFromString(p)) })
      return { signed, meta }
    })
    this.components.logger.info({ version, account: id }, 'published a revocation list')
    return true
  }
}
