/** A CLI command failed for a reason a person can act on; the message says what to do. */
export class CommandError extends Error {
  static override name = 'CommandError'
  override name = 'CommandError'
}
