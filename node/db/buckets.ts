/**
 * The one registry of key prefixes (level sublevels) in a node's database.
 * A name is never reused for another type; retire a bucket by leaving its line
 * here with a comment.
 */
export const BUCKETS = {
  /** monotonic counters by name (e.g. the capability record's seq): number */
  sequences: 'seq',
  /** the provider's transparency log, keyed by start time: TransparencyEntry */
  transparency: 'tlog',
  /** counter-signed receipts waiting for the rendezvous, by session id: OutboxEntry */
  receiptOutbox: 'receipt-outbox',
  /** a gateway's workflow runs, by run id: StoredWorkflowRun */
  workflowRuns: 'wf-run',
  /** the records of runs still going, by `<run id>/<node path>`: NodeRecord */
  workflowRecords: 'wf-record',
  /** modules workflows name, by sha-256 (hex): base64 */
  workflowModules: 'wf-module',
  /** the provider owner's settings, under "current": StoredOwnerSettings */
  ownerSettings: 'owner-settings',
  /** bytes the exit relayed per calendar month, by "YYYY-MM": number */
  monthUsage: 'month-usage'
} as const

/** A bucket name from the registry. */
export type BucketName = (typeof BUCKETS)[keyof typeof BUCKETS]
