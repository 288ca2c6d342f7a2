/** Jobs the gateway remembers (running and finished); the oldest finished is forgotten first. */
export const MAX_GATEWAY_JOBS = 1_000

/** A finished job's result is kept this long for GET /api/jobs/:id. */
export const JOB_RESULT_TTL_MS = 60 * 60_000

/** Providers one job is tried on before it fails (a provider that fails before the result is left for the next). */
export const MAX_JOB_ATTEMPTS = 3

/** Most providers one job may run on at once, to compare their outputs. */
export const MAX_JOB_REPLICAS = 5
