import pLimit from 'p-limit'
import pg from 'pg'
import { LockBusyError, StoreUnavailableError } from '../errors.js'
import { BOOKS_LOCK_KEY, CONNECT_TIMEOUT_MS, DEFAULT_POOL_SIZE, DOCUMENTS_CHANNEL, EXCLUSIVE_LOCK_KEYS, HEALTH_CHECK_MS, IDLE_IN_TRANSACTION_TIMEOUT_MS, STATEMENT_TIMEOUT_MS } from './constants.js'
import { unreachable } from './errors.js'
import { SCHEMA_VERSION, migrate } from './migrations.js'
import { PgReader } from './pg-reader.js'
import { applyWrites, documentsWritten } from './pg-writes.js'
import type { MigrationReport } from './migrations.js'
import type { Queryable } from './pg-reader.js'
import type { BookWrite, BooksReader, BooksUnit, CoordinatorStore, DocumentKind, ExclusiveWork, StoreStatus } from '../store.js'
import type { Logger } from 'pino'
import type { PoolClient } from 'pg'

/** What the PostgreSQL store is opened with. */
export interface PostgresStoreInit {
  /** postgres://user:password@host:port/database */
  url: string
  poolSize?: number
  logger: Logger
}

/**
 * The coordinator's books in PostgreSQL, shared by any number of rendezvous:
 * a unit is one transaction that takes one advisory lock first, so units
 * run one at a time across all of them and read what the last one wrote;
 * constraints refuse a second row for a journal position, a transaction id
 * or a document version whatever the code above does. A unit that wrote a
 * document notifies the others (LISTEN/NOTIFY) so they serve it. When the
 * database cannot be reached, every use throws StoreUnavailableError and
 * `status()` says so; a health check every HEALTH_CHECK_MS brings it back.
 */
export class PostgresCoordinatorStore extends PgReader implements CoordinatorStore {
  readonly kind = 'postgresql'
  private readonly pool: pg.Pool
  private readonly init: PostgresStoreInit
  private readonly listeners = new Set<(kind: DocumentKind) => void>()
  private current: StoreStatus = { kind: 'postgresql', state: 'down', error: 'not connected yet', sinceMs: Date.now() }
  /** the schema is migrated: until then every use is refused */
  private ready = false
  private notifications?: pg.Client
  private health?: ReturnType<typeof setInterval>
  private closed = false

  constructor (init: PostgresStoreInit) {
    const pool = new pg.Pool({
      connectionString: init.url,
      max: init.poolSize ?? DEFAULT_POOL_SIZE,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
      keepAlive: true,
      application_name: 'peergrid-rendezvous'
    })
    super(guarded(pool, {
      refusal: () => this.ready ? undefined : notReady(this.current),
      failed: (err) => { this.failed(err) },
      worked: () => { this.worked() }
    }))
    this.pool = pool
    this.init = init
    // an idle client that loses its server emits here; without a listener it would end the process
    pool.on('error', (err) => { this.failed(err) })
  }

  /** Brings the schema up to date (migrations.ts); the store serves from then on. */
  async prepare (): Promise<MigrationReport> {
    const report = await migrate(this.pool)
    this.ready = true
    this.worked()
    return report
  }

  /** Starts hearing other rendezvous' document changes, and the health check (which also prepares a store that could not be prepared yet). */
  async start (): Promise<void> {
    if (this.ready) await this.listen().catch(() => {})
    this.health = setInterval(() => { this.check().catch(() => {}) }, HEALTH_CHECK_MS)
    this.health.unref()
  }

  async unit<T>(work: (unit: BooksUnit) => Promise<T>): Promise<T> {
    return this.transaction('BEGIN', async (client) => {
      await client.query({ name: 'peergrid-books-lock', text: 'SELECT pg_advisory_xact_lock($1)', values: [BOOKS_LOCK_KEY] })
      const queued: BookWrite[] = []
      const unit: BooksUnit = Object.assign(new PgReader(oneAtATime(client)), { write: (...writes: BookWrite[]) => { queued.push(...writes) } })
      const result = await work(unit)
      await applyWrites(client, queued)
      // delivered to the other rendezvous at commit
      for (const kind of documentsWritten(queued)) await client.query({ name: 'peergrid-notify', text: 'SELECT pg_notify($1, $2)', values: [DOCUMENTS_CHANNEL, kind] })
      return result
    })
  }

  async write (...writes: BookWrite[]): Promise<void> {
    if (writes.length === 0) return
    await this.transaction('BEGIN', async (client) => { await applyWrites(client, writes) })
  }

  async snapshot<T>(work: (books: BooksReader) => Promise<T>): Promise<T> {
    return this.transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => work(new PgReader(oneAtATime(client))))
  }

  /** Runs `work` in one transaction begun with `begin`; a broken connection is StoreUnavailableError. */
  private async transaction<T>(begin: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.withClient(async (client, lose) => {
      try {
        await client.query(begin)
        const result = await work(client)
        await client.query('COMMIT')
        this.worked()
        return result
      } catch (err: any) {
        if (!unreachable(err)) await client.query('ROLLBACK').catch(lose)
        throw err
      }
    })
  }

  /**
   * Runs `work` on a client of the pool. A connection that breaks — during a
   * query, or between two (a checked-out client has no listener of the
   * pool's, and an unheard error would end the process) — marks the store
   * down, aborts `lost` (`work` may also call `lose` itself), becomes
   * StoreUnavailableError and is thrown away rather than pooled again.
   */
  private async withClient<T>(work: (client: PoolClient, lose: (err: Error) => void, lost: AbortSignal) => Promise<T>): Promise<T> {
    const client = await this.connect()
    let broken: Error | undefined
    const lost = new AbortController()
    const lose = (err: Error): void => {
      broken ??= err
      this.failed(err)
      lost.abort(new StoreUnavailableError(`lost the connection to the coordinator's database: ${err.message}`))
    }
    client.on('error', lose)
    try {
      return await work(client, lose, lost.signal)
    } catch (err: any) {
      if (unreachable(err)) { lose(err); throw new StoreUnavailableError() }
      throw err
    } finally {
      client.off('error', lose)
      client.release(broken)
    }
  }

  async exclusive<T>(name: ExclusiveWork, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const key = EXCLUSIVE_LOCK_KEYS[name]
    return this.withClient(async (client, lose, lost) => {
      // a connection that breaks while the work runs is noticed here, not only when the lock is given back
      const heartbeat = setInterval(() => { client.query('SELECT 1').catch(lose) }, HEALTH_CHECK_MS)
      try {
        const { rows } = await client.query({ name: 'peergrid-try-lock', text: 'SELECT pg_try_advisory_lock($1) AS taken', values: [key] })
        if (rows[0]?.taken !== true) throw new LockBusyError(`${name} are under way on another rendezvous on this database`)
        try {
          return await work(lost)
        } finally {
          clearInterval(heartbeat)
          // a session whose unlock failed may still hold the lock: lose() keeps it out of the pool
          await client.query({ name: 'peergrid-unlock', text: 'SELECT pg_advisory_unlock($1)', values: [key] }).catch(lose)
        }
      } finally {
        clearInterval(heartbeat)
      }
    })
  }

  onDocumentChange (listener: (kind: DocumentKind) => void): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  status (): StoreStatus {
    return { ...this.current }
  }

  async close (): Promise<void> {
    if (this.closed) return
    this.closed = true
    clearInterval(this.health)
    await this.notifications?.end().catch(() => {})
    await this.pool.end()
  }

  private async connect (): Promise<PoolClient> {
    if (this.closed) throw new StoreUnavailableError('the coordinator\'s database is closed')
    if (!this.ready) throw new StoreUnavailableError(notReady(this.current))
    try {
      return await this.pool.connect()
    } catch (err: any) {
      this.failed(err)
      throw new StoreUnavailableError()
    }
  }

  /** The health check: a query, and the notification connection opened again if it was lost. */
  private async check (): Promise<void> {
    if (!this.ready) {
      await this.prepare().catch((err: Error) => {
        if (unreachable(err)) this.failed(err)
        else this.init.logger.error({ err: err.message }, 'cannot bring the coordinator\'s database schema up to date')
      })
      if (!this.ready) return
    }
    await this.pool.query('SELECT 1').then(() => { this.worked() }, (err) => { this.failed(err) })
    if (this.notifications == null && this.current.state === 'up') await this.listen()
  }

  /** LISTENs on its own connection; on (re)connecting, every listener reads again what it may have missed. */
  private async listen (): Promise<void> {
    if (this.closed || this.notifications != null) return
    const client = new pg.Client({ connectionString: this.init.url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true, application_name: 'peergrid-rendezvous-listen' })
    client.on('error', (err) => { this.failed(err) })
    client.on('end', () => { if (this.notifications === client) this.notifications = undefined })
    client.on('notification', (message) => { this.tell(message.payload as DocumentKind) })
    try {
      await client.connect()
      await client.query(`LISTEN ${DOCUMENTS_CHANNEL}`)
    } catch (err) {
      await client.end().catch(() => {})
      this.failed(err)
      throw err
    }
    this.notifications = client
    this.tell('revocations')
    this.tell('rules')
  }

  private tell (kind: DocumentKind): void {
    for (const listener of this.listeners) listener(kind)
  }

  private worked (): void {
    if (this.current.state === 'up' || !this.ready) return
    this.current = { kind: 'postgresql', state: 'up', schemaVersion: SCHEMA_VERSION, sinceMs: Date.now() }
    this.init.logger.info('the coordinator\'s database is reachable again')
  }

  private failed (err: any): void {
    if (!unreachable(err)) return
    const error = String(err?.message ?? err)
    if (this.current.state === 'down') { this.current.error = error; return }
    this.current = { kind: 'postgresql', state: 'down', schemaVersion: SCHEMA_VERSION, error, sinceMs: Date.now() }
    this.init.logger.error({ err: error }, 'the coordinator\'s database cannot be reached: what needs the books is refused until it is back')
  }
}

/** A unit's client, which reads run one at a time on (a pg client takes one query at a time; the work may ask for several at once). */
function oneAtATime (client: PoolClient): Queryable {
  const serial = pLimit(1)
  return { query: async (config) => serial(async () => client.query(config)) }
}

/** Why a store that is not prepared refuses. */
function notReady (status: StoreStatus): string {
  return `the coordinator's database is not ready yet${status.error != null ? ` (${status.error})` : ''}; try again once it is back`
}

/** The pool as the reader uses it: refused until the store is prepared; failures to reach the database become StoreUnavailableError and mark the store down, successes mark it up. */
function guarded (pool: pg.Pool, store: { refusal(): string | undefined, failed(err: unknown): void, worked(): void }): Queryable {
  const { failed, worked } = store
  return {
    query: async (config) => {
      const refusal = store.refusal()
      if (refusal != null) throw new StoreUnavailableError(refusal)
      try {
        const result = await pool.query(config)
        worked()
        return result
      } catch (err) {
        if (!unreachable(err)) throw err
        failed(err)
        throw new StoreUnavailableError()
      }
    }
  }
}
