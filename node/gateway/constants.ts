/** Most providers the gateway keeps in its table; past it, the entry expiring soonest makes room. */
export const DEFAULT_MAX_PROVIDERS = 10_000

/** How often expired records are dropped from the table. */
export const TABLE_SWEEP_INTERVAL_MS = 5_000

/** How often the gateway looks up every service on the DHT, gossip or not. */
export const DEFAULT_DHT_REFRESH_INTERVAL_MS = 60_000

/** An on-demand DHT lookup of one key is not repeated within this time. */
export const LOOKUP_COOLDOWN_MS = 5_000

/** One DHT lookup (query plus record fetches) must finish within this time. */
export const DHT_LOOKUP_TIMEOUT_MS = 15_000

/** Most providers taken from one DHT lookup. */
export const MAX_PROVIDERS_PER_LOOKUP = 64

/** Most addresses of one provider taken from a DHT answer (the record's own wire limit is 16). */
export const MAX_PROVIDER_ADDRS = 16

/** Record fetches run at once during a lookup. */
export const LOOKUP_FETCH_CONCURRENCY = 8

/** The gateway signs a receipt of a metered session each time this many more bytes moved. */
export const DEFAULT_RECEIPT_EVERY_BYTES = 1024 * 1024

/** ... and at least this often while bytes move (and once more at close). */
export const DEFAULT_RECEIPT_EVERY_MS = 5_000

/** A timed receipt is signed only once the session moved this fraction of DEFAULT_RECEIPT_EVERY_BYTES (1/16: 64 KiB) since the last. */
export const TIMED_RECEIPT_SHARE = 16

/** At start, unfinished workflow runs wait this long at most for the gateway to know a provider before they resume. */
export const WORKFLOW_RESUME_WAIT_MS = 15_000

/** After a failed hole punch to a provider, the gateway does not try again for this long (it uses a data relay, or skips the provider). */
export const PUNCH_RETRY_AFTER_MS = 60_000

/** Providers whose path (and last punch failure) the gateway remembers. */
export const MAX_REMEMBERED_PATHS = 10_000

/** A connection suspected dead (an open on it failed) must answer a ping within this time, or it is closed. */
export const SUSPECT_PING_TIMEOUT_MS = 3_000

/** A punch waits at most this long for the gateway's own first reachability check (it needs its public address). */
export const OWN_CHECK_WAIT_MS = 10_000

/** Setting up a path to a provider (dial, the gateway's own check, the punch) ends within this time, whoever waits for it. */
export const ESTABLISH_TIMEOUT_MS = 30_000
