/** Protocol of the private peergrid DHT; never the public IPFS one (/ipfs/kad/1.0.0). */
export const DHT_PROTOCOL = '/peergrid/kad/1.0.0'

/** A gossipsub RPC larger than this is dropped. Records are at most 4 KiB, documents 256 KiB; batches stay below. */
export const MAX_GOSSIP_RPC_BYTES = 256 * 1024
