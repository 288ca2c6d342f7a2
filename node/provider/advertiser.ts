import { isLoopback, isPrivate } from '@libp2p/utils'
import { raceSignal } from 'race-signal'
import { CODE_P2P } from '@multiformats/multiaddr'
import {
  CAPABILITY_TOPIC,
  DEFAULT_RECORD_TTL_MS,
  capabilityKey,
  signCapabilityRecord, Reach
} from '../../protocols/capability/index.js'
import { sleep, withTimeout } from '../../protocols/common/index.js'
import {
  ADDRESS_CHANGE_DELAY_MS,
  ANNOUNCE_JITTER,
  DEFAULT_ANNOUNCE_INTERVAL_MS,
  DEFAULT_PROVIDE_INTERVAL_MS,
  MAX_RECORD_ADDRS,
  PROVIDE_RETRY_MS,
  PROVIDE_TIMEOUT_MS,
  SUBSCRIBER_ANNOUNCE_DELAY_MS
} from './constants.js'
import type { ProviderMetrics } from './metrics.js'
import type { NatBehaviour, Reachability, ReachabilityStatus } from '../libp2p/reachability.js'
import type { Limits, PolicySummary, Prices, ServiceName } from '../../protocols/capability/index.js'
import type { SequenceRepository } from '../db/sequence-repository.js'
import type { Logger } from '../logger.js'
import type { GossipSub, SubscriptionChangeData } from '@libp2p/gossipsub'
import type { Libp2pEvents, PrivateKey, Startable, TypedEventTarget } from '@libp2p/interface'
import type { AddressManager } from '@libp2p/interface-internal'
import type { KadDHT } from '@libp2p/kad-dht'

/** What a provider states in its capability record. */
export interface AdvertiserInit {
  /** services offered; names this version does not know are refused by the CLI */
  services: ServiceName[]
  /** ISO 3166-1 alpha-2, upper case */
  country: string
  /** autonomous system number, 0 when unknown */
  asn?: number
  prices: Prices
  limits: Limits
  policy?: PolicySummary
  /** how long each record is valid (default DEFAULT_RECORD_TTL_MS) */
  recordTtlMs?: number
  /** re-sign and re-announce every this many ms (default DEFAULT_ANNOUNCE_INTERVAL_MS) */
  announceIntervalMs?: number
  /** provide the DHT keys again every this many ms (default DEFAULT_PROVIDE_INTERVAL_MS) */
  provideIntervalMs?: number
  /** list loopback and private addresses in the record (devnet, LAN) */
  privateNetwork?: boolean
}

/** Most data relays a record names (the protocol's limit). */
const MAX_RECORD_DATA_RELAYS = 4

const REACH_STATUS: Record<ReachabilityStatus, Reach.Status> = { unknown: Reach.Status.UNKNOWN, public: Reach.Status.PUBLIC, private: Reach.Status.PRIVATE }
const REACH_NAT: Record<NatBehaviour, Reach.Nat> = { unknown: Reach.Nat.NAT_UNKNOWN, none: Reach.Nat.NO_NAT, 'port-preserving': Reach.Nat.PORT_PRESERVING, 'port-changing': Reach.Nat.PORT_CHANGING }

/** The owner's live controls, as far as the record says them (see Provider). */
export interface AdvertisedControls {
  /** serving now or not, and why */
  decision(): { serve: boolean, reasons: Array<{ code: string }> }
  /** the terms the owner changes live */
  terms(): {
    maxBandwidthBytesPerSecond: number
    customerAllowlist: boolean
    deniedDomains: string[]
    /** compute only: jobs at once and the memory they may hold together */
    maxJobs?: number
    maxJobMemoryBytes?: number
  }
  /** `change`: the settings or the decision changed; the record is re-signed */
  addEventListener(type: 'change', listener: () => void): void
  removeEventListener(type: 'change', listener: () => void): void
}

/** What the advertiser uses. */
export interface AdvertiserComponents {
  /** absent when the node takes no part in gossip */
  pubsub?: Pick<GossipSub, 'publish' | 'addEventListener' | 'removeEventListener'>
  dht: Pick<KadDHT, 'provide'>
  addressManager: Pick<AddressManager, 'getAddresses'>
  events: Pick<TypedEventTarget<Libp2pEvents>, 'addEventListener' | 'removeEventListener'>
  /** what the node found out about its reachability (absent: the record says nothing of it) */
  reachability?: Pick<Reachability, 'state' | 'addEventListener' | 'removeEventListener'>
  /** the owner's live controls (absent: the init's terms, always serving) */
  controls?: AdvertisedControls
  /** the node's key; it signs the record */
  privateKey: PrivateKey
  sequences: SequenceRepository
  logger: Logger
  metrics: ProviderMetrics
}

/**
 * Keeps the provider's signed capability record current and makes it known:
 * on gossipsub (periodically, when a peer subscribes to the topic, when our
 * addresses change) and as provider records on the DHT.
 */
export class CapabilityAdvertiser implements Startable {
  private readonly components: AdvertiserComponents
  private readonly init: AdvertiserInit
  private shutdown?: AbortController
  private record?: { bytes: Uint8Array, seq: number, expiresAtMs: number }
  private announceTimer?: ReturnType<typeof setTimeout>
  private announcing?: Promise<void>
  private providing?: Promise<void>
  private signing?: Promise<void>
  private readonly onSubscriptionChange = (event: CustomEvent<SubscriptionChangeData>): void => {
    if (event.detail.subscriptions.some(s => s.subscribe && s.topic === CAPABILITY_TOPIC)) {
      this.scheduleAnnounce(SUBSCRIBER_ANNOUNCE_DELAY_MS, false)
    }
  }

  private readonly onSelfUpdate = (): void => {
    this.scheduleAnnounce(ADDRESS_CHANGE_DELAY_MS, true)
  }

  /** the owner changed something, or the provider stopped or started serving: gateways hear it at once */
  private readonly onControlsChange = (): void => {
    this.scheduleAnnounce(0, true)
  }

  constructor (components: AdvertiserComponents, init: AdvertiserInit) {
    this.components = components
    this.init = init
  }

  /** The record being served, or undefined before start. */
  current (): { bytes: Uint8Array, seq: number } | undefined {
    return this.record
  }

  start (): void {
    this.shutdown ??= new AbortController()
  }

  /**
   * Signs the first record once the node listens (the record lists its
   * addresses) and starts announcing it, once every handler is registered:
   * a gateway may open a stream the moment it hears of us.
   */
  async afterStart (): Promise<void> {
    if (this.shutdown == null || this.providing != null) return
    await this.resign()
    const { pubsub, events } = this.components
    pubsub?.addEventListener('subscription-change', this.onSubscriptionChange)
    events.addEventListener('self:peer:update', this.onSelfUpdate)
    this.components.reachability?.addEventListener('change', this.onSelfUpdate)
    this.components.controls?.addEventListener('change', this.onControlsChange)
    this.scheduleAnnounce(0, false)
    this.providing = this.provideLoop(this.shutdown.signal)
  }

  async stop (): Promise<void> {
    if (this.shutdown == null) return
    this.shutdown.abort()
    this.shutdown = undefined
    clearTimeout(this.announceTimer)
    const { pubsub, events } = this.components
    pubsub?.removeEventListener('subscription-change', this.onSubscriptionChange)
    events.removeEventListener('self:peer:update', this.onSelfUpdate)
    this.components.reachability?.removeEventListener('change', this.onSelfUpdate)
    this.components.controls?.removeEventListener('change', this.onControlsChange)
    await Promise.all([this.providing, this.announcing, this.signing])
    this.providing = undefined
  }

  /** Re-signs the record now (new seq, new expiry) and announces it on gossipsub. */
  async announce (): Promise<void> {
    await this.resign()
    await this.publish()
  }

  private scheduleAnnounce (delayMs: number, resign: boolean): void {
    if (this.shutdown == null) return
    clearTimeout(this.announceTimer)
    this.announceTimer = setTimeout(() => {
      const work = resign ? this.announce() : this.refreshIfOld().then(async () => this.publish())
      this.announcing = work.catch(err => {
        if (this.shutdown != null) this.components.logger.warn({ err: err.message }, 'announcing the capability record failed')
      }).finally(() => {
        this.scheduleAnnounce(this.nextAnnounceDelay(), true)
      })
    }, delayMs)
  }

  private nextAnnounceDelay (): number {
    const interval = this.init.announceIntervalMs ?? DEFAULT_ANNOUNCE_INTERVAL_MS
    return Math.round(interval * (1 - ANNOUNCE_JITTER * Math.random()))
  }

  /** A record past half its life is re-signed before it is announced again. */
  private async refreshIfOld (): Promise<void> {
    const ttl = this.init.recordTtlMs ?? DEFAULT_RECORD_TTL_MS
    if (this.record == null || this.record.expiresAtMs - Date.now() < ttl / 2) {
      await this.resign()
    }
  }

  private async resign (): Promise<void> {
    // one signature at a time, so seqs and records are never out of order
    const previous = this.signing ?? Promise.resolve()
    const next = previous.then(async () => {
      const { sequences, metrics } = this.components
      const seq = await sequences.next('capability-record')
      const issuedAtMs = Date.now()
      const expiresAtMs = issuedAtMs + (this.init.recordTtlMs ?? DEFAULT_RECORD_TTL_MS)
      const bytes = await signCapabilityRecord(this.components.privateKey, {
        services: this.init.services,
        country: this.init.country,
        asn: this.init.asn ?? 0,
        prices: this.init.prices,
        ...this.terms(),
        seq,
        issuedAtMs,
        expiresAtMs,
        addrs: this.recordAddrs(),
        ...this.reach()
      })
      this.record = { bytes, seq, expiresAtMs }
      metrics.recordSeq.set(seq)
    })
    this.signing = next.catch(() => {})
    await next
  }

  /** The record's limits, policy summary and serving state: the init's, with what the owner changed live. */
  private terms (): { limits: Limits, policy: PolicySummary, serving?: { serving: boolean, reasons: string[] } } {
    const policy = this.init.policy ?? { categories: [], customerAllowlist: false, blockedPorts: [], deniedDomains: [] }
    const controls = this.components.controls
    if (controls == null) return { limits: this.init.limits, policy }
    const terms = controls.terms()
    const decision = controls.decision()
    const computes = this.init.limits.maxJobs > 0
    return {
      limits: {
        ...this.init.limits,
        maxBandwidthBytesPerSecond: terms.maxBandwidthBytesPerSecond,
        ...(computes && terms.maxJobs != null ? { maxJobs: Math.min(this.init.limits.maxJobs, terms.maxJobs) } : {}),
        ...(computes && terms.maxJobMemoryBytes != null ? { maxJobMemoryMib: Math.min(this.init.limits.maxJobMemoryMib, Math.floor(terms.maxJobMemoryBytes / 1048576)) } : {})
      },
      policy: { ...policy, customerAllowlist: terms.customerAllowlist, deniedDomains: terms.deniedDomains },
      serving: { serving: decision.serve, reasons: decision.reasons.map(r => r.code) }
    }
  }

  /** The record's reach: the status, the NAT and the relays that carry data, when the node checked. */
  private reach (): { reach?: Reach } {
    const state = this.components.reachability?.state()
    if (state == null) return {}
    return {
      reach: {
        status: REACH_STATUS[state.status],
        nat: REACH_NAT[state.nat],
        dataRelays: state.relays.filter(r => r.data).map(r => r.relay).slice(0, MAX_RECORD_DATA_RELAYS)
      }
    }
  }

  private recordAddrs (): Array<Uint8Array<ArrayBuffer>> {
    return this.components.addressManager.getAddresses()
      .map(ma => ma.decapsulateCode(CODE_P2P))
      .filter(ma => this.init.privateNetwork === true || (!isPrivate(ma) && !isLoopback(ma)))
      .slice(0, MAX_RECORD_ADDRS)
      .map(ma => ma.bytes as Uint8Array<ArrayBuffer>)
  }

  private async publish (): Promise<void> {
    const { pubsub, metrics, logger } = this.components
    if (pubsub == null || this.record == null) return
    try {
      const { recipients } = await pubsub.publish(CAPABILITY_TOPIC, this.record.bytes)
      metrics.announcements.inc({ channel: 'gossip', result: 'ok' })
      logger.debug({ seq: this.record.seq, recipients: recipients.length }, 'announced capability record')
    } catch (err: any) {
      metrics.announcements.inc({ channel: 'gossip', result: 'failed' })
      throw err
    }
  }

  private async provideLoop (signal: AbortSignal): Promise<void> {
    const interval = this.init.provideIntervalMs ?? DEFAULT_PROVIDE_INTERVAL_MS
    let retryMs = PROVIDE_RETRY_MS
    while (!signal.aborted) {
      let reached = 0
      try {
        // raced: kad-dht may finish a slow query before it notices the abort, and stop() must not wait for that
        reached = await raceSignal(this.provideOnce(signal), signal)
      } catch (err: any) {
        if (signal.aborted) return
        this.components.logger.warn({ err: err.message }, 'providing capability keys on the DHT failed')
      }
      const delay = reached > 0 ? interval : retryMs
      retryMs = reached > 0 ? PROVIDE_RETRY_MS : Math.min(retryMs * 2, interval)
      await sleep(delay, signal)
    }
  }

  /** Provides every capability key once; returns how many provider records peers took. */
  private async provideOnce (shutdown: AbortSignal): Promise<number> {
    const { dht, metrics, logger } = this.components
    const signal = withTimeout(PROVIDE_TIMEOUT_MS, shutdown)
    const keys = await Promise.all(this.init.services.flatMap(service => [
      capabilityKey(service),
      capabilityKey(service, this.init.country)
    ]))
    let reached = 0
    let errors = 0
    const started = Date.now()
    await Promise.all(keys.map(async key => {
      for await (const event of dht.provide(key, { signal })) {
        if (event.name === 'PEER_RESPONSE' && event.messageName === 'ADD_PROVIDER') reached++
        if (event.name === 'QUERY_ERROR') errors++
      }
    }))
    metrics.announcements.inc({ channel: 'dht', result: reached > 0 ? 'ok' : 'failed' })
    logger.debug({ keys: keys.length, reached, errors, ms: Date.now() - started }, 'provided capability keys')
    return reached
  }
}
