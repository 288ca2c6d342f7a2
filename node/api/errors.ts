/**
 * The one registry of local API error codes and their HTTP status. Routes
 * throw ApiError with a code from here; the error handler does the rest.
 */
export const API_ERRORS = {
  UNAUTHORIZED: { status: 401, message: 'Missing or wrong API token; it is in the node\'s data dir (api-token)' },
  BAD_REQUEST: { status: 400, message: 'The request is not valid' },
  NOT_FOUND: { status: 404, message: 'No such resource' },
  UNAVAILABLE: { status: 503, message: 'What the answer needs cannot be reached now; try again' },
  INTERNAL: { status: 500, message: 'The node failed to answer; see its log' }
} as const

export type ApiErrorCode = keyof typeof API_ERRORS

/**
 * Errors of a role's own books that the API answers with a code of the
 * registry, by the error's name (node/ does not import rendezvous/'s
 * internals): a rendezvous whose database cannot be reached is UNAVAILABLE.
 */
export const ROLE_ERRORS: ReadonlyMap<string, ApiErrorCode> = new Map([
  ['StoreUnavailableError', 'UNAVAILABLE']
])

/** An error a route returns to the API client. */
export class ApiError extends Error {
  static override name = 'ApiError'
  override name = 'ApiError'
  readonly code: ApiErrorCode

  constructor (code: ApiErrorCode, message: string = API_ERRORS[code].message) {
    super(message)
    this.code = code
  }
}
