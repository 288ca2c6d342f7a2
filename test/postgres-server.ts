import { execFile } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { chown, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'

const run = promisify(execFile)

/** A PostgreSQL server a test started itself: an initdb cluster in a temp dir on a free loopback port. */
export interface PostgresServer {
  port: number
  /** postgres://peergrid@127.0.0.1:<port>/<database> */
  url(database?: string): string
  /** creates a fresh database and answers its URL */
  createDatabase(): Promise<string>
  /** pg_ctl stop (fast: open connections are cut) and start again, on the same port and data */
  stop(): Promise<void>
  start(): Promise<void>
  /** stops the server and removes its directory; idempotent */
  destroy(): Promise<void>
}

/** A PostgreSQL program (initdb, pg_ctl, pg_dump, pg_restore) of Debian's newest installed version. */
export function postgresProgram (name: string): string {
  return join(binDir(), name)
}

/** Where Debian puts PostgreSQL's server programs (they are not on PATH): the newest version's bin dir. */
function binDir (): string {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).filter(v => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a)) : []
  if (versions[0] == null) throw new Error('These tests need a PostgreSQL server: install Debian\'s postgresql package (`apt-get install postgresql`; .ci/run does)')
  return join(root, versions[0], 'bin')
}

async function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => { resolve(port) })
    })
  })
}

let databases = 0

/** Creates a fresh database on the server of `serverUrl` (postgres://…/postgres) and answers its URL. */
export async function createDatabase (serverUrl: string): Promise<string> {
  const name = `t_${process.pid}_${Date.now().toString(36)}_${++databases}`
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(`CREATE DATABASE ${name}`)
  } finally {
    await client.end()
  }
  return serverUrl.replace(/\/postgres$/, `/${name}`)
}

/**
 * Starts a PostgreSQL server for a test: initdb in a temp dir (as the
 * `postgres` user when running as root, since PostgreSQL refuses root),
 * trust authentication for user `peergrid` on 127.0.0.1 only, on a free port.
 */
export async function startPostgres (): Promise<PostgresServer> {
  const bin = binDir()
  const dir = await mkdtemp(join(tmpdir(), 'peergrid-pg-'))
  const data = join(dir, 'data')
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres'])
    const { stdout: gid } = await run('id', ['-g', 'postgres'])
    await chown(dir, Number(stdout.trim()), Number(gid.trim()))
  }
  const pgRun = async (program: string, args: string[]): Promise<void> => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]] : [join(bin, program), args]
    await run(file, argv, { cwd: dir })
  }
  const port = await freePort()
  await pgRun('initdb', ['-D', data, '-U', 'peergrid', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=32MB`
  let running = false
  let destroyed = false
  const url = (database = 'postgres'): string => `postgres://peergrid@127.0.0.1:${port}/${database}`
  const server: PostgresServer = {
    port,
    url,
    async createDatabase () {
      return createDatabase(url())
    },
    async start () {
      await pgRun('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-o', options, 'start'])
      running = true
    },
    async stop () {
      if (!running) return
      running = false
      await pgRun('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
    },
    async destroy () {
      if (destroyed) return
      destroyed = true
      await server.stop().catch(() => {})
      await rm(dir, { recursive: true, force: true })
    }
  }
  try {
    await server.start()
  } catch (err) {
    await server.destroy()
    throw err
  }
  return server
}
