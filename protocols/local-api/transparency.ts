/** What the exit decided about a connection. */
export type TransparencyDecision = 'allowed' | 'refused'

/**
 * One proxied connection as the provider's owner sees it: who asked for
 * what, where the exit connected, how much went each way and why it ended.
 */
export interface TransparencyEntry {
  /** unique, sortable by start time; also the database key */
  id: string
  /** when the stream was opened, unix ms */
  timeMs: number
  /** the customer's peer id (noise-authenticated) */
  customer: string
  /** the customer's account, from its verified credential */
  account?: string
  /** the destination as the customer asked for it */
  host: string
  port: number
  /** the sticky-session id the customer chose, if any */
  sessionId?: string
  /** the address the exit connected to ("ip:port") */
  dialled?: string
  decision: TransparencyDecision
  /** ok, or why it was refused or failed: unauthorized, rules, policy, dns, unreachable, refused, timeout, over-capacity, bad-request, failure */
  reason: string
  /** the rule that refused the destination (rules), or the credential error (unauthorized) */
  rule?: string
  /** bytes written to the destination (customer → destination) */
  bytesSent: number
  /** bytes read from the destination (destination → customer) */
  bytesReceived: number
  /** from open to close, ms; absent while the connection is open */
  durationMs?: number
  /** how an allowed connection ended: closed, reset, idle, shutdown, unpaid (its traffic outran the customer's receipts); absent while open */
  end?: string
  /** a metered connection: the session id its receipts name */
  meteringSession?: string
  /** a metered connection: the price fixed at open, micro-units per GiB */
  pricePerGiB?: number
  /** a metered connection: what its newest counter-signed receipt covers, micro-units (what it earned, before the operator's fee) */
  earnedMicroUnits?: number
  /** a compute job rather than a connection (host is "job", port 0): what ran, within which limits, and what it used */
  job?: JobRecord
}

/** A compute job in the transparency log. */
export interface JobRecord {
  /** sha-256 (hex) of the module */
  module: string
  limits: { memoryBytes: number, wallMs: number, outputBytes: number }
  exitCode?: number
  /** why it did not exit: a limit, a trap, the deadline */
  error?: string
  cpuMs?: number
  wallMs?: number
  outputBytes?: number
  pricePerCpuSecond?: number
}
