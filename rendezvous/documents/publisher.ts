import { pbStream } from '@libp2p/utils'
import {
  DOCUMENT_FETCH_TIMEOUT_MS,
  DocumentRequest,
  DocumentResponse,
  MAX_DOCUMENT_REQUEST_BYTES
} from '../../protocols/identity/index.js'
import { rendezvousBucket } from '../db/buckets.js'
import type { CoordinatorDatabase, RendezvousBucket } from '../db/buckets.js'
import type { GossipSub } from '@libp2p/gossipsub'
import type { Libp2p, Stream } from '@libp2p/interface'
import type { Logger } from 'pino'
import type { Counter } from 'prom-client'

/** The current version of a document as stored: the signed bytes peers get, and what it was made from. */
export interface StoredDocument<M> {
  version: number
  /** the encoded signed document, base64 */
  signed: string
  /** what the next version is built from (e.g. the revoked accounts) */
  meta: M
}

const CURRENT = 'current'

/** Concurrent fetches one connection may open. */
const MAX_FETCH_STREAMS_PER_CONNECTION = 2

/** What a publisher serves and where it keeps its document. */
export interface DocumentPublisherInit {
  bucket: RendezvousBucket
  topic: string
  protocol: string
  /** fetches answered, by result (ok, not_modified, error) */
  fetches: Counter<'result'>
}

/** What a publisher runs on. */
export interface DocumentPublisherComponents {
  libp2p: Libp2p<{ pubsub?: GossipSub }>
  db: CoordinatorDatabase
  logger: Logger
}

/**
 * One versioned signed document of the rendezvous (the revocation list, the
 * rule set): kept in the coordinator's database, gossiped when a new version
 * is published, and served on its fetch protocol. Publishing is serialised,
 * so versions never collide.
 */
export class DocumentPublisher<M> {
  private readonly components: DocumentPublisherComponents
  private readonly init: DocumentPublisherInit
  private readonly store
  private stored?: StoredDocument<M>
  private started = false
  private writing: Promise<unknown> = Promise.resolve()

  constructor (components: DocumentPublisherComponents, init: DocumentPublisherInit) {
    this.components = components
    this.init = init
    this.store = rendezvousBucket<StoredDocument<M>>(components.db, init.bucket)
  }

  /** The current version (0 = none yet) and what it was built from. */
  current (): StoredDocument<M> | undefined {
    return this.stored
  }

  async start (): Promise<void> {
    if (this.started) return
    this.stored = await this.store.get(CURRENT)
    await this.components.libp2p.handle(this.init.protocol, (stream) => {
      void this.serve(stream)
    }, { maxInboundStreams: MAX_FETCH_STREAMS_PER_CONNECTION })
    this.components.libp2p.services.pubsub?.subscribe(this.init.topic)
    this.started = true
  }

  async stop (): Promise<void> {
    if (!this.started) return
    this.components.libp2p.services.pubsub?.unsubscribe(this.init.topic)
    await this.components.libp2p.unhandle(this.init.protocol)
    this.started = false
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
      this.stored = stored
      try {
        await this.components.libp2p.services.pubsub?.publish(this.init.topic, signed)
      } catch (err: any) {
        // nobody subscribed yet: peers fetch the document when they join
        this.components.logger.debug({ err: err.message, topic: this.init.topic }, 'not gossiped')
      }
      return version
    })
    this.writing = next.catch(() => {})
    return next
  }

  private async serve (stream: Stream): Promise<void> {
    const signal = AbortSignal.timeout(DOCUMENT_FETCH_TIMEOUT_MS)
    try {
      const pb = pbStream(stream, { maxDataLength: MAX_DOCUMENT_REQUEST_BYTES })
      const request = await pb.read(DocumentRequest, { signal })
      const current = this.stored
      const response: DocumentResponse = current == null || request.knownVersion >= current.version
        ? { status: DocumentResponse.Status.NOT_MODIFIED }
        : { status: DocumentResponse.Status.OK, document: Buffer.from(current.signed, 'base64') as Uint8Array<ArrayBuffer> }
      await pb.write(response, DocumentResponse, { signal })
      await stream.close({ signal })
      this.init.fetches.inc({ result: response.status.toLowerCase() })
    } catch (err: any) {
      this.init.fetches.inc({ result: 'error' })
      stream.abort(err)
    }
  }
}
