import { InvalidMessageError } from '../common/errors.js'
import { ServiceLifecycle } from '../common/lifecycle.js'
import { requestMetrics } from '../common/metrics.js'
import { request } from '../common/request-response.js'
import { DEFAULT_CAPABILITY_TIMEOUT_MS } from './constants.js'
import { WrongRecordSenderError } from './errors.js'
import { CAPABILITY_EXCHANGE } from './exchange.js'
import { CapabilityResponse } from './pb/capability.js'
import { openCapabilityRecord } from './record.js'
import type { VerifiedCapability } from './record.js'
import type { RequestMetrics } from '../common/metrics.js'
import type { AbortOptions, PeerId, Startable } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'
import type { Registry } from 'prom-client'

/** What the capability client runs on. */
export interface CapabilityClientComponents {
  connectionManager: Pick<ConnectionManager, 'openStream'>
  registry?: Registry
}

/** Options of the capability client. */
export interface CapabilityClientInit {
  /** a fetch must finish within this time (default DEFAULT_CAPABILITY_TIMEOUT_MS) */
  timeoutMs?: number
}

/**
 * Asks providers for their current capability record over
 * `/peergrid/capability/1.0.0`. stop() cuts fetches in flight.
 */
export class CapabilityClient implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/capability-client'
  private readonly components: CapabilityClientComponents
  private readonly timeoutMs: number
  private readonly metrics?: RequestMetrics
  private readonly lifecycle = new ServiceLifecycle()

  constructor (components: CapabilityClientComponents, init: CapabilityClientInit = {}) {
    this.components = components
    this.timeoutMs = init.timeoutMs ?? DEFAULT_CAPABILITY_TIMEOUT_MS
    this.metrics = components.registry != null ? requestMetrics(components.registry) : undefined
  }

  start (): void {
    this.lifecycle.start()
  }

  stop (): void {
    this.lifecycle.stop()
  }

  /**
   * The provider's current record, verified and its own; undefined when it is
   * not newer than `knownSeq`. Throws NotAProviderError, WrongRecordSenderError,
   * InvalidMessageError, TimeoutError or the record's own typed errors.
   */
  async fetch (peerId: PeerId, knownSeq: number, options: AbortOptions = {}): Promise<VerifiedCapability | undefined> {
    const response = await request(this.components.connectionManager, peerId, CAPABILITY_EXCHANGE, { knownSeq }, { signal: this.lifecycle.signalFor(options), timeoutMs: this.timeoutMs, metrics: this.metrics })
    if (response.status === CapabilityResponse.Status.NOT_MODIFIED) return undefined
    if (response.record == null) throw new InvalidMessageError('Capability response has no record')
    const verified = await openCapabilityRecord(response.record)
    if (!verified.peerId.equals(peerId)) throw new WrongRecordSenderError('Provider answered with another peer\'s record')
    return verified
  }
}

/** The capability client as a libp2p service. */
export function capabilityClient (init: CapabilityClientInit = {}): (components: CapabilityClientComponents) => CapabilityClient {
  return (components) => new CapabilityClient(components, init)
}
