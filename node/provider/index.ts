/**
 * @packageDocumentation
 *
 * The provider role: advertises a signed capability record (gossipsub + DHT),
 * serves it on `/peergrid/capability/1.0.0`, and, when it offers the proxy
 * service, is a proxy exit on `/peergrid/proxy/1.0.0` that records every
 * connection in its transparency log. Later issues add the job runner.
 *
 * @example
 *
 * ```TypeScript
 * const provider = new Provider({ libp2p, privateKey, sequences, transparency, logger, registry }, { country: 'DE', services: ['proxy'], ... })
 * await provider.start()
 * ```
 */

import { componentLogger } from '../logger.js'
import { CapabilityAdvertiser } from './advertiser.js'
import { CapabilityServer } from './capability-server.js'
import { DEFAULT_TRANSPARENCY_RETENTION_MS, MAX_SUMMARISED_DENIED_DOMAINS, TRANSPARENCY_PRUNE_INTERVAL_MS } from './constants.js'
import { AddressPolicy } from './exit/address-policy.js'
import { ExitServer } from './exit/exit-server.js'
import { OwnerPolicy } from './exit/owner-policy.js'
import { createProviderMetrics } from './metrics.js'
import type { AdvertiserInit } from './advertiser.js'
import type { ExitServerInit } from './exit/exit-server.js'
import type { OwnerPolicyInit } from './exit/owner-policy.js'
import type { ProviderMetrics } from './metrics.js'
import type { SequenceRepository } from '../db/sequence-repository.js'
import type { TransparencyRepository } from '../db/transparency-repository.js'
import type { PeergridLibp2p } from '../libp2p/create-libp2p.js'
import type { Logger } from '../logger.js'
import type { PrivateKey } from '@libp2p/interface'
import type { Registry } from 'prom-client'

/** The proxy exit's settings. */
export interface ExitInit extends Omit<ExitServerInit, 'policy' | 'ownerPolicy'> {
  /** CIDR ranges the exit may reach although they are not public (local testing only; --exit-allow) */
  exitAllow?: string[]
  /** the owner's customer allowlist and destination lists */
  owner?: OwnerPolicyInit
}

/** Everything a provider is told at start. */
export interface ProviderInit extends AdvertiserInit {
  /** the proxy exit (used when services include 'proxy') */
  exit?: ExitInit
  /** keep transparency log entries this long (default DEFAULT_TRANSPARENCY_RETENTION_MS) */
  transparencyRetentionMs?: number
}

/** What a provider runs on. */
export interface ProviderComponents {
  libp2p: PeergridLibp2p
  privateKey: PrivateKey
  sequences: SequenceRepository
  transparency: TransparencyRepository
  logger: Logger
  registry: Registry
}

/** The provider role on a libp2p node. start()/stop() are idempotent. */
export class Provider {
  readonly advertiser: CapabilityAdvertiser
  readonly metrics: ProviderMetrics
  readonly transparency: TransparencyRepository
  /** the proxy exit, when the provider offers the proxy service */
  readonly exit?: ExitServer
  /** ranges the exit may reach past the address rules (--exit-allow) */
  readonly exitAllowed: string[]
  private readonly server: CapabilityServer
  private readonly retentionMs: number
  private pruneTimer?: ReturnType<typeof setInterval>

  constructor (components: ProviderComponents, init: ProviderInit) {
    this.metrics = createProviderMetrics(components.registry)
    // built first, so that bad --exit-allow or owner lists fail before anything starts, and the record can summarise them
    const policy = new AddressPolicy({ allow: init.exit?.exitAllow })
    const ownerPolicy = new OwnerPolicy(init.exit?.owner)
    init = {
      ...init,
      policy: {
        categories: init.policy?.categories ?? [],
        blockedPorts: init.policy?.blockedPorts ?? [],
        customerAllowlist: ownerPolicy.hasCustomerAllowlist,
        deniedDomains: ownerPolicy.deniedDomains.slice(0, MAX_SUMMARISED_DENIED_DOMAINS)
      }
    }
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
    this.transparency = components.transparency
    this.retentionMs = init.transparencyRetentionMs ?? DEFAULT_TRANSPARENCY_RETENTION_MS
    this.exitAllowed = policy.allowed
    if (init.services.includes('proxy')) {
      this.exit = new ExitServer({
        libp2p: components.libp2p,
        logger: componentLogger(components.logger, 'provider:exit'),
        metrics: this.metrics,
        transparency: components.transparency
      }, { ...init.exit, policy, ownerPolicy })
    }
  }

  async start (): Promise<void> {
    // serve before advertising: a gateway may open a stream the moment it hears of us
    await this.exit?.start()
    await this.server.start()
    await this.advertiser.start()
    await this.prune()
    this.pruneTimer = setInterval(() => { void this.prune() }, TRANSPARENCY_PRUNE_INTERVAL_MS)
    this.pruneTimer.unref()
  }

  async stop (): Promise<void> {
    clearInterval(this.pruneTimer)
    await this.advertiser.stop()
    await this.exit?.stop()
    await this.server.stop()
  }

  private async prune (): Promise<void> {
    await this.transparency.prune(Date.now() - this.retentionMs).catch(() => {})
  }
}
