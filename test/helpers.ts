import type { RendezvousPeers } from '../protocols/common/index.js'
import type { TransparencyEntry } from '../node/db/transparency-repository.js'
import type { Gateway } from '../node/gateway/index.js'
import type { ProxyRequest } from '../node/gateway/proxy-request.js'
import type { Provider } from '../node/provider/index.js'
import type { GossipSub } from '@libp2p/gossipsub'
import type { Libp2p, PeerId } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'
import type { Registry } from 'prom-client'

/** Polls `check` until it returns a value other than undefined/false, or throws after `timeoutMs`. */
export async function waitFor<T> (check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, intervalMs))
  }
}

/** The value of one metric series (0 when the series does not exist yet). */
export async function metricValue (registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = registry.getSingleMetric(name)
  if (metric == null) throw new Error(`No metric ${name}`)
  const { values } = await metric.get()
  const match = values.find(v => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
  return match?.value ?? 0
}

/**
 * Opens a tunnel through a gateway's router (as a front would) and closes it
 * at once: 'ok', or the reason the customer would be told (or the error name).
 */
export async function tryOpen (gateway: Gateway, request: Omit<ProxyRequest, 'client'>): Promise<string> {
  try {
    const tunnel = await gateway.router.connect({ ...request, client: 'test' })
    tunnel.destroy()
    return 'ok'
  } catch (err: any) {
    return err.reason ?? err.name
  }
}

/**
 * Waits until an exit's transparency log holds `count` entries from `sinceMs`
 * on that match `match`, and returns them. Exits answer a refusal before they
 * write it down, so a test reads the log through this.
 */
export async function waitForLog (provider: Provider, sinceMs: number, count = 1, match: (entry: TransparencyEntry) => boolean = () => true): Promise<TransparencyEntry[]> {
  return waitFor(async () => {
    const found = (await provider.transparency.list(sinceMs, 10_000)).filter(match)
    return found.length >= count ? found : undefined
  }, `${count} matching transparency log entries`, 5_000)
}

/**
 * The components a protocol client service needs, taken from a bare libp2p
 * node, for tests that build a client by hand; `rendezvous` are the peers it
 * may ask.
 */
export function clientComponents (libp2p: Libp2p, rendezvous: PeerId[] = []): { peerId: PeerId, connectionManager: Pick<ConnectionManager, 'openStream'>, rendezvous: RendezvousPeers } {
  return {
    peerId: libp2p.peerId,
    connectionManager: { openStream: async (peer, protocol, options) => libp2p.dialProtocol(peer as PeerId, protocol, options as any) },
    rendezvous: { connectedPeers: () => rendezvous, addEventListener: () => {}, removeEventListener: () => {} }
  }
}

/**
 * Publishes on gossipsub until one publication went to every peer in `to`
 * (its recipients say so), retrying every 200 ms: a peer's subscription can
 * be known before the stream to send it messages is open, and under load
 * that gap is long enough to lose a message the test depends on.
 */
export async function publishTo (pubsub: Pick<GossipSub, 'publish'>, topic: string, data: Uint8Array, to: PeerId[], timeoutMs = 20_000): Promise<void> {
  await waitFor(async () => {
    const { recipients } = await pubsub.publish(topic, data)
    return to.every(peer => recipients.some(r => r.equals(peer)))
  }, `a publication on ${topic} to reach ${to.length} peer(s)`, timeoutMs, 200)
}
