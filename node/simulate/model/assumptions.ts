/**
 * What the model tier assumes where the scenario says nothing, in one
 * place: each is a constant of the product or a measured figure, named so a
 * report can list them and the real tier can check them.
 */

/** gossipsub's mesh degree D (the default the product runs): each node forwards a message to about this many peers */
export const GOSSIP_MESH_DEGREE = 6

/** Kademlia: peers asked at once per step (kad-dht's alpha) */
export const DHT_ALPHA = 3

/** Kademlia: bits of the key space one step closes (log2 of the bucket size 20, rounded down) */
export const DHT_BITS_PER_HOP = 4

/** a DHT peer that does not answer is given up after this long (kad-dht's per-peer query timeout, order of magnitude) */
export const DHT_PEER_TIMEOUT_MS = 5_000

/** a hole punch through two port-preserving NATs works this often (every punch in test/integration/nat-traversal.test.ts worked; kept below 1 for routers that misbehave) */
export const PUNCH_SUCCESS = 0.95

/** round trips to set up a new direct connection: TCP, noise XX, yamux/multistream */
export const NEW_CONNECTION_RTTS = 3

/** round trips of a proxy open on a connection that exists: the open and its result */
export const OPEN_RTTS = 1

/** round trips of a hole punch after the relayed connection: CONNECT/SYNC, then the upgrade of the new socket */
export const PUNCH_RTTS = 4

/** uploads are this share of a session's downloaded bytes */
export const UPLOAD_SHARE = 0.1

/** DHT lookups sampled per simulated hour (a gateway looks up when its table runs short and every refresh) */
export const DHT_LOOKUPS_PER_HOUR = 120

/** revocation lists published per simulated hour (each one's spread is measured to a sample of nodes) */
export const REVOCATIONS_PER_HOUR = 1

/** nodes a revocation's spread is measured to */
export const REVOCATION_SAMPLE_NODES = 50

/** candidates a gateway scores per open, drawn from the providers it knows (the choice among near-equals is random anyway) */
export const CANDIDATES_PER_OPEN = 64
