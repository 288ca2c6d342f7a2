/** Protocol id of a node asking a rendezvous how it is seen and whether it can be dialled back. */
export const REACH_PROTOCOL = '/peergrid/reach/1.0.0'

/** Most ports one request may have dialled back. */
export const MAX_DIAL_BACK_PORTS = 4

/** Hard limit on an encoded ReachRequest. */
export const MAX_REACH_REQUEST_BYTES = 64

/** Hard limit on an encoded ReachResponse: the observed address, four dial-back results with their errors, the relay policy. */
export const MAX_REACH_RESPONSE_BYTES = 2048

/** Longest dial-back error the rendezvous sends. */
export const MAX_DIAL_BACK_ERROR_LENGTH = 300

/** One dial back must connect (TCP, noise, yamux) within this time. */
export const DEFAULT_DIAL_BACK_TIMEOUT_MS = 5_000

/** A whole exchange (the dial-backs included) must finish within this time. */
export const DEFAULT_REACH_TIMEOUT_MS = 15_000

/** Concurrent reach requests one connection may have at the rendezvous. */
export const MAX_REACH_STREAMS_PER_CONNECTION = 1

/** Dial-backs the rendezvous runs at once, over all askers: the cost of answering is bounded. */
export const MAX_CONCURRENT_DIAL_BACKS = 16
