import { randomBytes } from 'node:crypto'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { TopicValidatorResult } from '@libp2p/gossipsub'
import { pbStream } from '@libp2p/utils'
import {
  MAX_SIGNED_REVOCATION_BYTES,
  REVOCATION_FETCH_TIMEOUT_MS,
  REVOCATION_PROTOCOL,
  REVOCATION_TOPIC,
  RevocationRequest,
  RevocationResponse,
  openRevocationList
} from '../../protocols/identity/index.js'
import { withTimeout } from '../utils/abort.js'
import { REVOCATION_REFRESH_INTERVAL_MS } from './constants.js'
import type { VerifiedRevocationList } from '../../protocols/identity/index.js'
import type { PeergridLibp2p } from '../libp2p/create-libp2p.js'
import type { Logger } from '../logger.js'
import type { Message } from '@libp2p/gossipsub'
import type { PeerId } from '@libp2p/interface'

/** What the watcher trusts and where it keeps the list. */
export interface RevocationWatcherInit {
  /** rendezvous signing keys whose lists count */
  trustedKeys: ReadonlySet<string>
  /** the data dir's `revocations` file (absent: kept in memory only) */
  path?: string
}

/** What the watcher runs on. */
export interface RevocationWatcherComponents {
  libp2p: PeergridLibp2p
  logger: Logger
  /** rendezvous peers to fetch the list from */
  issuers(): PeerId[]
}

/**
 * Keeps the newest revocation list a trusted rendezvous signed: the copy on
 * disk at start, every newer list gossiped on REVOCATION_TOPIC (older and
 * equal versions are ignored, bad ones rejected), and a fetch from the
 * rendezvous when one connects and every REVOCATION_REFRESH_INTERVAL_MS.
 */
export class RevocationWatcher {
  private readonly components: RevocationWatcherComponents
  private readonly init: RevocationWatcherInit
  private list?: VerifiedRevocationList
  private timer?: ReturnType<typeof setInterval>
  private started = false

  private readonly validate = async (_from: PeerId, message: Message): Promise<TopicValidatorResult> => {
    try {
      return await this.offer(message.data, 'gossip') ? TopicValidatorResult.Accept : TopicValidatorResult.Ignore
    } catch {
      return TopicValidatorResult.Reject
    }
  }

  constructor (components: RevocationWatcherComponents, init: RevocationWatcherInit) {
    this.components = components
    this.init = init
  }

  /** The newest list this node holds. */
  current (): VerifiedRevocationList | undefined {
    return this.list
  }

  async start (): Promise<void> {
    if (this.started) return
    this.started = true
    if (this.init.path != null) {
      try {
        this.list = await openRevocationList(await readFile(this.init.path), this.init.trustedKeys)
      } catch {}
    }
    const pubsub = this.components.libp2p.services.pubsub
    if (pubsub != null) {
      pubsub.topicValidators.set(REVOCATION_TOPIC, this.validate)
      pubsub.subscribe(REVOCATION_TOPIC)
    }
    this.timer = setInterval(() => { void this.refresh() }, REVOCATION_REFRESH_INTERVAL_MS)
    this.timer.unref()
  }

  async stop (): Promise<void> {
    if (!this.started) return
    this.started = false
    clearInterval(this.timer)
    const pubsub = this.components.libp2p.services.pubsub
    if (pubsub != null) {
      pubsub.unsubscribe(REVOCATION_TOPIC)
      pubsub.topicValidators.delete(REVOCATION_TOPIC)
    }
  }

  /** Asks the connected rendezvous peers for a newer list. */
  async refresh (): Promise<void> {
    for (const issuer of this.components.issuers()) {
      try {
        const signal = withTimeout(REVOCATION_FETCH_TIMEOUT_MS)
        const stream = await this.components.libp2p.dialProtocol(issuer, REVOCATION_PROTOCOL, { signal })
        const pb = pbStream(stream, { maxDataLength: MAX_SIGNED_REVOCATION_BYTES + 16 })
        await pb.write({ knownVersion: this.list?.version ?? 0 }, RevocationRequest, { signal })
        const response = await pb.read(RevocationResponse, { signal })
        await stream.close({ signal }).catch(() => {})
        if (response.status === RevocationResponse.Status.OK && response.list != null) await this.offer(response.list, 'fetch')
        return
      } catch (err: any) {
        this.components.logger.debug({ err: err.message }, 'revocation list fetch failed')
      }
    }
  }

  /** Takes a list if it verifies and is newer; true when it was taken. Throws InvalidRevocationListError. */
  async offer (bytes: Uint8Array, source: string): Promise<boolean> {
    const list = await openRevocationList(bytes, this.init.trustedKeys)
    if (list.version <= (this.list?.version ?? 0)) return false
    this.list = list
    this.components.logger.info({ version: list.version, source, accounts: list.accounts.size, peers: list.peers.size }, 'new revocation list')
    const path = this.init.path
    if (path != null) {
      const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`
      await writeFile(temp, bytes, { mode: 0o600 }).then(async () => { await rename(temp, path) }, () => {})
    }
    return true
  }
}
