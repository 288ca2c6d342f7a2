/** Protocol id of checking a hosted customer's API key at the rendezvous. */
export const API_KEY_PROTOCOL = '/peergrid/apikey/1.0.0'

/** Hard limit on an encoded ApiKeyRequest (a 64-character hash). */
export const MAX_API_KEY_REQUEST_BYTES = 128

/** Hard limit on an encoded ApiKeyResponse. */
export const MAX_API_KEY_RESPONSE_BYTES = 128

/** An API key check must finish within this time, on both sides. */
export const DEFAULT_API_KEY_TIMEOUT_MS = 5_000

/** Concurrent API key checks one connection may open (a busy hosted gateway checks many). */
export const MAX_API_KEY_STREAMS_PER_CONNECTION = 64

/** A good API key is trusted this long before the rendezvous is asked again (a revoked account stops within it). */
export const DEFAULT_API_KEY_CACHE_MS = 60_000

/** A refused API key is remembered this long, so a client retrying a bad key does not reach the rendezvous each time. */
export const DEFAULT_API_KEY_NEGATIVE_CACHE_MS = 10_000

/** Longest API key accepted from a client. */
export const MAX_API_KEY_LENGTH = 128

/** API key answers remembered at once; the least recently used is forgotten first. */
export const MAX_CACHED_API_KEYS = 100_000
