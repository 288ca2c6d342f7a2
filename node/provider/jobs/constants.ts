/** Jobs a provider runs at once unless its owner says otherwise (one core of two stays with the proxy). */
export const DEFAULT_MAX_CONCURRENT_JOBS = 1

/** Jobs waiting for a sandbox at most; past this a submit is refused as busy. */
export const MAX_QUEUED_JOBS = 64

/** The niceness of sandbox processes (0-19): the proxy's event loop wins the CPU when both want it. */
export const DEFAULT_JOB_NICE = 10

/** V8 heap of a sandbox process, MiB: our code's own objects (WebAssembly memory is capped by the module rewrite, buffers by byte caps). */
export const SANDBOX_HEAP_MB = 256

/** A sandbox process must say it is ready within this time. */
export const SANDBOX_START_TIMEOUT_MS = 10_000

/** Customers whose verified credentials the job payments keep, so that each receipt does not verify one again. */
export const MAX_PAYING_CUSTOMERS = 10_000

/** A customer that left a job unpaid gets no more jobs run for this long. */
export const UNPAID_JOB_BAN_MS = 10 * 60_000

/** Customers remembered as having left a job unpaid, at most (the oldest are forgotten first). */
export const MAX_UNPAID_CUSTOMERS = 10_000
