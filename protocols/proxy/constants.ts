/** Protocol id of a proxied connection: one stream per customer connection. */
export const PROXY_PROTOCOL = '/peergrid/proxy/1.0.0'

/**
 * Hard limit on an encoded ProxyOpen: a 253-character name (RFC 1035), a
 * port, a 64-character session id and a credential (≤ 1024 B) fit with room to spare.
 */
export const MAX_PROXY_OPEN_BYTES = 1536

/** Hard limit on an encoded ProxyOpenResult (status, "[ipv6]:port", rule name). */
export const MAX_PROXY_RESULT_BYTES = 512

/** Hard limit on an encoded ProxyClose (three integers). */
export const MAX_PROXY_CLOSE_BYTES = 64

/** The provider cuts the target's bytes into frames of at most this size. */
export const PROXY_FRAME_BYTES = 64 * 1024

/** A frame larger than this from a provider is a protocol error (4x what providers send). */
export const MAX_PROXY_FRAME_BYTES = 256 * 1024

/** Longest varint length prefix accepted (a 32-bit length). */
export const MAX_FRAME_LENGTH_BYTES = 5

/** A provider waits this long for the open request on a new stream. */
export const DEFAULT_PROXY_OPEN_TIMEOUT_MS = 5_000

/**
 * A gateway closes a proxy stream it opened ahead of need (see
 * ready-streams.ts) when no open took it within this time: well inside the
 * provider's DEFAULT_PROXY_OPEN_TIMEOUT_MS wait for the open, whatever the
 * round trip.
 */
export const READY_STREAM_MAX_AGE_MS = 3_000

/** A gateway readies the next stream to a provider this long after an open's answer, or when its tunnel closes if sooner. */
export const READY_STREAM_DELAY_MS = 25

/** A provider gives a destination name this long to resolve. */
export const DEFAULT_DNS_TIMEOUT_MS = 5_000

/** A provider gives the target this long to accept the TCP connection. */
export const DEFAULT_TARGET_CONNECT_TIMEOUT_MS = 10_000

/**
 * A gateway waits this long for the open result: the provider's DNS timeout
 * (5 s) plus its connect timeout (10 s) plus slack.
 */
export const DEFAULT_PROXY_OPEN_RESULT_TIMEOUT_MS = 20_000

/** A relayed connection with no traffic either way for this long is closed, at both ends. */
export const DEFAULT_PROXY_IDLE_TIMEOUT_MS = 5 * 60_000

/**
 * Most concurrent proxy streams one connection may open to a provider
 * (libp2p's default of 32 is too few for a proxy): below the muxer's limit
 * of streams per connection, leaving room for the other protocols.
 */
export const MAX_PROXY_STREAMS_PER_CONNECTION = 16_000
