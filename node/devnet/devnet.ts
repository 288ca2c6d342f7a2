import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { API_TOKEN_FILE } from '../api/token.js'
import { DEVNET_INFO_FILE, getJson } from '../cli/api-client.js'
import { CommandError } from '../cli/errors.js'
import { peergridHome } from '../config/defaults.js'
import { DevnetChild } from './child.js'
import { DEVNET_COUNTRIES, DISCOVERY_TIMEOUT_MS, MAX_DEVNET_PROVIDERS } from './constants.js'
import { formatDevnet } from './summary.js'
import type { ReadyInfo } from '../daemon/ready.js'
import type { ProviderView } from '../gateway/api.js'

/** Options of `peergrid devnet`. */
export interface DevnetOptions {
  /** number of providers (default 3) */
  providers?: number
  /** keep data here instead of a temp dir */
  dataDir?: string
  json?: boolean
  logLevel?: string
}

/** What `peergrid devnet --json` prints when ready, as one line. */
export interface DevnetReady {
  rendezvous: string
  gatewayApi: string
  /** bearer token of the gateway API */
  gatewayApiToken: string
  providers: Array<{ peerId: string, country: string, api?: string }>
  dataDir: string
}

/**
 * `peergrid devnet`: one rendezvous, n providers and one gateway on
 * 127.0.0.1, each its own OS process. Runs until SIGINT/SIGTERM, then stops
 * every child; none is left behind.
 */
export async function runDevnet (options: DevnetOptions): Promise<void> {
  const count = options.providers ?? 3
  if (!Number.isInteger(count) || count < 1 || count > MAX_DEVNET_PROVIDERS) {
    throw new CommandError(`--providers must be between 1 and ${MAX_DEVNET_PROVIDERS}`)
  }
  const keep = options.dataDir != null
  const root = keep ? resolve(options.dataDir as string) : await mkdtemp(join(tmpdir(), 'peergrid-devnet-'))
  const home = peergridHome()
  const children: DevnetChild[] = []
  const logLevel = options.logLevel ?? 'info'

  const start = async (name: string, args: string[]): Promise<{ child: DevnetChild, ready: ReadyInfo }> => {
    const dataDir = join(root, name)
    await mkdir(dataDir, { recursive: true, mode: 0o700 })
    const child = new DevnetChild(name, [...args, '--json', '--data-dir', dataDir, '--listen', '/ip4/127.0.0.1/tcp/0',
      '--private-network', '--log-level', logLevel], join(dataDir, 'node.log'))
    children.push(child)
    return { child, ready: await child.ready() }
  }

  let shuttingDown: Promise<void> | undefined
  const shutdown = async (): Promise<void> => {
    shuttingDown ??= (async () => {
      await Promise.all(children.map(async child => { await child.stop() }))
      await rm(join(home, DEVNET_INFO_FILE), { force: true })
      if (!keep) await rm(root, { recursive: true, force: true })
    })()
    await shuttingDown
  }
  const stopped = new Promise<void>(resolve => {
    const onSignal = (): void => { void shutdown().then(resolve) }
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
  })

  try {
    const rendezvous = await start('rendezvous', ['rendezvous'])
    const bootstrap = rendezvous.ready.multiaddrs[0]
    if (bootstrap == null) throw new CommandError('The devnet rendezvous has no address')
    const providers = await Promise.all(Array.from({ length: count }, async (_, i) =>
      start(`provider-${i + 1}`, ['provider', '--bootstrap', bootstrap, '--country', DEVNET_COUNTRIES[i] as string, '--api-port', '0'])))
    const gateway = await start('gateway', ['gateway', '--bootstrap', bootstrap, '--api-port', '0'])
    const gatewayApi = gateway.ready.api as string
    const token = (await readFile(join(root, 'gateway', API_TOKEN_FILE), 'utf8')).trim()
    const known = await waitForDiscovery({ url: gatewayApi, token }, count)

    const ready: DevnetReady = {
      rendezvous: bootstrap,
      gatewayApi,
      gatewayApiToken: token,
      providers: providers.map(p => ({ peerId: p.ready.peerId, country: p.ready.country as string, api: p.ready.api })),
      dataDir: root
    }
    // lets `peergrid providers` find this devnet's gateway without flags
    await mkdir(home, { recursive: true, mode: 0o700 })
    await writeFile(join(home, DEVNET_INFO_FILE), JSON.stringify({ pid: process.pid, gatewayDataDir: join(root, 'gateway'), dataDir: root }) + '\n')
    process.stdout.write((options.json === true ? JSON.stringify(ready) : formatDevnet(ready, known, count)) + '\n')
    watchChildren(children)
  } catch (err) {
    // Ctrl-C while starting: the children were stopped on purpose, nothing failed
    const interrupted = shuttingDown != null
    await shutdown()
    if (interrupted) return
    throw err
  }
  await stopped
  if (options.json !== true) process.stdout.write('devnet stopped\n')
}

/** Polls the gateway until it knows `count` providers; returns how many it knows at the end. */
async function waitForDiscovery (target: { url: string, token: string }, count: number): Promise<number> {
  const deadline = Date.now() + DISCOVERY_TIMEOUT_MS
  let known = 0
  while (Date.now() < deadline) {
    const { providers } = await getJson<{ providers: ProviderView[] }>(target, '/api/providers')
    known = providers.length
    if (known >= count) break
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  return known
}

/** Reports a child that exits while the devnet runs. */
function watchChildren (children: DevnetChild[]): void {
  for (const child of children) {
    void child.exited.then(code => {
      if (!child.stopRequested) {
        process.stderr.write(`peergrid devnet: ${child.name} exited unexpectedly (code ${code}); see ${child.logPath}\n`)
      }
    })
  }
}
