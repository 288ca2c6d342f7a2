import type { VersionedDocument } from '../../protocols/documents/index.js'
import type { CoordinatorStore, DocumentKind, StoredDocument } from '../store/store.js'

/** Where new versions are spread: the node's document server for this kind. */
export interface DocumentGossip {
  publish(bytes: Uint8Array): Promise<void>
}

/** What `publish`'s builder answers: the next version's signed bytes and what they were built from, or undefined to publish nothing. */
export type NextDocument<M> = { signed: Uint8Array, meta: M } | undefined

/**
 * The rendezvous's books of one versioned signed document (the revocation
 * list, the rule set): the current version in the coordinator's store, the
 * next one built from it and spread. The next version is built and stored
 * in one unit of the store, so versions never collide, even between
 * rendezvous sharing one database; a version another rendezvous published
 * is read when the store says so. It is the `documents` hook of the kind's
 * document server, which answers fetches with `current()`.
 */
export class DocumentBook<M> {
  private readonly store: CoordinatorStore
  private readonly kind: DocumentKind
  private readonly gossip: () => DocumentGossip
  private stored?: StoredDocument<M>
  private signed?: VersionedDocument
  private unsubscribe?: () => void

  /** `gossip` is looked up when a version is published (the server is built after the book). */
  constructor (store: CoordinatorStore, kind: DocumentKind, gossip: () => DocumentGossip) {
    this.store = store
    this.kind = kind
    this.gossip = gossip
  }

  /** Reads the current version from the store, and from then on each version another rendezvous publishes. */
  async load (): Promise<void> {
    this.unsubscribe ??= this.store.onDocumentChange(kind => {
      if (kind === this.kind) this.reload().catch(() => {})
    })
    await this.reload()
  }

  /** Stops hearing of other rendezvous' versions. */
  close (): void {
    this.unsubscribe?.()
    this.unsubscribe = undefined
  }

  /** The current signed version, as peers fetch it. */
  current (): VersionedDocument | undefined {
    return this.signed
  }

  /** The current version and what it was built from. */
  currentStored (): StoredDocument<M> | undefined {
    return this.stored
  }

  /**
   * Builds, stores and gossips the next version: `build` gets the version
   * number and the current document (if any, as stored now) and answers the
   * signed bytes and what they were built from, or undefined when there is
   * nothing to change. Answers the new version (undefined: none).
   */
  async publish (build: (version: number, previous: StoredDocument<M> | undefined) => Promise<NextDocument<M>>): Promise<number | undefined> {
    const published = await this.store.unit(async (books) => {
      const previous = await books.document<M>(this.kind)
      const version = (previous?.version ?? 0) + 1
      const next = await build(version, previous)
      if (next == null) return undefined
      const stored: StoredDocument<M> = { version, signed: Buffer.from(next.signed).toString('base64'), meta: next.meta }
      books.write({ type: 'document', kind: this.kind, document: stored })
      return { stored, signed: next.signed }
    })
    if (published == null) return undefined
    this.remember(published.stored)
    await this.gossip().publish(published.signed)
    return published.stored.version
  }

  private async reload (): Promise<void> {
    this.remember(await this.store.document<M>(this.kind))
  }

  /** Keeps `stored` unless a newer version is known already (a reload may answer after a publication). */
  private remember (stored: StoredDocument<M> | undefined): void {
    if (stored == null || (this.stored != null && this.stored.version >= stored.version)) return
    this.stored = stored
    this.signed = { version: stored.version, bytes: Buffer.from(stored.signed, 'base64') }
  }
}
