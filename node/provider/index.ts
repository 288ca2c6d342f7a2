/**
 * @packageDocumentation
 *
 * The provider role: advertises a signed capability record (gossipsub + DHT)
 * and serves it on `/peergrid/capability/1.0.0`. Later issues add the proxy
 * exit and the job runner here.
 *
 * @example
 *
 * ```TypeScript
 * const provider = new Provider({ libp2p, privateKey, sequences, logger, registry }, { country: 'DE', services: ['proxy'], ... })
 * await provider.start()
 * ```
 */

import { componentLogger } from '../logger.js'
import { CapabilityAdvertiser } from './advertiser.js'
import { CapabilityServer } from './capability-server.js'
import { createProviderMetrics } from './metrics.js'
import type { AdvertiserInit } from './advertiser.js'
import type { ProviderMetrics } from './metrics.js'
import type { SequenceRepository } from '../db/sequence-repository.js'
import type { PeergridLibp2p } from '../libp2p/create-libp2p.js'
import type { Logger } from '../logger.js'
import type { PrivateKey } from '@libp2p/interface'
import type { Registry } from 'prom-client'

export type ProviderInit = AdvertiserInit

/** What a provider runs on. */
export interface ProviderComponents {
  libp2p: PeergridLibp2p
  privateKey: PrivateKey
  sequences: SequenceRepository
  logger: Logger
  registry: Registry
}

/** The provider role on a libp2p node. start()/stop() are idempotent. */
export class Provider {
  readonly advertiser: CapabilityAdvertiser
  readonly metrics: ProviderMetrics
  private readonly server: CapabilityServer

  constructor (components: ProviderComponents, init: ProviderInit) {
    this.metrics = createProviderMetrics(components.registry)
    this.advertiser = new CapabilityAdvertiser({
      libp2p: components.libp2p,
      privateKey: components.privateKey,
      sequences: components.sequences,
      logger: componentLogger(components.logger, 'provider:advertiser'),
      metrics: this.metrics
    }, init)
    this.server = new CapabilityServer({
      libp2p: components.libp2p,
      logger: componentLogger(components.logger, 'provider:capability'),
      metrics: this.metrics,
      current: () => this.advertiser.current()
    })
  }

  async start (): Promise<void> {
    await this.advertiser.start()
    await this.server.start()
  }

  async stop (): Promise<void> {
    await this.server.stop()
    await this.advertiser.stop()
  }
}
