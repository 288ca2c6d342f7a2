import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { kadDHT, passthroughMapper, removePrivateAddressesMapper } from '@libp2p/kad-dht'
import { memory } from '@libp2p/memory'
import { noise } from '@libp2p/noise'
import { ping } from '@libp2p/ping'
import { isPrivate } from '@libp2p/utils'
import { yamux } from '@libp2p/yamux'
import { createLibp2p } from 'libp2p'
import { DHT_PROTOCOL, MAX_GOSSIP_RPC_BYTES, PEERGRID_TOPICS } from '../../protocols/mesh/index.js'
import {
  CONNECTION_PING_INTERVAL_MS,
  DEFAULT_MAX_CONNECTIONS,
  DIAL_TIMEOUT_MS,
  PRIVATE_INBOUND_CONNECTIONS_PER_SECOND,
  PRIVATE_MAX_PENDING_INBOUND_CONNECTIONS,
  PUBLIC_INBOUND_CONNECTIONS_PER_SECOND,
  PUBLIC_MAX_PENDING_INBOUND_CONNECTIONS,
  RELAY_RESERVATION_TIMEOUT_MS,
  UPNP_MAPPING_DESCRIPTION,
  UPNP_MAPPING_TTL_MS,
  YAMUX_MAX_EARLY_STREAMS,
  YAMUX_MAX_INBOUND_STREAMS,
  YAMUX_MAX_OUTBOUND_STREAMS,
  YAMUX_MAX_READ_BUFFER_BYTES,
  YAMUX_MAX_STREAM_WINDOW_BYTES
} from './constants.js'
import { coalescedTcp } from './coalesced-tcp.js'
import { diagnoseListen } from './diagnose-listen.js'
import { ListenError } from './errors.js'
import { quietLibp2pLogger } from './quiet-logger.js'
import type { ServiceFactoryMap } from 'libp2p'
import type { GossipSub } from '@libp2p/gossipsub'
import type { Identify } from '@libp2p/identify'
import type { Libp2p, Libp2pEvents, Listener, PrivateKey, Startable, Transport, TypedEventTarget } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { AddressManager, TransportManager } from '@libp2p/interface-internal'
import type { KadDHT } from '@libp2p/kad-dht'
import type { Ping } from '@libp2p/ping'
import type { Registry } from 'prom-client'
import type { RoleServices } from './role-services.js'

/** How a node connects: TCP (with circuit relays), @libp2p/memory, or an in-process transport such as the simulator's links. */
export type NodeTransport = 'tcp' | 'memory' | ((components: any) => Transport)

/** What gossipsub reports its metrics to. */
export type GossipMetricsRegister = NonNullable<NonNullable<Parameters<typeof gossipsub>[0]>['metricsRegister']>

/** True for a transport within this process (no NATs, no relays, no reachability checks). */
export function inProcess (transport: NodeTransport | undefined): boolean {
  return transport != null && transport !== 'tcp'
}

/** Services on every peergrid node. `pubsub` is absent when gossip is switched off. */
export type MeshServices = {
  identify: Identify
  ping: Ping
  dht: KadDHT
  pubsub?: GossipSub
}

/** The services of a node: the mesh's, and those of its role (see node/daemon/start-node.ts), all optional here. */
export type PeergridServices = MeshServices & Partial<RoleServices>

/** A libp2p node assembled by createPeergridLibp2p. */
export type PeergridLibp2p = Libp2p<PeergridServices>

/** How to assemble a node. Roles differ only in these settings. */
export interface PeergridLibp2pInit {
  /** the node's identity */
  privateKey: PrivateKey
  /** multiaddrs to listen on, e.g. /ip4/0.0.0.0/tcp/0 or /memory/a */
  listen: string[]
  /** multiaddrs to announce instead of the listen addresses */
  announce?: string[]
  /** 'tcp' (default), 'memory' for large in-process tests, or an in-process transport of one's own (the simulator's links) */
  transport?: NodeTransport
  /** answer DHT queries (rendezvous, providers) or only ask them (gateways) */
  dhtServer: boolean
  /**
   * Keep loopback and private addresses in DHT answers, and relax per-IP
   * connection limits: for a devnet, a testnet or a LAN. Public by default.
   */
  privateNetwork?: boolean
  /**
   * the listen addresses are publicly dialable as they are (rendezvous
   * servers, the network's fixed points): libp2p otherwise advertises a
   * public address only once something confirmed it
   */
  publicListen?: boolean
  /**
   * ask the home router (UPnP IGD, NAT-PMP) to forward the listening
   * ports; the mapped address counts once a rendezvous dialled it back
   */
  upnp?: boolean
  /** take part in gossipsub (default true) */
  gossip?: boolean
  /** counts gossipsub's messages: published, delivered, duplicate, rejected (the simulator's tracestat figures) */
  gossipMetrics?: GossipMetricsRegister
  /** exchange peer lists in gossipsub (rendezvous servers, which are well connected) */
  gossipPeerExchange?: boolean
  /** cap on open connections (default DEFAULT_MAX_CONNECTIONS) */
  maxConnections?: number
  /** collect libp2p metrics into this Prometheus registry */
  metricsRegistry?: Registry
  /**
   * the role's services, built after the mesh's in this order: each factory
   * gets libp2p's components, in which every service built before it is
   * found by its name
   */
  services?: Record<string, (components: any) => unknown>
}

/** Assembles and starts the libp2p node that every role shares. */
export async function createPeergridLibp2p (init: PeergridLibp2pInit): Promise<PeergridLibp2p> {
  const privateNetwork = init.privateNetwork === true
  const services: ServiceFactoryMap<MeshServices> & Record<string, (components: any) => unknown> = {
    identify: identify(),
    ping: ping(),
    dht: kadDHT({
      protocol: DHT_PROTOCOL,
      clientMode: !init.dhtServer,
      peerInfoMapper: privateNetwork ? passthroughMapper : removePrivateAddressesMapper,
      logPrefix: 'peergrid:dht',
      metricsPrefix: 'peergrid_dht'
    })
  }
  if (init.gossip !== false) {
    services.pubsub = gossipsub({
      allowPublishToZeroTopicPeers: true,
      doPX: init.gossipPeerExchange === true,
      allowedTopics: [...PEERGRID_TOPICS],
      maxInboundDataLength: MAX_GOSSIP_RPC_BYTES,
      // every node of a private network may share one IP; public nodes keep the penalty
      scoreParams: privateNetwork ? { IPColocationFactorWeight: 0 } : {},
      ...(init.gossipMetrics != null ? { metricsRegister: init.gossipMetrics, metricsTopicStrToLabel: new Map(PEERGRID_TOPICS.map(topic => [topic, topic])) } : {})
    })
  }
  if (init.publicListen === true) services.publicListen = confirmListenAddresses
  // loaded only when asked for: it is off by default
  if (init.upnp === true) {
    const [{ uPnPNAT }, { autoNAT }] = await Promise.all([import('@libp2p/upnp-nat'), import('@libp2p/autonat')])
    // upnp-nat requires AutoNAT to verify what it maps; in a network of a few rendezvous AutoNAT rarely
    // gathers enough answers, and node/libp2p/reachability.ts's dial-back is what confirms the address
    services.autoNAT = autoNAT()
    services.upnp = uPnPNAT({ portMappingDescription: UPNP_MAPPING_DESCRIPTION, autoConfirmAddress: false, portMappingTTL: UPNP_MAPPING_TTL_MS })
  }
  Object.assign(services, init.services)
  // loaded only when metrics are on: it is a noticeable share of start-up
  const metrics = init.metricsRegistry != null
    ? (await import('@libp2p/prometheus-metrics')).prometheusMetrics({ registry: init.metricsRegistry, collectDefaultMetrics: false, preserveExistingMetrics: true })
    : undefined

  const logger = quietLibp2pLogger()
  const node = await createLibp2p({
    privateKey: init.privateKey,
    start: false,
    ...(logger != null ? { logger } : {}),
    addresses: { listen: init.listen, announce: init.announce ?? [] },
    // the circuit relay transport dials and listens on relay addresses (nodes behind NATs)
    transports: transports(init.transport),
    connectionEncrypters: [noise()],
    streamMuxers: [yamux({
      maxInboundStreams: YAMUX_MAX_INBOUND_STREAMS,
      maxOutboundStreams: YAMUX_MAX_OUTBOUND_STREAMS,
      maxEarlyStreams: YAMUX_MAX_EARLY_STREAMS,
      streamOptions: {
        maxStreamWindowSize: YAMUX_MAX_STREAM_WINDOW_BYTES,
        maxReadBufferLength: YAMUX_MAX_READ_BUFFER_BYTES
      }
    })],
    connectionManager: {
      maxConnections: init.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
      dialTimeout: DIAL_TIMEOUT_MS,
      inboundConnectionThreshold: privateNetwork ? PRIVATE_INBOUND_CONNECTIONS_PER_SECOND : PUBLIC_INBOUND_CONNECTIONS_PER_SECOND,
      maxIncomingPendingConnections: privateNetwork ? PRIVATE_MAX_PENDING_INBOUND_CONNECTIONS : PUBLIC_MAX_PENDING_INBOUND_CONNECTIONS
    },
    connectionMonitor: { pingInterval: CONNECTION_PING_INTERVAL_MS },
    // on a public network a peer's private addresses (its LAN, loopback) are not ours to dial: such a dial
    // reaches some other host or none, and costs a timeout before the relay address is tried
    ...(privateNetwork ? {} : { connectionGater: { denyDialMultiaddr: (ma: Multiaddr) => isPrivateDial(ma) } }),
    metrics,
    services: services as ServiceFactoryMap<PeergridServices>
  })

  try {
    await node.start()
  } catch (err: any) {
    await Promise.resolve(node.stop()).catch(() => {})
    if (err?.name !== 'UnsupportedListenAddressesError') throw err
    const failed = await diagnoseListen(init.listen)
    const error = new ListenError(describeListenFailure(failed ?? { addr: init.listen.join(', '), code: 'EUNKNOWN' }))
    error.cause = err
    throw error
  }
  return node
}

function transports (transport: NodeTransport | undefined): Array<(components: any) => Transport> {
  if (typeof transport === 'function') return [transport]
  if (transport === 'memory') return [memory()]
  return [coalescedTcp(), circuitRelayTransport({ reservationCompletionTimeout: RELAY_RESERVATION_TIMEOUT_MS })]
}

const IP_ADDRESS = /^\/ip[46]\//

/** A direct address in a private range (a relayed one is judged by its relay's, which must be public). */
function isPrivateDial (ma: Multiaddr): boolean {
  try {
    return isPrivate(ma) === true
  } catch {
    return false
  }
}

/**
 * A service that confirms the node's own listen addresses (see
 * `publicListen`): those there at start, and a listener's as it comes up
 * (a TCP listener on 0.0.0.0 reports its addresses a moment after start).
 */
function confirmListenAddresses (components: { transportManager: Pick<TransportManager, 'getAddrs'>, addressManager: Pick<AddressManager, 'confirmObservedAddr'>, events: TypedEventTarget<Libp2pEvents> }): Startable {
  const confirm = (addrs: Multiaddr[]): void => {
    // IP addresses only: libp2p's address manager throws on others (the memory transport's)
    for (const addr of addrs.filter(a => IP_ADDRESS.test(a.toString()))) components.addressManager.confirmObservedAddr(addr, { type: 'transport' })
  }
  const onListening = (event: CustomEvent<Listener>): void => { confirm(event.detail.getAddrs()) }
  return {
    start () {
      components.events.addEventListener('transport:listening', onListening)
    },
    afterStart () {
      confirm(components.transportManager.getAddrs())
    },
    stop () {
      components.events.removeEventListener('transport:listening', onListening)
    }
  }
}

const LISTEN_FAILURES: Record<string, string> = {
  EADDRINUSE: 'the port is already in use; pick another with --listen',
  EADDRNOTAVAIL: 'that address is not on this machine',
  EACCES: 'permission denied (ports below 1024 need privileges)'
}

function describeListenFailure ({ addr, code }: { addr: string, code: string }): string {
  return `Cannot listen on ${addr}: ${LISTEN_FAILURES[code] ?? `the transport refused it (${code}); run with --log-level debug for details`}`
}
