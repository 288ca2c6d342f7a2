/** Protocol id of the hole-punch coordination over a relayed connection. */
export const PUNCH_PROTOCOL = '/peergrid/punch/1.0.0'

/** Hard limit on one encoded PunchMessage. */
export const MAX_PUNCH_MESSAGE_BYTES = 512

/** Longest REFUSE reason sent. */
export const MAX_PUNCH_REASON_LENGTH = 200

/** The whole punch (messages, dials, the libp2p upgrade) must finish within this time. */
export const DEFAULT_PUNCH_TIMEOUT_MS = 10_000

/** Between dial attempts refused outright (the other side's socket was not there yet). */
export const PUNCH_REDIAL_DELAY_MS = 50

/** Concurrent punches one connection may carry each way. */
export const MAX_PUNCH_STREAMS_PER_CONNECTION = 1

/** Inactivity after which a punched TCP connection's socket is cut (as @libp2p/tcp's default). */
export const PUNCHED_SOCKET_INACTIVITY_MS = 2 * 60 * 1000
