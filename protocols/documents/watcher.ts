import { TopicValidatorResult } from '@libp2p/gossipsub'
import { ServiceLifecycle } from '../common/lifecycle.js'
import { TopicSubscription } from '../common/topic.js'
import { silentLogger } from '../common/logger.js'
import { requestMetrics } from '../common/metrics.js'
import { request } from '../common/request-response.js'
import { DocumentResponse } from './pb/documents.js'
import { documentMetrics } from './metrics.js'
import { documentExchange } from './exchange.js'
import { DEFAULT_DOCUMENT_REFRESH_INTERVAL_MS, DEFAULT_DOCUMENT_TIMEOUT_MS } from './constants.js'
import type { DocumentKind, VersionedDocument } from './kind.js'
import type { DocumentMetrics } from './metrics.js'
import type { DocumentRequest } from './pb/documents.js'
import type { Logger } from '../common/logger.js'
import type { RequestMetrics } from '../common/metrics.js'
import type { RequestResponseProtocol } from '../common/request-response.js'
import type { RendezvousPeers } from '../common/rendezvous.js'
import type { GossipSub, Message } from '@libp2p/gossipsub'
import type { AbortOptions, PeerId, Startable } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'
import type { Registry } from 'prom-client'

/** Where a watcher keeps the newest version across restarts (role hook: a file in the data dir). */
export interface DocumentStore {
  /** the stored signed document, if any */
  load(): Promise<Uint8Array | undefined>
  /** replaces the stored document */
  save(bytes: Uint8Array): Promise<void>
}

/** What a watcher runs on. */
export interface DocumentWatcherComponents {
  connectionManager: Pick<ConnectionManager, 'openStream'>
  /** absent when the node takes no part in gossip */
  pubsub?: Pick<GossipSub, 'topicValidators' | 'subscribe' | 'unsubscribe'>
  /** role hook: the rendezvous peers to fetch from */
  rendezvous: RendezvousPeers
  /** role hook: keeps the newest version (default: memory only) */
  store?: DocumentStore
  logger?: Logger
  registry?: Registry
}

/** What a watcher keeps. */
export interface DocumentWatcherInit<T extends VersionedDocument> {
  kind: DocumentKind<T>
  /** a fetch must finish within this time (default DEFAULT_DOCUMENT_TIMEOUT_MS) */
  timeoutMs?: number
  /** ask the rendezvous for a newer version this often (default DEFAULT_DOCUMENT_REFRESH_INTERVAL_MS) */
  refreshIntervalMs?: number
}

/**
 * The client side of a versioned document: keeps the newest version it has
 * seen — the stored copy at start, every newer version gossiped on the kind's
 * topic (older and equal versions are ignored, bad ones rejected), and a
 * fetch from a rendezvous when one connects and every refresh interval.
 */
export class DocumentWatcher<T extends VersionedDocument> implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/document-watcher'
  private readonly components: DocumentWatcherComponents
  private readonly init: DocumentWatcherInit<T>
  private readonly exchange: RequestResponseProtocol<DocumentRequest, DocumentResponse>
  private readonly logger: Logger
  private readonly metrics?: DocumentMetrics
  private readonly requestMetrics?: RequestMetrics
  private readonly lifecycle = new ServiceLifecycle()
  private readonly subscription: TopicSubscription
  private document?: T
  private timer?: ReturnType<typeof setInterval>

  private readonly validate = async (_from: PeerId, message: Message): Promise<TopicValidatorResult> => {
    try {
      return await this.offer(message.data, 'gossip') ? TopicValidatorResult.Accept : TopicValidatorResult.Ignore
    } catch {
      return TopicValidatorResult.Reject
    }
  }

  private readonly onRendezvous = (): void => {
    void this.refresh()
  }

  constructor (components: DocumentWatcherComponents, init: DocumentWatcherInit<T>) {
    this.components = components
    this.init = init
    this.exchange = documentExchange(init.kind)
    this.subscription = new TopicSubscription(components.pubsub, init.kind.topic, this.validate)
    this.logger = components.logger ?? silentLogger()
    if (components.registry != null) {
      this.metrics = documentMetrics(components.registry)
      this.requestMetrics = requestMetrics(components.registry)
    }
  }

  /** The newest version this node holds. */
  current (): T | undefined {
    return this.document
  }

  async start (): Promise<void> {
    if (!this.lifecycle.start()) return
    const stored = await this.components.store?.load().catch(() => undefined)
    if (stored != null) {
      try {
        this.document = await this.init.kind.open(stored)
      } catch (err: any) {
        this.logger.warn({ kind: this.init.kind.name, err: err.message }, 'the stored copy does not verify; waiting for a new one')
      }
    }
    this.components.rendezvous.addEventListener('connected', this.onRendezvous)
    this.timer = setInterval(() => { void this.refresh() }, this.init.refreshIntervalMs ?? DEFAULT_DOCUMENT_REFRESH_INTERVAL_MS)
    this.timer.unref()
  }

  /** Subscribes to the kind's topic once gossipsub has started. */
  afterStart (): void {
    if (this.lifecycle.running) this.subscription.subscribe()
  }

  beforeStop (): void {
    this.subscription.unsubscribe()
  }

  stop (): void {
    if (!this.lifecycle.stop()) return
    clearInterval(this.timer)
    this.components.rendezvous.removeEventListener('connected', this.onRendezvous)
    this.subscription.unsubscribe()
  }

  /** Asks the connected rendezvous peers, in turn, for a newer version; the first that answers ends the round. */
  async refresh (options: AbortOptions = {}): Promise<void> {
    const { kind } = this.init
    const signal = this.lifecycle.signalFor(options)
    for (const issuer of this.components.rendezvous.connectedPeers()) {
      try {
        const response = await request(this.components.connectionManager, issuer, this.exchange, { knownVersion: this.document?.version ?? 0 }, {
          signal,
          timeoutMs: this.init.timeoutMs ?? DEFAULT_DOCUMENT_TIMEOUT_MS,
          metrics: this.requestMetrics
        })
        if (response.status === DocumentResponse.Status.OK && response.document != null) await this.offer(response.document, 'fetch')
        return
      } catch (err: any) {
        if (signal.aborted) return
        this.logger.debug({ err: err.message, kind: kind.name }, 'fetch failed')
      }
    }
  }

  /** Takes a document if it verifies and is newer; true when it was taken. Throws the kind's typed error when it does not verify. */
  async offer (bytes: Uint8Array, source: 'gossip' | 'fetch' | 'local'): Promise<boolean> {
    const kind = this.init.kind.name
    let document: T
    try {
      document = await this.init.kind.open(bytes)
    } catch (err: any) {
      this.metrics?.offers.inc({ kind, result: err.name })
      this.logger.debug({ kind, source, err: err.message }, 'refused a signed document')
      throw err
    }
    if (document.version <= (this.document?.version ?? 0)) {
      this.metrics?.offers.inc({ kind, result: 'stale' })
      return false
    }
    this.metrics?.offers.inc({ kind, result: 'taken' })
    this.document = document
    this.logger.info({ kind, version: document.version, source }, 'took a newer signed document')
    await this.components.store?.save(bytes).catch((err: Error) => {
      this.logger.warn({ kind, err: err.message }, 'cannot store the document; it is kept in memory')
    })
    return true
  }
}

/** A document watcher as a libp2p service. */
export function documentWatcher<T extends VersionedDocument> (init: DocumentWatcherInit<T>): (components: DocumentWatcherComponents) => DocumentWatcher<T> {
  return (components) => new DocumentWatcher(components, init)
}
