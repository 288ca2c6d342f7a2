import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../../node/logger.js'
import { AccountRepository } from '../../rendezvous/identity/accounts.js'
import { Ledger } from '../../rendezvous/ledger/ledger.js'
import { creditTransaction } from '../../rendezvous/ledger/postings.js'
import { RuleSets } from '../../rendezvous/rules/rule-sets.js'
import { openPostgresStore } from '../../rendezvous/store/postgres/index.js'
import { firstLine, requireBuild, runCli, startCli } from '../cli.js'
import { postgresProgram } from '../postgres-server.js'
import { freshPostgresDatabase } from '../stores.js'
import type { CoordinatorStore } from '../../rendezvous/store/store.js'
import type { ChildProcess } from 'node:child_process'

const run = promisify(execFile)

/** A rendezvous daemon of the built CLI, started with `args`; answers its ready line and the process. */
async function rendezvous (dataDir: string, args: string[] = []): Promise<{ child: ChildProcess, ready: any }> {
  const child = startCli(['rendezvous', '--json', '--listen', '/ip4/127.0.0.1/tcp/0', '--api-port', '0', '--data-dir', dataDir, ...args])
  return { child, ready: JSON.parse(await firstLine(child)) }
}

async function stop (child: ChildProcess): Promise<void> {
  if (child.exitCode != null) return
  const exited = new Promise(resolve => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

describe('peergrid rendezvous --database and rendezvous migrate (built CLI processes, about 15 s)', () => {
  let home: string
  let url: string
  const children: ChildProcess[] = []
  beforeAll(async () => {
    requireBuild()
    home = await mkdtemp(join(tmpdir(), 'peergrid-coordinator-cli-'))
    url = await freshPostgresDatabase()
  })
  afterAll(async () => {
    await Promise.all(children.map(stop))
    await rm(home, { recursive: true, force: true })
  })

  it('moves a rendezvous\'s LevelDB books into PostgreSQL, where two rendezvous serve them as one', async () => {
    const first = join(home, 'first')
    const alone = await rendezvous(first)
    children.push(alone.child)
    // the CLI finds a running rendezvous's API and token in its data dir
    const target = ['--data-dir', first]
    const created = await runCli(['account', 'create', '--role', 'customer', '--json', ...target])
    expect(created.code).toBe(0)
    const customer = JSON.parse(created.stdout).account as string
    expect((await runCli(['account', 'credit', customer, '5000000', '--reference', 'inv-1', ...target])).code).toBe(0)
    await stop(alone.child)

    const copied = await runCli(['rendezvous', 'migrate', '--database', url, '--copy-from', first])
    expect(copied.stderr).toBe('')
    expect(copied.code).toBe(0)
    expect(copied.stdout).toMatch(/from version 0 to 1/)
    expect(copied.stdout).toMatch(/Copied from .*: 1 accounts, 0 API keys, 1 signed documents, 1 ledger transactions/)
    expect(copied.stdout).toMatch(/The copied books add up/)
    const again = await runCli(['rendezvous', 'migrate', '--database', url])
    expect(again.stdout).toMatch(/version 1, the newest this peergrid knows: nothing to do/)
    expect((await runCli(['rendezvous', 'migrate', '--database', url, '--copy-from', first])).stderr).toMatch(/holds books already/)

    // two rendezvous on the database, signing with one key: the second bootstraps from the first
    const second = join(home, 'second')
    const a = await rendezvous(first, ['--database', url])
    children.push(a.child)
    await mkdir(second, { recursive: true, mode: 0o700 })
    await copyFile(join(first, 'credential.key'), join(second, 'credential.key'))
    const b = await rendezvous(second, ['--database', url, '--bootstrap', a.ready.multiaddrs[0]])
    children.push(b.child)
    expect(b.ready.credentialKeyId).toBe(a.ready.credentialKeyId)
    const atB = ['--data-dir', second]
    expect((await runCli(['account', 'list', ...atB])).stdout).toContain(customer)
    const check = await runCli(['ledger', '--check', ...atB])
    expect(check.stdout).toMatch(/The books add up: 1 transactions/)
    const provider = JSON.parse((await runCli(['account', 'create', '--role', 'provider', '--json', '--data-dir', first])).stdout).account as string
    expect((await runCli(['account', 'list', ...atB])).stdout).toContain(provider)
    const token = (await readFile(join(second, 'api-token'), 'utf8')).trim()
    const status = await (await fetch(`${b.ready.api}/api/status`, { headers: { authorization: `Bearer ${token}` } })).json() as { database: unknown }
    expect(status.database).toMatchObject({ store: 'postgresql', state: 'up', schemaVersion: 1 })
  })

  it('refuses a --database that is not a PostgreSQL URL, and says which server it cannot reach', async () => {
    const bad = await runCli(['rendezvous', '--listen', '/ip4/127.0.0.1/tcp/0', '--api-port', '0', '--data-dir', join(home, 'bad'), '--database', 'mysql://db/peergrid'])
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toMatch(/database.*postgres/)
    const unreachable = await runCli(['rendezvous', 'migrate', '--database', 'postgres://peergrid:secret@127.0.0.1:1/peergrid'])
    expect(unreachable.code).toBe(1)
    expect(unreachable.stderr).toMatch(/cannot migrate postgres:\/\/peergrid:\*\*\*@127\.0\.0\.1:1\/peergrid: connect ECONNREFUSED/)
  })
})

describe('backing the books up with pg_dump and restoring them with pg_restore (about 3 s)', () => {
  it('restores every book into a fresh database, which a rendezvous then serves', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'peergrid-backup-'))
    try {
      const [from, to] = [await freshPostgresDatabase(), await freshPostgresDatabase()]
      const source = (await openPostgresStore({ url: from, logger: silentLogger() })).store
      const accounts = new AccountRepository(source)
      const { account } = await accounts.create('customer')
      await accounts.createApiKey(account.id)
      await new Ledger(source).book(creditTransaction({ customer: account.id, amount: 7_000_000, reference: 'inv-9', atMs: Date.now() }))
      const key = await generateKeyPair('Ed25519')
      await new RuleSets({ store: source, signingKey: () => key, gossip: () => ({ publish: async () => {} }), logger: silentLogger() }).ensureOne()
      const books = async (store: CoordinatorStore): Promise<unknown> => ({ accounts: await store.allAccounts(), apiKeys: await store.allApiKeys(), balances: await store.allBalances(), journal: await store.journalLines(undefined, 10), rules: await store.document('rules') })
      const before = await books(source)
      await source.close()

      const dump = join(dir, 'peergrid.dump')
      await run(postgresProgram('pg_dump'), ['--format=custom', '--file', dump, from])
      await run(postgresProgram('pg_restore'), ['--dbname', to, dump])
      const restored = await openPostgresStore({ url: to, logger: silentLogger() })
      try {
        expect(restored.migration?.applied).toEqual([])
        expect(await books(restored.store)).toEqual(before)
        expect(await new Ledger(restored.store).check()).toMatchObject({ ok: true, transactions: 1 })
      } finally {
        await restored.store.close()
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
