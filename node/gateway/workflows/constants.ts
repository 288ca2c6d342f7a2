/** Largest response body a workflow's fetch keeps, in bytes (past it the fetch fails). */
export const MAX_FETCH_BODY_BYTES = 4 * 1024 * 1024

/** Tunnels an idempotent fetch may go through when one breaks mid-way (each on an exit the router picks anew). */
export const FETCH_ATTEMPTS = 3

/** A workflow's fetch must have its whole response within this time. */
export const FETCH_TIMEOUT_MS = 30_000

/** Workflow runs the gateway keeps in memory for GET /api/workflows/:id besides those in its database. */
export const MAX_ACTIVE_WORKFLOWS = 64

/** Largest POST /api/workflows body: the document, its input and the modules it names (base64). */
export const MAX_WORKFLOW_REQUEST_BYTES = 96 * 1024 * 1024

/** Most providers one job node of a `--verify N` run goes to. */
export const MAX_VERIFY_REPLICAS = 5

