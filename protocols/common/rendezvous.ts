import type { PeerId, TypedEventTarget } from '@libp2p/interface'

/** Events of the rendezvous peers. */
export interface RendezvousPeersEvents {
  /** a rendezvous peer is connected (the first time and after every reconnect) */
  connected: CustomEvent<PeerId>
}

/**
 * The rendezvous peers a node can ask (registration, documents, API keys):
 * a role hook, given by the node's bootstrapper. It dispatches `connected`
 * each time one of them connects.
 */
export interface RendezvousPeers extends Pick<TypedEventTarget<RendezvousPeersEvents>, 'addEventListener' | 'removeEventListener'> {
  /** the rendezvous peers connected now, in order of preference */
  connectedPeers(): PeerId[]
}
