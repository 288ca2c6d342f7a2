import { Histogram } from '../model/histogram.js'
import type { RunningNode } from '../../daemon/start-node.js'
import type { Message } from '@libp2p/gossipsub'

/** How often the probes look at the nodes they wait on, ms. */
export const PROBE_POLL_MS = 5

/** A probe that has not seen what it waits for after this long gives up on it. */
export const PROBE_TIMEOUT_MS = 30_000

/** Nodes at most that time gossip's arrival (every gateway, the rendezvous, a sample of providers). */
export const MAX_GOSSIP_OBSERVERS = 64

/** Publications remembered for timing their arrivals (the oldest are forgotten first). */
export const MAX_TIMED_PUBLICATIONS = 10_000

/**
 * Times gossip from publication to first arrival at each observing node, as
 * tracestat's propagation delay: every node's publications are noted (by
 * their bytes, which a signature makes unique), and a sample of nodes note
 * when each message first reached them.
 */
export class GossipObservers {
  readonly propagation = new Histogram()
  private readonly watching = new Map<RunningNode, (event: CustomEvent<Message>) => void>()
  private readonly published = new Map<string, number>()

  /** Notes the time of every message this node publishes from now on. */
  timePublications (node: RunningNode): void {
    const pubsub = node.libp2p.services.pubsub
    if (pubsub == null) return
    const publish = pubsub.publish.bind(pubsub)
    pubsub.publish = async (topic: string, data?: Uint8Array) => {
      if (data != null) {
        this.published.set(publicationKey(data), performance.now())
        if (this.published.size > MAX_TIMED_PUBLICATIONS) this.published.delete(this.published.keys().next().value as string)
      }
      return publish(topic, data)
    }
  }

  /** Starts timing arrivals at this node (while it runs). */
  observe (node: RunningNode): void {
    const pubsub = node.libp2p.services.pubsub
    if (pubsub == null || this.watching.has(node) || this.watching.size >= MAX_GOSSIP_OBSERVERS) return
    const onMessage = (event: CustomEvent<Message>): void => {
      const at = this.published.get(publicationKey(event.detail.data))
      if (at != null) this.propagation.add(performance.now() - at)
    }
    pubsub.addEventListener('message', onMessage)
    this.watching.set(node, onMessage)
  }

  /** Stops timing at this node (it went offline). */
  forget (node: RunningNode): void {
    const onMessage = this.watching.get(node)
    if (onMessage == null) return
    node.libp2p.services.pubsub?.removeEventListener('message', onMessage)
    this.watching.delete(node)
  }
}

/** How long timeUntil waits, from when, and until what. */
export interface TimeUntilOptions {
  signal?: AbortSignal
  /** performance.now() of the start (default: now) */
  startedAt?: number
  /** default PROBE_TIMEOUT_MS */
  timeoutMs?: number
  /** between looks, default PROBE_POLL_MS (a look that walks every node wants a longer one) */
  pollMs?: number
}

/** A message's identity for timing: its last 32 bytes (a signature, in every peergrid message). */
function publicationKey (data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset + Math.max(0, data.byteLength - 32), Math.min(32, data.byteLength)).toString('latin1')
}

/**
 * Polls `done` every PROBE_POLL_MS (or `pollMs`) until it is true, the timeout passes or
 * `signal` aborts; answers the ms since `startedAt`, or undefined when it never was.
 */
export async function timeUntil (done: () => boolean, options: TimeUntilOptions = {}): Promise<number | undefined> {
  const startedAt = options.startedAt ?? performance.now()
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS
  while (options.signal?.aborted !== true) {
    if (done()) return performance.now() - startedAt
    if (performance.now() - startedAt > timeoutMs) return undefined
    await new Promise(resolve => setTimeout(resolve, options.pollMs ?? PROBE_POLL_MS))
  }
  return undefined
}

/**
 * Time for a provider that just started to be found: from the start of its
 * node to each gateway's table holding a record it signed in this session.
 */
export async function timeDiscoverable (provider: () => RunningNode | undefined, gateways: RunningNode[], startedAtMs: number, startedAt: number, signal: AbortSignal): Promise<number[]> {
  const times = await Promise.all(gateways.map(async gateway => timeUntil(() => {
    const peerId = provider()?.libp2p.peerId
    const entry = peerId == null ? undefined : gateway.gateway?.table.get(peerId)
    return entry != null && entry.record.issuedAtMs >= startedAtMs
  }, { signal, startedAt })))
  return times.filter((t): t is number => t != null)
}
