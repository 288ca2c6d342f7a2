/** Largest request head (request line + headers) a client may send, in bytes. */
export const MAX_HTTP_HEADER_BYTES = 8 * 1024

/** The request head must arrive within this time; slow clients are cut off. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000

/** Realm named in 407 answers. */
export const PROXY_REALM = 'peergrid'
