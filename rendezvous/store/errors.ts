/** The coordinator's database cannot be reached (or failed mid-work): what needs the books is refused until it is back. */
export class StoreUnavailableError extends Error {
  static override name = 'StoreUnavailableError'
  override name = 'StoreUnavailableError'
  code = 'ERR_STORE_UNAVAILABLE'

  constructor (message = 'the coordinator\'s database cannot be reached; try again once it is back') {
    super(message)
  }
}

/** The database's schema is newer than this peergrid knows, or a migration failed. */
export class SchemaVersionError extends Error {
  static override name = 'SchemaVersionError'
  override name = 'SchemaVersionError'
  code = 'ERR_SCHEMA_VERSION'
}

/** A --database value that is not a postgres:// URL. */
export class InvalidDatabaseUrlError extends Error {
  static override name = 'InvalidDatabaseUrlError'
  override name = 'InvalidDatabaseUrlError'
  code = 'ERR_INVALID_DATABASE_URL'
}

/** Another rendezvous (or this one) holds the lock of the exclusive work asked for. */
export class LockBusyError extends Error {
  static override name = 'LockBusyError'
  override name = 'LockBusyError'
  code = 'ERR_LOCK_BUSY'
}
