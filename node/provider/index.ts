/**
 * @packageDocumentation
 *
 * The provider role: advertises a signed capability record (gossipsub + DHT)
 * and, when it offers the proxy service, is a proxy exit that records every
 * connection in its transparency log. The protocol services serve them: the
 * node's `capabilityServer` takes `provider.advertiser` as its record hook,
 * its `proxyServer` takes `provider.exit` as its exit hook, its `jobServer`
 * takes `provider.jobs` (WebAssembly jobs in sandbox processes).
 *
 * @example
 *
 * ```TypeScript
 * const services = {
 *   provider: (c) => new Provider({ ...c, sequences, transparency, logger, registry }, { country: 'DE', services: ['proxy'], ... }),
 *   proxyServer: (c) => proxyServer()({ registrar: c.registrar, exit: c.provider.exit })
 * }
 * ```
 */

import { availableParallelism, totalmem } from 'node:os'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { checkNotRevoked } from '../../protocols/revocations/index.js'
import { componentLogger } from '../logger.js'
import { EventFeed } from '../api/event-feed.js'
import { CapabilityAdvertiser } from './advertiser.js'
import { OwnerControls } from './controls/owner-controls.js'
import { DEFAULT_OWNER_SETTINGS } from './controls/settings.js'
import { DEFAULT_TRANSPARENCY_RETENTION_MS, MAX_SUMMARISED_DENIED_DOMAINS, TRANSPARENCY_PRUNE_INTERVAL_MS } from './constants.js'
import { AddressPolicy } from './exit/address-policy.js'
import { Exit } from './exit/exit.js'
import { ExitMeter } from './exit/meter.js'
import { OwnAddresses } from './exit/own-addresses.js'
import { OwnerPolicy } from './exit/owner-policy.js'
import { CustomerCheck } from './exit/customer-check.js'
import { createJobMetrics } from './jobs/metrics.js'
import { JobPayments } from './jobs/payment.js'
import { JobRunner } from './jobs/runner.js'
import { JobService } from './jobs/service.js'
import { createProviderMetrics } from './metrics.js'
import type { SandboxCommand } from './jobs/runner.js'
import type { JobServiceInit } from './jobs/service.js'
import type { AdvertisedControls, AdvertiserComponents, AdvertiserInit } from './advertiser.js'
import type { OwnerSettings } from './controls/settings.js'
import type { OwnerRepository } from '../db/owner-repository.js'
import type { ExitComponents, ExitInit as ExitPolicyInit } from './exit/exit.js'
import type { OwnAddressesComponents } from './exit/own-addresses.js'
import type { OwnerPolicyInit } from './exit/owner-policy.js'
import type { MeteringComponents } from './metering.js'
import type { ProviderMetrics } from './metrics.js'
import type { VerifiedCredential } from '../../protocols/credential/index.js'
import type { ReceiptOutboxRepository } from '../db/receipt-outbox.js'
import type { SequenceRepository } from '../db/sequence-repository.js'
import type { TransparencyRepository } from '../db/transparency-repository.js'
import type { Logger } from '../logger.js'
import type { Startable } from '@libp2p/interface'
import type { Registry } from 'prom-client'

/** The proxy exit's settings. */
export interface ExitInit extends Omit<ExitPolicyInit, 'policy' | 'ownerPolicy' | 'optedInCategories'> {
  /** CIDR ranges the exit may reach although they are not public (local testing only; --exit-allow) */
  exitAllow?: string[]
  /** the machine's interface addresses, which the exit refuses (default: os.networkInterfaces(); tests stand in a public one) */
  interfaces?(): string[]
  /** the owner's customer allowlist and destination lists */
  owner?: OwnerPolicyInit
}

/** The compute service's settings. */
export interface JobsInit extends Omit<JobServiceInit, 'pricePerCpuSecond'> {
  /** how to start a sandbox process */
  command: SandboxCommand
  /** jobs at once (default DEFAULT_MAX_CONCURRENT_JOBS) */
  maxConcurrent?: number
  /** niceness of the sandbox processes (default DEFAULT_JOB_NICE) */
  nice?: number
  /** rendezvous keys whose customer credentials count (default: the exit's) */
  trustedKeys?: ReadonlySet<string>
}

/** Everything a provider is told at start. */
export interface ProviderInit extends AdvertiserInit {
  /** the proxy exit (used when services include 'proxy') */
  exit?: ExitInit
  /** the compute service (used when services include 'compute') */
  jobs?: JobsInit
  /** keep transparency log entries this long (default DEFAULT_TRANSPARENCY_RETENTION_MS) */
  transparencyRetentionMs?: number
}

/** What a provider runs on. */
export interface ProviderComponents extends Omit<AdvertiserComponents, 'logger' | 'metrics' | 'addressManager'>, Pick<ExitComponents, 'revocations' | 'rules'> {
  addressManager: AdvertiserComponents['addressManager'] & OwnAddressesComponents['addressManager']
  sequences: SequenceRepository
  transparency: TransparencyRepository
  /** the owner's settings and the month's byte count (absent: no live controls, the init's lists only) */
  owner?: OwnerRepository
  /** counter-signed receipts waiting for the rendezvous (the receipt submitter reads it) */
  receiptOutbox?: ReceiptOutboxRepository
  /** the provider's own credential, to counter-sign receipts with (absent: the exit does not meter) */
  credentials?: { current(): { bytes: Uint8Array } | undefined }
  logger: Logger
  registry: Registry
}

/** The provider role on a libp2p node (a service of it). start()/stop() are idempotent. */
export class Provider implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/provider'
  readonly advertiser: CapabilityAdvertiser
  readonly metrics: ProviderMetrics
  readonly transparency: TransparencyRepository
  readonly receiptOutbox?: ReceiptOutboxRepository
  /** the exit's metering, when it checks credentials and keeps receipts */
  readonly meter?: ExitMeter
  /** the proxy exit's policy, when the provider offers the proxy service */
  readonly exit?: Exit
  /** ranges the exit may reach past the address rules (--exit-allow) */
  readonly exitAllowed: string[]
  /** the exit's own addresses, which it refuses to dial */
  readonly ownAddresses?: OwnAddresses
  /** the compute service: the job server's hook, and the sandboxes it runs jobs in */
  readonly jobs?: JobService
  /** the owner's live controls: pause, data cap, schedule, idle-only, bandwidth, job shares, lists */
  readonly controls?: OwnerControls
  /** the live transparency feed (Server-Sent Events): every log write ("entry") and controls change ("controls") */
  readonly feed = new EventFeed()
  private unsubscribeFeed?: () => void
  private readonly jobRunner?: JobRunner
  private readonly retentionMs: number
  private pruneTimer?: ReturnType<typeof setInterval>

  constructor (components: ProviderComponents, init: ProviderInit) {
    this.metrics = createProviderMetrics(components.registry)
    // built first, so that bad --exit-allow or owner lists fail before anything starts, and the record can summarise them
    const proxy = init.services.includes('proxy')
    this.ownAddresses = proxy ? new OwnAddresses({ addressManager: components.addressManager, events: components.events, interfaces: init.exit?.interfaces }) : undefined
    const policy = new AddressPolicy({ allow: init.exit?.exitAllow, own: this.ownAddresses })
    const categories = init.policy?.categories ?? []
    if (components.owner != null) {
      // the config's values are the first settings; the owner changes them live from then on
      this.controls = new OwnerControls({ store: components.owner, logger: componentLogger(components.logger, 'provider:controls') }, {
        initial: {
          ...DEFAULT_OWNER_SETTINGS,
          bandwidthBytesPerSecond: init.limits.maxBandwidthBytesPerSecond,
          allowCustomers: init.exit?.owner?.allowCustomers ?? [],
          blockCustomers: init.exit?.owner?.blockCustomers ?? [],
          denyDestinations: init.exit?.owner?.denyDestinations ?? [],
          allowDestinations: init.exit?.owner?.allowDestinations ?? []
        }
      })
    }
    // the controls compiled the lists already; without them, the config's lists stand as they are
    const ownerPolicy = this.controls?.ownerPolicy ?? new OwnerPolicy(init.exit?.owner)
    this.advertiser = new CapabilityAdvertiser({
      ...components,
      controls: this.advertisedControls(),
      logger: componentLogger(components.logger, 'provider:advertiser'),
      metrics: this.metrics
    }, {
      ...init,
      policy: {
        categories,
        blockedPorts: init.policy?.blockedPorts ?? [],
        customerAllowlist: ownerPolicy.hasCustomerAllowlist,
        deniedDomains: ownerPolicy.deniedDomains.slice(0, MAX_SUMMARISED_DENIED_DOMAINS)
      }
    })
    this.transparency = components.transparency
    this.receiptOutbox = components.receiptOutbox
    this.retentionMs = init.transparencyRetentionMs ?? DEFAULT_TRANSPARENCY_RETENTION_MS
    this.exitAllowed = policy.allowed
    // what metering (proxy receipts and job payments) needs: rendezvous keys to check customers with, a credential and an outbox
    const { credentials, receiptOutbox } = components
    const meteringKeys = init.exit?.trustedKeys ?? init.jobs?.trustedKeys ?? new Set<string>()
    const metering: (MeteringComponents & { metrics: ProviderMetrics }) | undefined = meteringKeys.size > 0 && credentials != null && receiptOutbox != null
      ? {
          peerId: peerIdFromPrivateKey(components.privateKey),
          privateKey: components.privateKey,
          credential: () => credentials.current()?.bytes,
          trustedKeys: meteringKeys,
          isRevoked: (credential: VerifiedCredential) => {
            try {
              checkNotRevoked(credential, components.revocations?.current())
              return false
            } catch {
              return true
            }
          },
          outbox: receiptOutbox,
          metrics: this.metrics
        }
      : undefined
    if (proxy) {
      if (metering != null) {
        this.meter = new ExitMeter({
          ...metering,
          onCountersigned: (sessionId, amount) => { this.exit?.earned(sessionId, amount) }
        }, { maxUnreceiptedBytes: init.exit?.maxUnreceiptedBytes })
      }
      this.exit = new Exit({
        logger: componentLogger(components.logger, 'provider:exit'),
        metrics: this.metrics,
        transparency: components.transparency,
        revocations: components.revocations,
        rules: components.rules,
        meter: this.meter,
        controls: this.controls
      }, { ...init.exit, policy, ownerPolicy, optedInCategories: new Set(categories), pricePerGiB: init.prices.microsPerGib })
    }
    if (init.services.includes('compute')) {
      if (init.jobs == null) throw new Error('The compute service needs job settings (a sandbox command)')
      const logger = componentLogger(components.logger, 'provider:jobs')
      this.jobRunner = new JobRunner({ command: init.jobs.command, maxConcurrent: init.jobs.maxConcurrent, nice: init.jobs.nice, logger })
      this.jobs = new JobService({
        runner: this.jobRunner,
        customers: new CustomerCheck(init.jobs.trustedKeys ?? init.exit?.trustedKeys ?? new Set(), () => components.revocations?.current()),
        transparency: components.transparency,
        metrics: createJobMetrics(components.registry),
        payments: metering != null ? new JobPayments(metering) : undefined,
        controls: this.controls,
        logger
      }, { ...init.jobs, pricePerCpuSecond: init.prices.microsPerCpuSecond })
    }
  }

  async start (): Promise<void> {
    if (this.pruneTimer != null) return
    this.unsubscribeFeed = this.transparency.subscribe(entry => { this.feed.publish('entry', entry) })
    await this.controls?.start()
    this.applyJobShares()
    this.controls?.addEventListener('change', this.applyJobShares)
    this.controls?.addEventListener('change', this.publishControls)
    this.advertiser.start()
    this.ownAddresses?.start()
    this.jobRunner?.start()
    await this.receiptOutbox?.open()
    await this.prune()
    this.pruneTimer = setInterval(() => { void this.prune() }, TRANSPARENCY_PRUNE_INTERVAL_MS)
    this.pruneTimer.unref()
  }

  async afterStart (): Promise<void> {
    // the node listens now: its addresses are known
    this.ownAddresses?.refresh()
    await this.advertiser.afterStart()
  }

  async stop (): Promise<void> {
    if (this.pruneTimer == null) return
    clearInterval(this.pruneTimer)
    this.pruneTimer = undefined
    this.ownAddresses?.stop()
    this.jobRunner?.stop()
    this.controls?.removeEventListener('change', this.applyJobShares)
    this.controls?.removeEventListener('change', this.publishControls)
    this.unsubscribeFeed?.()
    this.feed.close()
    await this.advertiser.stop()
    await this.controls?.stop()
  }

  private readonly publishControls = (): void => {
    if (this.controls != null) this.feed.publish('controls', this.controls.view())
  }

  /** The owner's shares of the machine for jobs, into the runner (at start and on every change). */
  private readonly applyJobShares = (): void => {
    const settings = this.controls?.settings()
    if (settings == null || this.jobRunner == null) return
    this.jobRunner.setShares(jobShares(settings))
  }

  /** What of the record the owner changes live: serving or not, bandwidth, job shares, the lists' summary. */
  private advertisedControls (): AdvertisedControls | undefined {
    const controls = this.controls
    if (controls == null) return undefined
    return {
      decision: () => controls.decision(),
      terms: () => {
        const settings = controls.settings()
        const policy = controls.ownerPolicy
        const shares = this.jobRunner?.limits
        return {
          maxBandwidthBytesPerSecond: settings.bandwidthBytesPerSecond,
          customerAllowlist: policy.hasCustomerAllowlist,
          deniedDomains: policy.deniedDomains.slice(0, MAX_SUMMARISED_DENIED_DOMAINS),
          ...(shares != null ? { maxJobs: shares.concurrent, maxJobMemoryBytes: shares.memoryBytes } : {})
        }
      },
      addEventListener: (type, listener) => { controls.addEventListener(type, listener) },
      removeEventListener: (type, listener) => { controls.removeEventListener(type, listener) }
    }
  }

  private async prune (): Promise<void> {
    await this.transparency.prune(Date.now() - this.retentionMs).catch(() => {})
  }
}

/** Jobs at once and the memory they may hold together, from the owner's shares of this machine. */
export function jobShares (settings: Pick<OwnerSettings, 'jobCpuPercent' | 'jobMemoryPercent'>, machine = { cpus: availableParallelism(), memoryBytes: totalmem() }): { concurrent: number, memoryBytes: number } {
  return {
    concurrent: Math.max(1, Math.floor(machine.cpus * settings.jobCpuPercent / 100)),
    memoryBytes: Math.floor(machine.memoryBytes * settings.jobMemoryPercent / 100)
  }
}
