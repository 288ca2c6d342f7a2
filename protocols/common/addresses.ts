import type { Multiaddr } from '@multiformats/multiaddr'

const TCP_ADDR = /^\/ip([46])\/([^/]+)\/tcp\/(\d+)/
const RELAY_PEER = /\/p2p\/([^/]+)\/p2p-circuit/

/** True for an address through a circuit relay (`…/p2p/<relay>/p2p-circuit…`). */
export function isRelayedAddr (ma: Multiaddr): boolean {
  return ma.toString().includes('/p2p-circuit')
}

/** The relay's peer id in a relayed address, or undefined for a direct one. */
export function relayPeerOf (ma: Multiaddr): string | undefined {
  return RELAY_PEER.exec(ma.toString())?.[1]
}

/** The IP and port of a plain TCP address (no relay), or undefined. */
export function tcpHostPort (ma: Multiaddr): { family: 4 | 6, host: string, port: number } | undefined {
  if (isRelayedAddr(ma)) return undefined
  const match = TCP_ADDR.exec(ma.toString())
  if (match == null) return undefined
  return { family: match[1] === '4' ? 4 : 6, host: match[2] as string, port: Number(match[3]) }
}
