/** Hard limit on an encoded DocumentRequest. */
export const MAX_DOCUMENT_REQUEST_BYTES = 16

/** Room for a DocumentResponse's own fields around the signed document. */
export const DOCUMENT_RESPONSE_OVERHEAD_BYTES = 16

/** A whole document fetch (revocation list, rule set) must finish within this time, on both sides. */
export const DEFAULT_DOCUMENT_TIMEOUT_MS = 10_000

/** Concurrent fetches one connection may open. */
export const MAX_DOCUMENT_STREAMS_PER_CONNECTION = 2

/** How often a node asks its rendezvous for a newer version (gossip brings most of them sooner). */
export const DEFAULT_DOCUMENT_REFRESH_INTERVAL_MS = 10 * 60_000
