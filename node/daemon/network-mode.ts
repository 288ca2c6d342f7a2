import { isLoopback, isPrivate } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'

/**
 * Whether a node is on a private network (devnet, LAN, testnet) when the
 * config does not say: yes when every bootstrap address (a rendezvous: every
 * listen address) is loopback or private. A wildcard listen address is public.
 */
export function inferPrivateNetwork (bootstrap: string[], listen: string[]): boolean {
  const addrs = bootstrap.length > 0 ? bootstrap : listen
  return addrs.length > 0 && addrs.every(str => {
    const ma = multiaddr(str)
    if (/^\/ip[46]\/(0\.0\.0\.0|::)\//.test(str)) return false
    return isLoopback(ma) || isPrivate(ma)
  })
}
