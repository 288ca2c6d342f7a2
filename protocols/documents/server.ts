import { silentLogger } from '../common/logger.js'
import { Responder } from '../common/responder.js'
import { TopicSubscription } from '../common/topic.js'
import { DEFAULT_DOCUMENT_TIMEOUT_MS, MAX_DOCUMENT_STREAMS_PER_CONNECTION } from './constants.js'
import { documentExchange } from './exchange.js'
import { DocumentResponse } from './pb/documents.js'
import type { DocumentKind, VersionedDocument } from './kind.js'
import type { DocumentRequest } from './pb/documents.js'
import type { Logger } from '../common/logger.js'
import type { ResponderComponents } from '../common/responder.js'
import type { GossipSub } from '@libp2p/gossipsub'
import type { Startable } from '@libp2p/interface'

/** Where the server finds the version it serves: role hook, the rendezvous's books. */
export interface DocumentSource {
  /** the current signed version, if there is one */
  current(): VersionedDocument | undefined
}

/** What a document server runs on. */
export interface DocumentServerComponents extends ResponderComponents {
  /** absent when the node takes no part in gossip */
  pubsub?: Pick<GossipSub, 'topicValidators' | 'subscribe' | 'unsubscribe' | 'publish'>
  /** role hook: the current version */
  documents: DocumentSource
  logger?: Logger
}

/** Which document a server serves. */
export interface DocumentServerInit {
  kind: Pick<DocumentKind<VersionedDocument>, 'name' | 'topic' | 'protocol' | 'maxBytes'>
  /** an exchange must finish within this time (default DEFAULT_DOCUMENT_TIMEOUT_MS) */
  timeoutMs?: number
}

/**
 * The server side of a versioned document: answers fetches on the kind's
 * protocol with the current version (or NOT_MODIFIED), and gossips each new
 * version on the kind's topic when the role publishes one.
 */
export class DocumentServer implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/document-server'
  private readonly components: DocumentServerComponents
  private readonly init: DocumentServerInit
  private readonly responder: Responder<DocumentRequest, DocumentResponse>
  private readonly logger: Logger
  private readonly subscription: TopicSubscription

  constructor (components: DocumentServerComponents, init: DocumentServerInit) {
    this.components = components
    this.init = init
    this.logger = components.logger ?? silentLogger()
    this.subscription = new TopicSubscription(components.pubsub, init.kind.topic)
    this.responder = new Responder(components, {
      protocol: documentExchange(init.kind),
      timeoutMs: init.timeoutMs ?? DEFAULT_DOCUMENT_TIMEOUT_MS,
      maxInboundStreams: MAX_DOCUMENT_STREAMS_PER_CONNECTION,
      answer: async (request) => {
        const current = components.documents.current()
        return current == null || request.knownVersion >= current.version
          ? { status: DocumentResponse.Status.NOT_MODIFIED }
          : { status: DocumentResponse.Status.OK, document: current.bytes as Uint8Array<ArrayBuffer> }
      }
    })
  }

  async start (): Promise<void> {
    await this.responder.start()
  }

  /** Joins the kind's topic once gossipsub has started, so the rendezvous relays new versions too. */
  afterStart (): void {
    if (this.responder.started) this.subscription.subscribe()
  }

  beforeStop (): void {
    this.subscription.unsubscribe()
  }

  async stop (): Promise<void> {
    this.subscription.unsubscribe()
    await this.responder.stop()
  }

  /** Gossips a new signed version; peers that miss it fetch it when they next connect. */
  async publish (bytes: Uint8Array): Promise<void> {
    try {
      await this.components.pubsub?.publish(this.init.kind.topic, bytes)
    } catch (err: any) {
      // nobody subscribed yet: peers fetch the document when they join
      this.logger.debug({ err: err.message, topic: this.init.kind.topic }, 'not gossiped')
    }
  }
}

/** A document server as a libp2p service. */
export function documentServer (init: DocumentServerInit): (components: DocumentServerComponents) => DocumentServer {
  return (components) => new DocumentServer(components, init)
}
