/** Most providers one customer connection is tried on before it fails (the first try included). */
export const MAX_OPEN_ATTEMPTS = 3

/**
 * Failures that another provider might not have (another provider may trust
 * the gateway's credential key during a key rotation), so the open is retried
 * elsewhere. Refusals about the destination itself (rules, dns, refused,
 * unreachable, timeout, bad-request) would be the same on every provider.
 */
export const RETRYABLE_REASONS: ReadonlySet<string> = new Set(['failure', 'over-capacity', 'not-serving', 'policy', 'unauthorized'])

/** Weight of the newest observation in a provider's moving averages. */
export const SCORE_EWMA_WEIGHT = 0.2

/** Open latency at which a provider's score is halved. */
export const SCORE_LATENCY_SCALE_MS = 200

/** Providers within this fraction of the best score count as "the best"; one of them is picked at random. */
export const BEST_SCORE_FRACTION = 0.8

/** Most providers the gateway keeps statistics for. */
export const MAX_SCORED_PROVIDERS = 10_000

/** Most sticky sessions held at once. */
export const MAX_STICKY_SESSIONS = 100_000

/** How often expired sticky sessions are dropped. */
export const SESSION_SWEEP_INTERVAL_MS = 60_000

/** Most tunnels a gateway holds open at once; more are refused with over-capacity. */
export const DEFAULT_MAX_TUNNELS = 20_000

/** Default SOCKS5 port on 127.0.0.1 (the registered SOCKS port, what applications assume). */
export const DEFAULT_SOCKS_PORT = 1080

/** Default HTTP proxy port on 127.0.0.1 (the common HTTP proxy port). */
export const DEFAULT_HTTP_PROXY_PORT = 3128

/** A gateway without a credential warns about it at most this often. */
export const CREDENTIAL_WARNING_INTERVAL_MS = 60_000

/** An open still waiting after this long has its provider's connection checked with a ping (ProviderPaths.suspect): a dead one is closed, so the open fails now and the next sets up a path again. */
export const SLOW_OPEN_SUSPECT_MS = 4_000
