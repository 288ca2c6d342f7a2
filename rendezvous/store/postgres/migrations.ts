import { SchemaVersionError } from '../errors.js'
import type { Pool } from 'pg'

/** The PostgreSQL schema the coordinator's tables live in: give peergrid a database of its own, or at least this schema. */
export const SCHEMA = 'peergrid'

/** Held while migrations run, so rendezvous starting together migrate once (pg_advisory_lock key: "peergrid" in ASCII). */
const MIGRATION_LOCK_KEY = 0x7065657267726964n

/** One step of the schema: applied once, in one transaction, in version order. Never edit a released step; add the next. */
export interface Migration {
  version: number
  name: string
  sql: string
}

/** Every step of the schema, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'the coordinator\'s books',
    sql: `
      CREATE TABLE ${SCHEMA}.accounts (
        id text PRIMARY KEY,
        role text NOT NULL,
        created_at_ms bigint NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        disabled_at_ms bigint,
        -- sha-256 (hex) of the enrollment key: the key itself is never stored
        enrollment_key_hash text NOT NULL UNIQUE,
        hosted boolean NOT NULL DEFAULT false
      );
      CREATE TABLE ${SCHEMA}.api_keys (
        hash text PRIMARY KEY,
        account text NOT NULL REFERENCES ${SCHEMA}.accounts (id),
        created_at_ms bigint NOT NULL
      );
      -- every version of each signed document: one row per number, whoever published it
      CREATE TABLE ${SCHEMA}.documents (
        kind text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        signed text NOT NULL,
        meta jsonb NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, version)
      );
      -- the journal: one row per transaction, at its position; its id is its idempotency key
      CREATE TABLE ${SCHEMA}.ledger_transactions (
        seq bigint PRIMARY KEY CHECK (seq >= 0),
        id text NOT NULL UNIQUE,
        kind text NOT NULL,
        at_ms bigint NOT NULL,
        entries jsonb NOT NULL,
        memo text
      );
      CREATE TABLE ${SCHEMA}.ledger_balances (
        account text PRIMARY KEY,
        balance bigint NOT NULL
      );
      CREATE TABLE ${SCHEMA}.ledger_earned (
        account text NOT NULL,
        hour_ms bigint NOT NULL,
        amount bigint NOT NULL,
        PRIMARY KEY (account, hour_ms)
      );
      CREATE TABLE ${SCHEMA}.receipt_sessions (
        key text PRIMARY KEY,
        provider text NOT NULL,
        session text COLLATE "C" NOT NULL,
        state jsonb NOT NULL,
        UNIQUE (provider, session)
      );
      CREATE TABLE ${SCHEMA}.payout_runs (
        id text COLLATE "C" PRIMARY KEY,
        body jsonb NOT NULL
      );
      CREATE TABLE ${SCHEMA}.payouts (
        id text PRIMARY KEY,
        run text NOT NULL REFERENCES ${SCHEMA}.payout_runs (id),
        account text NOT NULL,
        state text NOT NULL,
        body jsonb NOT NULL
      );
      CREATE INDEX payouts_in_transit ON ${SCHEMA}.payouts (run) WHERE state = 'in-transit';
      CREATE TABLE ${SCHEMA}.state (
        key text PRIMARY KEY,
        value jsonb NOT NULL
      );
    `
  }
]

/** The newest schema version this peergrid knows. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0

/** What a migration did. */
export interface MigrationReport {
  from: number
  to: number
  applied: Array<{ version: number, name: string }>
}

/**
 * Brings the database's schema to SCHEMA_VERSION: each missing step in
 * its own transaction, recorded in `peergrid.schema_versions`, under an
 * advisory lock so that rendezvous starting together migrate once. Refuses
 * (SchemaVersionError) a database newer than this peergrid.
 */
export async function migrate (pool: Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationReport> {
  const client = await pool.connect()
  // a connection that breaks fails the query under way (and is not pooled again); without a listener it would also end the process
  let broken: Error | undefined
  const lose = (err: Error): void => { broken ??= err }
  client.on('error', lose)
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()])
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`)
      await client.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.schema_versions (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
      const from = Number((await client.query(`SELECT coalesce(max(version), 0) AS version FROM ${SCHEMA}.schema_versions`)).rows[0]?.version ?? 0)
      const latest = migrations[migrations.length - 1]?.version ?? 0
      if (from > latest) throw new SchemaVersionError(`the database's schema is version ${from}, newer than this peergrid's ${latest}: upgrade peergrid before starting it on this database`)
      const applied: MigrationReport['applied'] = []
      for (const step of migrations.filter(m => m.version > from)) {
        await client.query('BEGIN')
        try {
          await client.query(step.sql)
          await client.query(`INSERT INTO ${SCHEMA}.schema_versions (version, name) VALUES ($1, $2)`, [step.version, step.name])
          await client.query('COMMIT')
        } catch (err: any) {
          await client.query('ROLLBACK').catch(() => {})
          throw new SchemaVersionError(`schema step ${step.version} (${step.name}) failed: ${err.message}`)
        }
        applied.push({ version: step.version, name: step.name })
      }
      return { from, to: Math.max(from, latest), applied }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]).catch(() => {})
    }
  } finally {
    client.off('error', lose)
    client.release(broken)
  }
}
