/** The key file exists but does not hold a usable Ed25519 key. */
export class CorruptKeyFileError extends Error {
  static override name = 'CorruptKeyFileError'
  override name = 'CorruptKeyFileError'
  code = 'ERR_CORRUPT_KEY_FILE'

  constructor (message = 'The key file is corrupt') {
    super(message)
  }
}

/** A listen address could not be bound (in use, not local, malformed). */
export class ListenError extends Error {
  static override name = 'ListenError'
  override name = 'ListenError'
  code = 'ERR_LISTEN'

  constructor (message = 'Could not listen') {
    super(message)
  }
}
