import { rendezvousBucket } from '../db/buckets.js'
import type { CoordinatorDatabase, RendezvousBucket } from '../db/buckets.js'
import type { VersionedDocument } from '../../protocols/documents/index.js'

/** The current version of a document as stored: the signed bytes peers get, and what it was made from. */
export interface StoredDocument<M> {
  version: number
  /** the encoded signed document, base64 */
  signed: string
  /** what the next version is built from (e.g. the revoked accounts) */
  meta: M
}

const CURRENT = 'current'

/** Where new versions are spread: the node's document server for this kind. */
export interface DocumentGossip {
  publish(bytes: Uint8Array): Promise<void>
}

/**
 * The rendezvous's books of one versioned signed document (the revocation
 * list, the rule set): the current version in the coordinator's database,
 * the next one built from it and spread. Publishing is serialised, so
 * versions never collide. It is the `documents` hook of the kind's document
 * server, which answers fetches with `current()`.
 */
export class DocumentBook<M> {
  private readonly store
  private readonly gossip: () => DocumentGossip
  private stored?: StoredDocument<M>
  private signed?: VersionedDocument
  private writing: Promise<unknown> = Promise.resolve()

  /** `gossip` is looked up when a version is published (the server is built after the book). */
  constructor (db: CoordinatorDatabase, bucket: RendezvousBucket, gossip: () => DocumentGossip) {
    this.store = rendezvousBucket<StoredDocument<M>>(db, bucket)
    this.gossip = gossip
  }

  /** Reads the current version from the database. */
  async load (): Promise<void> {
    this.remember(await this.store.get(CURRENT))
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
   * number and the current document (if any) and returns the signed bytes
   * and what they were built from. One publication at a time.
   */
  async publish (build: (version: number, previous: StoredDocument<M> | undefined) => Promise<{ signed: Uint8Array, meta: M }>): Promise<number> {
    const next = this.writing.then(async () => {
      const version = (this.stored?.version ?? 0) + 1
      const { signed, meta } = await build(version, this.stored)
      const stored: StoredDocument<M> = { version, signed: Buffer.from(signed).toString('base64'), meta }
      await this.store.put(CURRENT, stored)
      this.remember(stored)
      await this.gossip().publish(signed)
      return version
    })
    this.writing = next.catch(() => {})
    return next
  }

  private remember (stored: StoredDocument<M> | undefined): void {
    this.stored = stored
    this.signed = stored == null ? undefined : { version: stored.version, bytes: Buffer.from(stored.signed, 'base64') }
  }
}
