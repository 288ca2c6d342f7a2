/** A good API key is trusted this long before the rendezvous is asked again (a revoked account stops within it). */
export const API_KEY_CACHE_MS = 60_000

/** A refused API key is remembered this long, so a client retrying a bad key does not reach the rendezvous each time. */
export const API_KEY_NEGATIVE_CACHE_MS = 10_000

/** Longest API key accepted from a client. */
export const MAX_API_KEY_LENGTH = 128

/** API key answers remembered at once; the oldest is forgotten first. */
export const MAX_CACHED_API_KEYS = 100_000

/** Default cap on one hosted customer's open tunnels. */
export const DEFAULT_MAX_TUNNELS_PER_CUSTOMER = 1_000
