/**
 * @packageDocumentation
 *
 * `/peergrid/reach/1.0.0`: how a node learns whether it is publicly
 * dialable. It asks a rendezvous, over a connection it opened from a port
 * of its choosing, what address that connection arrived from (behind a NAT:
 * the router's address and the port the router picked) and to dial it back
 * on its listening ports at that address. A dial-back that meets the node
 * makes it public; a NAT that kept the chosen port makes hole punching
 * possible (node/libp2p/reachability.ts decides). The answer also carries
 * the rendezvous's relay policy. `reachServer` runs on rendezvous servers;
 * `askReach` is the asking side.
 *
 * libp2p's AutoNAT (v1) is not used for this: it trusts an answer only
 * after 4 successful or 8 failed dial-backs from peers in different /8
 * networks, which a network of a few rendezvous never gathers.
 */

export * from './client.js'
export * from './constants.js'
export * from './errors.js'
export * from './exchange.js'
export * from './server.js'
export { DialBack, ReachRequest, ReachResponse, RelayPolicy } from './pb/reach.js'
