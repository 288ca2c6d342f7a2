import { circuitRelayServer } from '@libp2p/circuit-relay-v2'
import { reachServer } from '../../protocols/reach/index.js'
import type { ReachServer } from '../../protocols/reach/index.js'
import type { CircuitRelayService } from '@libp2p/circuit-relay-v2'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'

/** Nodes that may hold a reservation at once (libp2p's default is 15). */
export const DEFAULT_RELAY_MAX_RESERVATIONS = 1_000

/** A reservation lasts this long before the node must renew it (libp2p's default: 2 h). */
export const DEFAULT_RELAY_RESERVATION_SECONDS = 2 * 60 * 60

/** With data allowed: the bytes one relayed connection may carry. */
export const DEFAULT_RELAY_MAX_BYTES = 1024 * 1024 * 1024

/** With data allowed: how long one relayed connection may last. */
export const DEFAULT_RELAY_MAX_SECONDS = 60 * 60

/** Signalling only: enough for identify, the punch and a capability record (libp2p's default limit). */
export const SIGNALLING_RELAY_MAX_BYTES = 128 * 1024

/** Signalling only: how long a relayed connection may last (libp2p's default limit). */
export const SIGNALLING_RELAY_MAX_SECONDS = 2 * 60

/** Relayed connections being set up at once (HOP streams), over all nodes. */
export const RELAY_MAX_HOP_STREAMS = 256

/** The operator's relay settings. */
export interface RendezvousRelayInit {
  /** run a relay at all (default true) */
  enabled?: boolean
  /** proxy and job traffic may flow through it (default: signalling only) */
  data?: boolean
  maxReservations?: number
  reservationSeconds?: number
  /** with data: bytes and seconds one relayed connection may use */
  maxBytes?: number
  maxSeconds?: number
}

/** The limits a relayed connection gets: the operator's with data, signalling-sized without. */
export function relayLimits (init: RendezvousRelayInit): { data: boolean, maxBytes: number, maxSeconds: number } {
  const data = init.data === true
  return {
    data,
    maxBytes: data ? init.maxBytes ?? DEFAULT_RELAY_MAX_BYTES : SIGNALLING_RELAY_MAX_BYTES,
    maxSeconds: data ? init.maxSeconds ?? DEFAULT_RELAY_MAX_SECONDS : SIGNALLING_RELAY_MAX_SECONDS
  }
}

/** The relay's services: the circuit relay (when on) and the reach protocol that tells nodes what it allows. */
export interface RelayServices {
  circuitRelay?: CircuitRelayService
  reachServer: ReachServer
}

/**
 * The rendezvous's relay for nodes behind NATs: circuit relay v2 with the
 * operator's limits (every relayed connection is cut at its byte and time
 * limit; each node holds at most one reservation), and
 * `/peergrid/reach/1.0.0`, which answers whether a node can be dialled and
 * what the relay allows.
 */
export function relayServices (init: RendezvousRelayInit, logger: Logger, registry: Registry): { [K in keyof RelayServices]-?: (components: any) => RelayServices[K] } {
  const enabled = init.enabled !== false
  const limits = relayLimits(init)
  const services: Partial<{ [K in keyof RelayServices]-?: (components: any) => RelayServices[K] }> = {}
  if (enabled) {
    services.circuitRelay = circuitRelayServer({
      maxInboundHopStreams: RELAY_MAX_HOP_STREAMS,
      reservations: {
        maxReservations: init.maxReservations ?? DEFAULT_RELAY_MAX_RESERVATIONS,
        reservationTtl: (init.reservationSeconds ?? DEFAULT_RELAY_RESERVATION_SECONDS) * 1000,
        applyDefaultLimit: true,
        defaultDataLimit: BigInt(limits.maxBytes),
        defaultDurationLimit: limits.maxSeconds * 1000
      }
    }) as (components: any) => CircuitRelayService
  }
  services.reachServer = (c: any) => reachServer({
    relay: { enabled, data: enabled && limits.data, maxBytes: enabled ? limits.maxBytes : 0, maxSeconds: enabled ? limits.maxSeconds : 0 }
  })({ registrar: c.registrar, upgrader: c.upgrader, logger: c.logger, registry, log: logger })
  return services as { [K in keyof RelayServices]-?: (components: any) => RelayServices[K] }
}
