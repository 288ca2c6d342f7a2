/** Protocol id of an exit asking the rendezvous what it booked for the exit's sessions. */
export const STATEMENT_PROTOCOL = '/peergrid/statement/1.0.0'

/** Most sessions in one statement page. */
export const MAX_STATEMENT_PAGE = 500

/** Most sessions the rendezvous reads for one page (older ones, skipped by `since`, count too): the cost of one request is bounded. */
export const MAX_STATEMENT_SCAN = 10 * MAX_STATEMENT_PAGE

/** Longest session id in a request's `after` (as receipts: MAX_SESSION_ID_LENGTH). */
export const MAX_STATEMENT_CURSOR_LENGTH = 64

/** Hard limit on an encoded StatementRequest. */
export const MAX_STATEMENT_REQUEST_BYTES = 128

/** Hard limit on an encoded StatementResponse: a full page of sessions with the longest ids and accounts. */
export const MAX_STATEMENT_RESPONSE_BYTES = MAX_STATEMENT_PAGE * 256 + 128

/** A statement page must be answered within this time. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 10_000

/** Concurrent statement requests one connection may have at the rendezvous. */
export const MAX_STATEMENT_STREAMS_PER_CONNECTION = 2

/** Most sessions one statement gathers over all its pages. */
export const MAX_STATEMENT_SESSIONS = 100_000
