/** Protocol id of running a job on a provider. */
export const JOB_PROTOCOL = '/peergrid/job/1.0.0'

/** Largest module a job may send. */
export const MAX_MODULE_BYTES = 16 * 1024 * 1024

/** Largest stdin. */
export const MAX_STDIN_BYTES = 16 * 1024 * 1024

/** Most input files, and their largest total size. */
export const MAX_INPUT_FILES = 256
export const MAX_INPUT_FILE_BYTES = 32 * 1024 * 1024

/** Longest file path, in characters. */
export const MAX_PATH_LENGTH = 255

/** Most arguments and environment entries, and the longest of each. */
export const MAX_ARGS = 256
export const MAX_ENV = 64
export const MAX_ARG_LENGTH = 4096

/** Hard limit on an encoded JobSubmit: the module, stdin and files at their limits, and the rest. */
export const MAX_SUBMIT_BYTES = MAX_MODULE_BYTES + MAX_STDIN_BYTES + MAX_INPUT_FILE_BYTES + 2 * 1024 * 1024

/** The most output (stdout, stderr and files) a job may ask to return. */
export const MAX_OUTPUT_BYTES = 16 * 1024 * 1024

/** Hard limit on an encoded JobEvent: a result at the output limit, and the rest. */
export const MAX_EVENT_BYTES = MAX_OUTPUT_BYTES + 64 * 1024

/** The submit must arrive within this time once the stream is open (a module of 16 MiB on a slow link). */
export const DEFAULT_JOB_SUBMIT_TIMEOUT_MS = 60_000

/** The provider sends an event at least this often while a job waits or runs. */
export const JOB_HEARTBEAT_MS = 5_000

/** The gateway gives up on a provider silent for this long. */
export const DEFAULT_JOB_EVENT_TIMEOUT_MS = 3 * JOB_HEARTBEAT_MS

/** After PAYMENT, the gateway's receipt must arrive within this time, or the job is unpaid. */
export const DEFAULT_JOB_PAYMENT_TIMEOUT_MS = 10_000

/** Hard limit on an encoded JobPay: one signed receipt, and its framing. */
export const MAX_JOB_PAY_BYTES = 4 * 1024

/** Concurrent job streams one connection may open at a provider. */
export const MAX_JOB_STREAMS_PER_CONNECTION = 16

/** Longest reason a provider gives. */
export const MAX_JOB_REASON_LENGTH = 300

/** Defaults of a job's limits when the customer gives none. */
export const DEFAULT_JOB_MEMORY_BYTES = 64 * 1024 * 1024
export const DEFAULT_JOB_WALL_MS = 10_000
export const DEFAULT_JOB_OUTPUT_BYTES = 4 * 1024 * 1024

/** A job's random seed is this long. */
export const JOB_SEED_BYTES = 16
