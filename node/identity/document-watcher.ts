import { randomBytes } from 'node:crypto'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { TopicValidatorResult } from '@libp2p/gossipsub'
import { pbStream } from '@libp2p/utils'
import {
  DOCUMENT_FETCH_TIMEOUT_MS,
  DocumentRequest,
  DocumentResponse,
  MAX_SIGNED_REVOCATION_BYTES,
  REVOCATION_PROTOCOL,
  REVOCATION_TOPIC,
  openRevocationList
} from '../../protocols/identity/index.js'
import { MAX_SIGNED_RULE_SET_BYTES, RULES_PROTOCOL, RULES_TOPIC, openRuleSet } from '../../protocols/rules/index.js'
import { withTimeout } from '../utils/abort.js'
import { DOCUMENT_REFRESH_INTERVAL_MS } from './constants.js'
import type { VerifiedRevocationList } from '../../protocols/identity/index.js'
import type { VerifiedRuleSet } from '../../protocols/rules/index.js'
import type { DocumentMetrics } from './metrics.js'
import type { PeergridLibp2p } from '../libp2p/create-libp2p.js'
import type { Logger } from '../logger.js'
import type { Message } from '@libp2p/gossipsub'
import type { PeerId } from '@libp2p/interface'

/** A kind of versioned document the rendezvous signs and spreads (revocation list, rule set). */
export interface DocumentKind<T extends { version: number, bytes: Uint8Array }> {
  /** for logs */
  name: string
  /** gossipsub topic new versions are published on */
  topic: string
  /** protocol to fetch the current version from a rendezvous */
  protocol: string
  /** hard limit on one signed document */
  maxBytes: number
  /** verifies a signed document (trusted key, signature, form); throws when it is not good */
  open(bytes: Uint8Array): Promise<T>
}

/** What the watcher keeps and where. */
export interface DocumentWatcherInit<T extends { version: number, bytes: Uint8Array }> {
  kind: DocumentKind<T>
  /** the data dir file holding the newest version (absent: kept in memory only) */
  path?: string
}

/** What the watcher runs on. */
export interface DocumentWatcherComponents {
  libp2p: PeergridLibp2p
  logger: Logger
  metrics?: DocumentMetrics
  /** rendezvous peers to fetch from */
  issuers(): PeerId[]
}

/**
 * Keeps the newest version of a signed document: the copy on disk at start,
 * every newer version gossiped on its topic (older and equal versions are
 * ignored, bad ones rejected), and a fetch from the rendezvous when one
 * connects and every DOCUMENT_REFRESH_INTERVAL_MS.
 */
export class DocumentWatcher<T extends { version: number, bytes: Uint8Array }> {
  private readonly components: DocumentWatcherComponents
  private readonly init: DocumentWatcherInit<T>
  private document?: T
  private timer?: ReturnType<typeof setInterval>
  private started = false

  private readonly validate = async (_from: PeerId, message: Message): Promise<TopicValidatorResult> => {
    try {
      return await this.offer(message.data, 'gossip') ? TopicValidatorResult.Accept : TopicValidatorResult.Ignore
    } catch {
      return TopicValidatorResult.Reject
    }
  }

  constructor (components: DocumentWatcherComponents, init: DocumentWatcherInit<T>) {
    this.components = components
    this.init = init
  }

  /** The newest version this node holds. */
  current (): T | undefined {
    return this.document
  }

  async start (): Promise<void> {
    if (this.started) return
    this.started = true
    if (this.init.path != null) {
      try {
        this.document = await this.init.kind.open(await readFile(this.init.path))
      } catch {}
    }
    const pubsub = this.components.libp2p.services.pubsub
    if (pubsub != null) {
      pubsub.topicValidators.set(this.init.kind.topic, this.validate)
      pubsub.subscribe(this.init.kind.topic)
    }
    this.timer = setInterval(() => { void this.refresh() }, DOCUMENT_REFRESH_INTERVAL_MS)
    this.timer.unref()
  }

  async stop (): Promise<void> {
    if (!this.started) return
    this.started = false
    clearInterval(this.timer)
    const pubsub = this.components.libp2p.services.pubsub
    if (pubsub != null) {
      pubsub.unsubscribe(this.init.kind.topic)
      pubsub.topicValidators.delete(this.init.kind.topic)
    }
  }

  /** Asks the connected rendezvous peers for a newer version. */
  async refresh (): Promise<void> {
    const { kind } = this.init
    for (const issuer of this.components.issuers()) {
      try {
        const signal = withTimeout(DOCUMENT_FETCH_TIMEOUT_MS)
        const stream = await this.components.libp2p.dialProtocol(issuer, kind.protocol, { signal })
        const pb = pbStream(stream, { maxDataLength: kind.maxBytes + 16 })
        await pb.write({ knownVersion: this.document?.version ?? 0 }, DocumentRequest, { signal })
        const response = await pb.read(DocumentResponse, { signal })
        await stream.close({ signal }).catch(() => {})
        if (response.status === DocumentResponse.Status.OK && response.document != null) await this.offer(response.document, 'fetch')
        return
      } catch (err: any) {
        this.components.logger.debug({ err: err.message, kind: kind.name }, 'fetch failed')
      }
    }
  }

  /** Takes a document if it verifies and is newer; true when it was taken. Throws when it does not verify. */
  async offer (bytes: Uint8Array, source: string): Promise<boolean> {
    const kind = this.init.kind.name
    let document: T
    try {
      document = await this.init.kind.open(bytes)
    } catch (err: any) {
      this.components.metrics?.offers.inc({ kind, result: err.name })
      this.components.logger.debug({ kind, source, err: err.message }, 'refused a signed document')
      throw err
    }
    if (document.version <= (this.document?.version ?? 0)) {
      this.components.metrics?.offers.inc({ kind, result: 'stale' })
      return false
    }
    this.components.metrics?.offers.inc({ kind, result: 'taken' })
    this.document = document
    this.components.logger.info({ kind: this.init.kind.name, version: document.version, source }, 'took a newer signed document')
    const path = this.init.path
    if (path != null) {
      const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`
      await writeFile(temp, bytes, { mode: 0o600 }).then(async () => { await rename(temp, path) }, () => {})
    }
    return true
  }
}

/** The revocation list as a document kind, checked against `trustedKeys`. */
export function revocationListKind (trustedKeys: ReadonlySet<string>): DocumentKind<VerifiedRevocationList> {
  return {
    name: 'revocation list',
    topic: REVOCATION_TOPIC,
    protocol: REVOCATION_PROTOCOL,
    maxBytes: MAX_SIGNED_REVOCATION_BYTES,
    open: async (bytes) => openRevocationList(bytes, trustedKeys)
  }
}

/** The rule set as a document kind, checked against `trustedKeys`. */
export function ruleSetKind (trustedKeys: ReadonlySet<string>): DocumentKind<VerifiedRuleSet> {
  return {
    name: 'rule set',
    topic: RULES_TOPIC,
    protocol: RULES_PROTOCOL,
    maxBytes: MAX_SIGNED_RULE_SET_BYTES,
    open: async (bytes) => openRuleSet(bytes, trustedKeys)
  }
}
