import { peerIdFromString } from '@libp2p/peer-id'
import { signRevocationList } from '../../protocols/revocations/index.js'
import { DocumentBook } from '../documents/book.js'
import type { AccountRepository } from './accounts.js'
import type { CoordinatorStore } from '../store/store.js'
import type { DocumentGossip } from '../documents/book.js'
import type { PrivateKey } from '@libp2p/interface'
import type { Logger } from 'pino'

/** What the revocation list holds. */
interface Revoked {
  accounts: string[]
  peers: string[]
  /** customer accounts out of credit (absent in lists from before there were any) */
  unfunded?: string[]
}

/** What the revocation books run on. */
export interface RevocationsComponents {
  store: CoordinatorStore
  accounts: AccountRepository
  /** the key lists are signed with now */
  signingKey(): PrivateKey
  /** the revocation list's document server (looked up when a list is published) */
  gossip(): DocumentGossip
  logger: Logger
}

/**
 * The rendezvous's revocation list: revoking an account disables it and
 * publishes a new signed list (version + 1) on REVOCATION_TOPIC; peers also
 * fetch the current list on REVOCATION_PROTOCOL.
 */
export class Revocations {
  readonly book: DocumentBook<Revoked>
  private readonly components: RevocationsComponents

  constructor (components: RevocationsComponents) {
    this.components = components
    this.book = new DocumentBook(components.store, 'revocations', components.gossip)
  }

  /** The current list's version (0 = nothing revoked yet). */
  get version (): number {
    return this.book.current()?.version ?? 0
  }

  /** Revokes an account: disables it and publishes a new list. False when there is no such account. */
  async revokeAccount (id: string): Promise<boolean> {
    if (!await this.components.accounts.disable(id)) return false
    const version = await this.book.publish(async (version, previous) => {
      const meta: Revoked = { accounts: [...new Set([...(previous?.meta.accounts ?? []), id])], peers: previous?.meta.peers ?? [], unfunded: previous?.meta.unfunded ?? [] }
      return { signed: await this.sign(version, meta), meta }
    })
    this.components.logger.info({ version, account: id }, 'published a revocation list')
    return true
  }

  /** The customer accounts the current list says are out of credit. */
  unfunded (): ReadonlySet<string> {
    return new Set(this.book.currentStored()?.meta.unfunded ?? [])
  }

  /**
   * Marks customer accounts out of credit (exits refuse their opens) or
   * funded again, publishing a new list when that changes anything.
   * Answers the new version, or undefined when nothing changed.
   */
  async setUnfunded (change: { add?: string[], remove?: string[] }): Promise<number | undefined> {
    const apply = (current: ReadonlySet<string>): Set<string> => {
      const next = new Set([...current, ...(change.add ?? [])])
      for (const id of change.remove ?? []) next.delete(id)
      return next
    }
    const same = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => a.size === b.size && [...a].every(id => b.has(id))
    if (same(apply(this.unfunded()), this.unfunded())) return undefined
    const version = await this.book.publish(async (version, previous) => {
      // from the list as it is stored now: another rendezvous may have changed it
      const current = new Set(previous?.meta.unfunded ?? [])
      const next = apply(current)
      if (same(next, current)) return undefined
      const meta: Revoked = { accounts: previous?.meta.accounts ?? [], peers: previous?.meta.peers ?? [], unfunded: [...next].sort() }
      return { signed: await this.sign(version, meta), meta }
    })
    if (version == null) return undefined
    this.components.logger.info({ version, added: change.add ?? [], removed: change.remove ?? [] }, 'published a revocation list (accounts out of credit)')
    return version
  }

  private async sign (version: number, meta: Revoked): Promise<Uint8Array> {
    return signRevocationList(this.components.signingKey(), { version, issuedAtMs: Date.now(), accounts: meta.accounts, peers: meta.peers.map(p => peerIdFromString(p)), unfunded: meta.unfunded ?? [] })
  }
}
