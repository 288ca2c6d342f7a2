import { networkInterfaces } from 'node:os'
import ipaddr from 'ipaddr.js'
import { boundedMap } from '../../../protocols/common/index.js'
import { MAX_OBSERVED_OWN_ADDRESSES, OWN_ADDRESS_REFRESH_INTERVAL_MS } from './constants.js'
import type { IdentifyResult, Libp2pEvents, Startable, TypedEventTarget } from '@libp2p/interface'
import type { AddressManager } from '@libp2p/interface-internal'
import type { Multiaddr } from '@multiformats/multiaddr'

/** What the exit reads its own addresses from. */
export interface OwnAddressesComponents {
  /** the addresses libp2p listens on, announces, and that peers observe */
  addressManager: Pick<AddressManager, 'getAddresses' | 'getObservedAddrs'>
  events: Pick<TypedEventTarget<Libp2pEvents>, 'addEventListener' | 'removeEventListener'>
  /** the machine's interface addresses (default os.networkInterfaces(); tests stand in a public one) */
  interfaces?(): string[]
}

/**
 * The exit's own addresses: every interface address and every address
 * libp2p listens on, announces or has seen peers observe, loopback aside
 * (the address rules refuse loopback already; --exit-allow 127.0.0.0/8 lifts
 * that for local testing, and this must not undo it). An exit refuses to
 * connect to them (as Tor's ExitPolicyRejectLocalInterfaces does), or a
 * customer could reach the provider's router and port-forwarded LAN services
 * through its public address. Kept current: an address a peer reports
 * observing (identify) is added at once; everything is read again whenever
 * libp2p's addresses change and every OWN_ADDRESS_REFRESH_INTERVAL_MS
 * (interfaces change without an event).
 */
export class OwnAddresses implements Startable {
  private readonly components: OwnAddressesComponents
  private addresses = new Set<string>()
  /**
   * addresses peers reported seeing us at (identify), kept apart: libp2p does
   * not keep observed TCP addresses (js-libp2p#2620), so a refresh from the
   * address manager alone would drop them again
   */
  private readonly observed = boundedMap<string, true>(MAX_OBSERVED_OWN_ADDRESSES)
  private timer?: ReturnType<typeof setInterval>
  private readonly onChange = (): void => { this.refresh() }
  private readonly onIdentify = (event: CustomEvent<IdentifyResult>): void => {
    // what this peer saw of us: taken at once, before libp2p decides whether to trust it
    const observed = event.detail.observedAddr
    const host = observed != null ? hostOf(observed) : undefined
    const ip = this.add(this.addresses, host)
    if (ip != null) this.observed.set(ip, true)
  }

  constructor (components: OwnAddressesComponents) {
    this.components = components
    this.refresh()
  }

  /** True when `ip` (normalised, as parseIpLiteral gives it) is one of this machine's. */
  has (ip: string): boolean {
    return this.addresses.has(ip)
  }

  /** The addresses known now. */
  list (): string[] {
    return [...this.addresses]
  }

  start (): void {
    if (this.timer != null) return
    this.refresh()
    this.components.events.addEventListener('self:peer:update', this.onChange)
    this.components.events.addEventListener('peer:identify', this.onIdentify)
    this.timer = setInterval(this.onChange, OWN_ADDRESS_REFRESH_INTERVAL_MS)
    this.timer.unref()
  }

  stop (): void {
    if (this.timer == null) return
    clearInterval(this.timer)
    this.timer = undefined
    this.components.events.removeEventListener('self:peer:update', this.onChange)
    this.components.events.removeEventListener('peer:identify', this.onIdentify)
  }

  /** Reads every source again. */
  refresh (): void {
    const { addressManager } = this.components
    const found = new Set<string>()
    for (const address of (this.components.interfaces ?? systemInterfaces)()) this.add(found, address)
    for (const ma of [...addressManager.getAddresses(), ...addressManager.getObservedAddrs()]) this.add(found, hostOf(ma))
    for (const ip of this.observed.keys()) found.add(ip)
    this.addresses = found
  }

  /** Adds an address (normalised; loopback and unspecified left out) and returns it as added. */
  private add (set: Set<string>, address: string | undefined): string | undefined {
    const bare = address?.replace(/%.*$/, '')
    if (bare == null || !ipaddr.isValid(bare)) return undefined
    const ip = ipaddr.process(bare)
    if (ip.range() === 'loopback' || ip.range() === 'unspecified') return undefined
    set.add(ip.toString())
    return ip.toString()
  }
}

/** Every address of every interface of this machine. */
function systemInterfaces (): string[] {
  return Object.values(networkInterfaces()).flatMap(infos => (infos ?? []).map(info => info.address))
}

/** The IP of an /ip4 or /ip6 multiaddr. */
function hostOf (ma: Multiaddr): string | undefined {
  const first = ma.getComponents()[0]
  return first?.name === 'ip4' || first?.name === 'ip6' ? first.value : undefined
}
