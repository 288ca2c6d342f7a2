/** The rendezvous found the statement request malformed. */
export class StatementRefusedError extends Error {
  static override name = 'StatementRefusedError'
  override name = 'StatementRefusedError'
  code = 'ERR_STATEMENT_REFUSED'
}

/** No rendezvous could give a statement now (none connected, or each failed). */
export class StatementUnavailableError extends Error {
  static override name = 'StatementUnavailableError'
  override name = 'StatementUnavailableError'
  code = 'ERR_STATEMENT_UNAVAILABLE'
}
