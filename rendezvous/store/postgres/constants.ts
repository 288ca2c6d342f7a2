import type { ExclusiveWork } from '../store.js'

/** Every unit takes this transaction-level advisory lock first: units run one at a time across every rendezvous on the database ("books" in ASCII). */
export const BOOKS_LOCK_KEY = '1651469163'

/** The session-level advisory lock of each kind of exclusive work. */
export const EXCLUSIVE_LOCK_KEYS: Record<ExclusiveWork, string> = { payouts: '1885434229' }

/** The channel a unit that wrote a document notifies, with the document's kind as payload. */
export const DOCUMENTS_CHANNEL = 'peergrid_documents'

/** Connections in one rendezvous's pool (the operator API, the protocol servers and the units share it). */
export const DEFAULT_POOL_SIZE = 10

/** A connection attempt gives up after this long: the store is down. */
export const CONNECT_TIMEOUT_MS = 5_000

/** One statement may take this long (a unit waiting for the books' lock included). */
export const STATEMENT_TIMEOUT_MS = 30_000

/** The server ends a transaction left idle this long (a rendezvous cut off mid-unit). */
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000

/** How often the store checks the database and the notification connection, and retries them when they are down. */
export const HEALTH_CHECK_MS = 2_000
