import { isPeerId } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import { Counter } from 'prom-client'
import { raceSignal } from 'race-signal'
import { boundedMap, isRelayedAddr, openOptimisticStream, relayPeerOf, withTimeout } from '../../protocols/common/index.js'
import { Reach, recordAddrs } from '../../protocols/capability/index.js'
import { ESTABLISH_TIMEOUT_MS, MAX_REMEMBERED_PATHS, OWN_CHECK_WAIT_MS, PUNCH_RETRY_AFTER_MS, SUSPECT_PING_TIMEOUT_MS } from './constants.js'
import type { Logger } from '../logger.js'
import type { CapabilityRecord } from '../../protocols/capability/index.js'
import type { OptimisticStream, OptimisticStreamOptions } from '../../protocols/common/index.js'
import type { Puncher, PunchSelf } from '../../protocols/punch/index.js'
import type { Ping } from '@libp2p/ping'
import type { AbortOptions, Connection, NewStreamOptions, PeerId, Stream } from '@libp2p/interface'
import type { ConnectionManager, OpenConnectionOptions } from '@libp2p/interface-internal'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { Registry } from 'prom-client'

/** How the gateway reaches a provider: a connection it dialled, one hole punching made, or through a relay. */
export type ProviderPath = 'direct' | 'hole-punched' | 'relayed'

/** How a provider was last reached. */
export interface PathView {
  path: ProviderPath
  /** the connection's remote address */
  addr: string
  /** when the path was set up (ms since the epoch) */
  since: number
}

/** Whether the gateway can carry data to a provider, judged from its record before dialling. */
export type Usability = { ok: true } | { ok: false, reason: string }

/** No path to the provider can carry data; the message says why. */
export class NoPathError extends Error {
  static override name = 'NoPathError'
  override name = 'NoPathError'
  code = 'ERR_NO_PATH'
}

/** What the path finder uses. */
export interface ProviderPathsComponents {
  connectionManager: Pick<ConnectionManager, 'openConnection' | 'getConnections' | 'openStream'>
  /** hole punching (absent: memory transport, no punching) */
  puncher?: Pick<Puncher, 'punch'>
  /** this gateway's own reachability: whether it can be punched to at all */
  self?: PunchSelf
  /** resolves once this gateway's first reachability check is done (or `signal` aborts) */
  selfChecked?(signal: AbortSignal): Promise<void>
  /** the provider's newest record, when the gateway holds one */
  recordOf(peer: PeerId): CapabilityRecord | undefined
  /** libp2p's ping, to check a connection suspected dead */
  ping?: Pick<Ping, 'ping'>
  logger: Logger
  registry: Registry
}

/**
 * The gateway's way to its providers, handed to the protocol clients as
 * their connection manager: a stream goes on a direct connection when
 * there is one; to a provider behind a NAT the gateway dials it through a
 * relay and punches a hole (`/peergrid/punch/1.0.0`), and only when that
 * fails uses the relay itself, if the relay carries data; otherwise the
 * open fails with NoPathError saying why. Punches to one provider are
 * made one at a time; a failed one is not tried again for
 * PUNCH_RETRY_AFTER_MS. `usable()` lets provider selection skip, before
 * any dial, providers it could only reach through relays that carry no
 * data.
 */
export class ProviderPaths {
  private readonly components: ProviderPathsComponents
  private readonly punched = new WeakSet<Connection>()
  private readonly pending = new Map<string, Promise<{ connection: Connection, limited: boolean }>>()
  private readonly punchFailures = boundedMap<string, { at: number, reason: string }>(MAX_REMEMBERED_PATHS)
  private readonly paths = boundedMap<string, PathView>(MAX_REMEMBERED_PATHS)
  private readonly skipped = boundedMap<string, string>(MAX_REMEMBERED_PATHS)
  private readonly checking = new Set<string>()
  private readonly closedDead = boundedMap<string, number>(MAX_REMEMBERED_PATHS)
  private readonly opened: Counter<'path'>
  private readonly failures: Counter<'reason'>

  constructor (components: ProviderPathsComponents) {
    this.components = components
    const registry = components.registry
    this.opened = registry.getSingleMetric('peergrid_gateway_provider_paths_total') as Counter<'path'> | undefined ?? new Counter({
      name: 'peergrid_gateway_provider_paths_total',
      help: 'Connections set up to providers, by path (direct, hole-punched, relayed)',
      labelNames: ['path'],
      registers: [registry]
    })
    this.failures = registry.getSingleMetric('peergrid_gateway_path_failures_total') as Counter<'reason'> | undefined ?? new Counter({
      name: 'peergrid_gateway_path_failures_total',
      help: 'Providers the gateway could not reach over a path carrying data, by reason (punch-failed, punch-refused, relay-signalling-only, symmetric-nat, skipped)',
      labelNames: ['reason'],
      registers: [registry]
    })
  }

  /** How the provider was reached last, if it was. */
  pathOf (peer: PeerId): PathView | undefined {
    const direct = this.directConnection(peer)
    if (direct != null) return this.note(peer, direct, this.punched.has(direct) ? 'hole-punched' : 'direct', false)
    return this.paths.get(peer.toString())
  }

  /**
   * Whether data can flow to the provider, from its record: false for one
   * that is private and whose relays all forbid data when hole punching
   * cannot work (its NAT or this gateway's changes ports) or just failed.
   * Logs the reason the first time a provider is skipped for it.
   */
  usable (peer: PeerId, record: CapabilityRecord): Usability {
    const verdict = this.judge(peer, record)
    const id = peer.toString()
    if (!verdict.ok && this.skipped.get(id) !== verdict.reason) {
      this.skipped.set(id, verdict.reason)
      this.failures.inc({ reason: 'skipped' })
      this.components.logger.info({ provider: id, reason: verdict.reason }, 'provider skipped: no path that carries data')
    } else if (verdict.ok) {
      this.skipped.delete(id)
    }
    return verdict
  }

  /**
   * An open to `peer` failed although a direct connection is up: pings it,
   * and closes it when the ping goes unanswered (a NAT that rebooted or
   * forgot the mapping leaves a connection that looks open and carries
   * nothing), so the next open sets up a path again.
   */
  suspect (peer: PeerId): void {
    const id = peer.toString()
    const direct = this.directConnection(peer)
    const ping = this.components.ping
    if (direct == null || ping == null || this.checking.has(id)) return
    this.checking.add(id)
    void ping.ping(direct.remoteAddr, { signal: withTimeout(SUSPECT_PING_TIMEOUT_MS) })
      .then(() => {}, (err: any) => {
        this.components.logger.warn({ provider: id, addr: direct.remoteAddr.toString(), err: err.message }, 'the connection to the provider answers no ping: closing it')
        this.paths.delete(id)
        this.closedDead.set(id, Date.now())
        direct.abort(new NoPathError('the connection answered no ping'))
      })
      .finally(() => { this.checking.delete(id) })
  }

  /** True when suspect() just closed the provider's connection as dead: the provider is not gone, its path is. */
  closedAsDead (peer: PeerId): boolean {
    return Date.now() - (this.closedDead.get(peer.toString()) ?? 0) < SUSPECT_PING_TIMEOUT_MS * 4
  }

  /** Opens a stream to `peer` on the best path (see the class). */
  async openStream (peer: PeerId | Multiaddr | Multiaddr[], protocol: string | string[], options: OpenConnectionOptions & NewStreamOptions = {}): Promise<Stream> {
    if (!isPeerId(peer)) return await this.components.connectionManager.openStream(peer, protocol, options)
    const { connection, limited } = await this.connection(peer, options)
    return await connection.newStream(protocol, limited ? { ...options, runOnLimitedConnection: true } : options)
  }

  /** Opens a stream to `peer` on the best path without waiting for the provider to confirm the protocol (see openOptimisticStream). */
  async openOptimisticStream (peer: PeerId, protocol: string, options: OptimisticStreamOptions): Promise<OptimisticStream> {
    const { connection, limited } = await this.connection(peer, options)
    return await openOptimisticStream(connection, protocol, limited ? { ...options, runOnLimitedConnection: true } : options)
  }

  private judge (peer: PeerId, record: CapabilityRecord): Usability {
    const reach = record.reach
    if (reach?.status !== Reach.Status.PRIVATE || this.directConnection(peer) != null) return { ok: true }
    if (reach.dataRelays.length > 0) return { ok: true }
    const id = peer.toString()
    if (this.components.puncher == null) return { ok: false, reason: `${id} is behind a NAT, its relays carry no data, and this gateway cannot punch holes` }
    if (reach.nat === Reach.Nat.PORT_CHANGING) return { ok: false, reason: `${id} is behind a symmetric NAT (no hole punching) and its relays carry no data (signalling only)` }
    const own = this.components.self?.punchEndpoint()
    if (own != null && !own.ok && own.reason.includes('symmetric')) return { ok: false, reason: `this gateway is behind a symmetric NAT (no hole punching) and the relays of ${id} carry no data` }
    const failure = this.recentPunchFailure(id)
    if (failure != null) return { ok: false, reason: `hole punching to ${id} failed ${Math.round((Date.now() - failure.at) / 1000)} s ago (${failure.reason}) and its relays carry no data` }
    return { ok: true }
  }

  /** A usable connection: a direct one, or set one up (one set-up per provider at a time). */
  private async connection (peer: PeerId, options: AbortOptions): Promise<{ connection: Connection, limited: boolean }> {
    const direct = this.directConnection(peer)
    if (direct != null) {
      this.note(peer, direct, this.punched.has(direct) ? 'hole-punched' : 'direct', false)
      return { connection: direct, limited: false }
    }
    const id = peer.toString()
    let pending = this.pending.get(id)
    if (pending == null) {
      // on a time of its own, not the first asker's: each asker waits only as long as its own signal lets it
      pending = this.establish(peer, { signal: withTimeout(ESTABLISH_TIMEOUT_MS) }).finally(() => { this.pending.delete(id) })
      this.pending.set(id, pending)
    }
    return await raceSignal(pending, options.signal)
  }

  private async establish (peer: PeerId, options: AbortOptions): Promise<{ connection: Connection, limited: boolean }> {
    const { connectionManager, puncher, logger } = this.components
    const id = peer.toString()
    // libp2p's dial never reuses a limited (relayed) connection: one still open is taken here, not dialled again
    const first = connectionManager.getConnections(peer).find(c => c.status === 'open' && isRelayed(c)) ?? await connectionManager.openConnection(peer, options)
    if (first.limits == null) {
      this.note(peer, first, isRelayed(first) ? 'relayed' : 'direct', true)
      return { connection: first, limited: false }
    }
    const record = this.components.recordOf(peer)
    let reason = this.recentPunchFailure(id)?.reason
    if (reason == null) {
      if (puncher == null) {
        reason = 'this gateway cannot punch holes'
      } else if (record?.reach?.nat === Reach.Nat.PORT_CHANGING) {
        reason = 'the provider is behind a symmetric NAT'
        this.failures.inc({ reason: 'symmetric-nat' })
      } else {
        try {
          // this gateway's own reachability may still be being checked (just started): wait for it rather than fail the punch
          if (this.components.self?.punchEndpoint().ok === false) await this.components.selfChecked?.(withTimeout(OWN_CHECK_WAIT_MS, options.signal))
          const direct = await puncher.punch(first, options)
          this.punched.add(direct)
          this.note(peer, direct, 'hole-punched', true)
          // the relayed connection has served its purpose: the relay's slot is for signalling
          void first.close().catch(() => {})
          return { connection: direct, limited: false }
        } catch (err: any) {
          if (options.signal?.aborted === true) throw err
          reason = `hole punching failed: ${String(err.message)}`
          // remembered unless it was this gateway's own state that stopped it (not known yet): the next open tries again
          if (this.components.self?.punchEndpoint().ok !== false || !/not known yet/.test(err.message)) this.punchFailures.set(id, { at: Date.now(), reason })
          this.failures.inc({ reason: err.name === 'PunchRefusedError' ? 'punch-refused' : 'punch-failed' })
          logger.warn({ provider: id, reason: err.message }, 'hole punching to the provider failed')
        }
      }
    }
    const dataRelays = new Set(record?.reach?.dataRelays ?? [])
    if (dataRelays.has(relayPeerOf(first.remoteAddr) ?? '')) {
      this.note(peer, first, 'relayed', true)
      return { connection: first, limited: true }
    }
    // another of its relays may carry data
    const through = record == null ? undefined : recordAddrs(record).find(addr => dataRelays.has(relayPeerOf(addr) ?? ''))
    if (through != null) {
      const relayed = await connectionManager.openConnection(multiaddr(`${through.toString()}/p2p/${id}`), { ...options, force: true })
      this.note(peer, relayed, 'relayed', true)
      return { connection: relayed, limited: relayed.limits != null }
    }
    this.failures.inc({ reason: 'relay-signalling-only' })
    const message = `Provider ${id} has no path that carries data: no direct connection (${reason}), and its relays carry signalling only`
    logger.warn({ provider: id, reason }, 'no path to the provider carries data')
    throw new NoPathError(message)
  }

  private directConnection (peer: PeerId): Connection | undefined {
    return this.components.connectionManager.getConnections(peer).find(c => c.status === 'open' && c.limits == null && !isRelayed(c))
  }

  private recentPunchFailure (id: string): { at: number, reason: string } | undefined {
    const failure = this.punchFailures.get(id)
    if (failure == null || Date.now() - failure.at > PUNCH_RETRY_AFTER_MS) return undefined
    return failure
  }

  private note (peer: PeerId, connection: Connection, path: ProviderPath, fresh: boolean): PathView {
    const id = peer.toString()
    const known = this.paths.get(id)
    const addr = connection.remoteAddr.toString()
    if (known?.path === path && known.addr === addr) return known
    const view = { path, addr, since: Date.now() }
    this.paths.set(id, view)
    if (fresh) {
      this.opened.inc({ path })
      this.components.logger.info({ provider: id, path, addr }, `provider reached: ${path}`)
    }
    return view
  }
}

function isRelayed (connection: Connection): boolean {
  return isRelayedAddr(connection.remoteAddr)
}
