import { Queue } from '@libp2p/utils'
import { capabilityDropReason, capabilityKey } from '../../protocols/capability/index.js'
import { withTimeout } from '../../protocols/common/index.js'
import {
  DHT_LOOKUP_TIMEOUT_MS,
  LOOKUP_FETCH_CONCURRENCY,
  MAX_PROVIDER_ADDRS,
  MAX_PROVIDERS_PER_LOOKUP
} from './constants.js'
import type { GatewayMetrics } from './metrics.js'
import type { ProviderTable } from './provider-table.js'
import type { CapabilityClient, ServiceName } from '../../protocols/capability/index.js'
import type { Logger } from '../logger.js'
import type { AbortOptions, PeerId, PeerInfo, PeerStore } from '@libp2p/interface'
import type { KadDHT } from '@libp2p/kad-dht'

/** What DHT discovery uses. */
export interface DhtDiscoveryComponents {
  peerId: PeerId
  dht: Pick<KadDHT, 'findProviders'>
  peerStore: Pick<PeerStore, 'merge'>
  capabilityClient: Pick<CapabilityClient, 'fetch'>
  table: ProviderTable
  logger: Logger
  metrics: GatewayMetrics
}

/**
 * Finds providers through the DHT: looks up a capability key, then asks each
 * provider found for its signed record and offers it to the table.
 */
export class DhtDiscovery {
  private readonly components: DhtDiscoveryComponents

  constructor (components: DhtDiscoveryComponents) {
    this.components = components
  }

  /** Looks up providers of `service` (in `country`); returns how many records the table accepted. */
  async lookup (service: ServiceName, country?: string, options: AbortOptions = {}): Promise<number> {
    const { dht, peerId, metrics, logger } = this.components
    const signal = withTimeout(DHT_LOOKUP_TIMEOUT_MS, options.signal)
    const peers = new Map<string, PeerInfo>()
    try {
      const key = await capabilityKey(service, country)
      for await (const event of dht.findProviders(key, { signal })) {
        if (event.name !== 'PROVIDER') continue
        for (const info of event.providers) {
          if (!info.id.equals(peerId)) peers.set(info.id.toString(), info)
        }
        if (peers.size >= MAX_PROVIDERS_PER_LOOKUP) break
      }
    } catch (err: any) {
      metrics.lookups.inc({ result: 'failed' })
      logger.debug({ service, country, err: err.message }, 'DHT lookup failed')
      if (peers.size === 0) return 0
    }
    const found = [...peers.values()].slice(0, MAX_PROVIDERS_PER_LOOKUP)
    const queue = new Queue<boolean>({ concurrency: LOOKUP_FETCH_CONCURRENCY })
    const results = await Promise.all(found.map(async info => queue.add(async () => this.fetchInto(info, signal))))
    const accepted = results.filter(Boolean).length
    metrics.lookups.inc({ result: found.length > 0 ? 'ok' : 'empty' })
    logger.debug({ service, country, found: found.length, accepted }, 'DHT lookup done')
    return accepted
  }

  private async fetchInto (info: PeerInfo, signal: AbortSignal): Promise<boolean> {
    const { peerStore, capabilityClient, table, metrics, logger } = this.components
    try {
      if (info.multiaddrs.length > 0) {
        await peerStore.merge(info.id, { multiaddrs: info.multiaddrs.slice(0, MAX_PROVIDER_ADDRS) }, { signal })
      }
      const known = table.get(info.id)?.record.seq ?? 0
      const verified = await capabilityClient.fetch(info.id, known, { signal })
      if (verified == null) return false
      const result = table.offer(verified, 'dht')
      metrics.records.inc({ source: 'dht', result })
      return result === 'accepted'
    } catch (err: any) {
      metrics.records.inc({ source: 'dht', result: capabilityDropReason(err) })
      logger.debug({ peer: info.id.toString(), err: err.name }, 'fetching a capability record failed')
      return false
    }
  }
}
