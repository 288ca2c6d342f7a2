/**
 * What the model tier assumes where the scenario says nothing, in one
 * place: each is a constant of the product or a measured figure, named so a
 * report can list them and the real tier can check them.
 */

/**
 * copies beyond the first that a gossip receiver hears, at most (measured by
 * the real tier: 1.9 per delivery on the calibration scenario; gossipsub
 * 1.2's IDONTWANT stops most copies a mesh of degree D would otherwise send)
 */
export const GOSSIP_DUPLICATES_PER_DELIVERY = 2

/** gossipsub's mesh degree D (the default the product runs): each node forwards a message to about this many peers */
export const GOSSIP_MESH_DEGREE = 6

/** Kademlia: peers asked at once per step (kad-dht's alpha) */
export const DHT_ALPHA = 3

/** Kademlia: bits of the key space one step closes (log2 of the bucket size 20, rounded down) */
export const DHT_BITS_PER_HOP = 4

/** Kademlia: round trips of one step's request to a peer: a new stream's protocol negotiation, then the query (the real tier measured ~2) */
export const DHT_STEP_RTTS = 2

/** Kademlia: the bucket size k (kad-dht's default): the k peers closest to a key hold its provider records */
export const DHT_BUCKET_SIZE = 20

/** a DHT peer that does not answer is given up after this long (kad-dht's per-peer query timeout, order of magnitude) */
export const DHT_PEER_TIMEOUT_MS = 5_000

/** a hole punch through two port-preserving NATs works this often (every punch in test/integration/nat-traversal.test.ts worked; kept below 1 for routers that misbehave) */
export const PUNCH_SUCCESS = 0.95

/** round trips to set up a new direct connection: TCP, noise XX, yamux/multistream */
export const NEW_CONNECTION_RTTS = 3

/**
 * round trips from a proxy open on a connection that exists to the tunnel
 * being usable: the open travels with the protocol proposal and the result
 * comes back (npm run bench, proxy-latency section: a warm SOCKS5 fetch's
 * first byte 2 round trips after the client's connect, the open and the
 * request). It was 2 while libp2p negotiated the protocol first, which the
 * real tier measured (5.4 round trips to the first byte at 25 ms one way).
 */
export const OPEN_RTTS = 1

/**
 * round trips from a provider's start to its first record on the wire: the
 * connection to a rendezvous, identify, and meeting the topic's
 * subscribers (measured by the real tier: ~5.6 round trips at 25 ms one
 * way, besides SUBSCRIBER_ANNOUNCE_DELAY_MS and the gossip itself)
 */
export const JOIN_RTTS = 6

/** round trips of a hole punch after the relayed connection: CONNECT/SYNC, then the upgrade of the new socket */
export const PUNCH_RTTS = 4

/** round trips from an exit's connect to a destination in its country to the answer's first byte: TCP and TLS (1.5), then the request */
export const DESTINATION_RTTS = 2.5

/** uploads are this share of a session's downloaded bytes */
export const UPLOAD_SHARE = 0.1

/** DHT lookups timed per simulated hour, on both tiers (probes: a gateway looks up when its table runs short and every refresh) */
export const DHT_LOOKUPS_PER_HOUR = 1_800

/** revocation lists published per simulated hour, on both tiers (each one's spread is measured to a sample of nodes) */
export const REVOCATIONS_PER_HOUR = 180

/** nodes a revocation's spread is measured to */
export const REVOCATION_SAMPLE_NODES = 50

/** candidates a gateway scores per open, drawn from the providers it knows (the choice among near-equals is random anyway) */
export const CANDIDATES_PER_OPEN = 64
