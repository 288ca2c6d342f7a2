/**
 * @packageDocumentation
 *
 * The rendezvous server: bootstrap peer and DHT server of the mesh. It takes
 * part in the capability topic so that providers' records reach gateways, and
 * relays only records that verify. Later issues add the coordinator
 * (identity, rules, receipts, ledger) here.
 *
 * This is rendezvous/'s public entry: the CLI composes it with a libp2p node
 * and nothing outside rendezvous/ imports its other files.
 *
 * @example
 *
 * ```TypeScript
 * const rendezvous = new Rendezvous({ libp2p, logger, registry })
 * await rendezvous.start()
 * ```
 */

import { TopicValidatorResult } from '@libp2p/gossipsub'
import {
  CAPABILITY_TOPIC,
  capabilityDropReason,
  openCapabilityGossip
} from '../protocols/capability/index.js'
import { createRendezvousMetrics } from './metrics.js'
import type { RendezvousMetrics } from './metrics.js'
import type { GossipSub, Message } from '@libp2p/gossipsub'
import type { Libp2p, PeerId } from '@libp2p/interface'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'

/** What a rendezvous server runs on: a libp2p node in DHT server mode, with gossipsub. */
export interface RendezvousComponents {
  libp2p: Libp2p<{ pubsub?: GossipSub }>
  logger: Logger
  registry: Registry
}

/** The rendezvous role. start()/stop() are idempotent. */
export class Rendezvous {
  readonly metrics: RendezvousMetrics
  private readonly components: RendezvousComponents
  private started = false

  private readonly validate = async (_from: PeerId, message: Message): Promise<TopicValidatorResult> => {
    try {
      await openCapabilityGossip(message)
      this.metrics.records.inc({ result: 'relayed' })
      return TopicValidatorResult.Accept
    } catch (err) {
      const reason = capabilityDropReason(err)
      this.metrics.records.inc({ result: reason })
      this.components.logger.debug({ reason }, 'dropped a gossiped capability record')
      return reason === 'expired' ? TopicValidatorResult.Ignore : TopicValidatorResult.Reject
    }
  }

  constructor (components: RendezvousComponents) {
    this.components = components
    this.metrics = createRendezvousMetrics(components.registry)
  }

  async start (): Promise<void> {
    if (this.started) return
    const pubsub = this.components.libp2p.services.pubsub
    if (pubsub != null) {
      pubsub.topicValidators.set(CAPABILITY_TOPIC, this.validate)
      pubsub.subscribe(CAPABILITY_TOPIC)
    }
    this.started = true
  }

  async stop (): Promise<void> {
    if (!this.started) return
    const pubsub = this.components.libp2p.services.pubsub
    if (pubsub != null) {
      pubsub.unsubscribe(CAPABILITY_TOPIC)
      pubsub.topicValidators.delete(CAPABILITY_TOPIC)
    }
    this.started = false
  }
}
