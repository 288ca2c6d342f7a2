import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { API_TOKEN_FILE } from '../api/token.js'
import { DEVNET_INFO_FILE, getJson, postJson } from '../cli/api-client.js'
import { CommandError } from '../cli/errors.js'
import { peergridHome } from '../config/settings.js'
import { DevnetChild } from './child.js'
import { DEVNET_COUNTRIES, DEVNET_CREDIT_MICRO_UNITS, DEVNET_PAYOUT_EVERY_SECONDS, DEVNET_PAYOUT_THRESHOLD_MICROS, DISCOVERY_TIMEOUT_MS, MAX_DEVNET_PROVIDERS } from './constants.js'
import { formatDevnet } from './summary.js'
import type { DevnetInfo } from '../cli/api-client.js'
import type { ReadyInfo } from '../daemon/ready.js'
import type { GatewayStatus, ProviderView } from '../gateway/api.js'

/** Options of `peergrid devnet`. */
export interface DevnetOptions {
  /** number of providers (default 3) */
  providers?: number
  /** keep data here instead of a temp dir */
  dataDir?: string
  json?: boolean
  logLevel?: string
  /** non-public ranges the providers' exits may reach (e.g. 127.0.0.0/8) */
  exitAllow?: string[]
  /** the gateway's SOCKS5 port (default: any free one) */
  socksPort?: number
  /** the gateway's HTTP proxy port (default: any free one) */
  httpProxyPort?: number
}

/** What `peergrid devnet --json` prints when ready, as one line. */
export interface DevnetReady {
  rendezvous: string
  /** the rendezvous's operator API; its admin token is in <dataDir>/rendezvous/api-token */
  rendezvousApi: string
  /** the rendezvous's credential signing key id, which every devnet node trusts */
  credentialKeyId: string
  gatewayApi: string
  /** bearer token of the gateway API */
  gatewayApiToken: string
  /** the gateway's SOCKS5 proxy, "127.0.0.1:<port>" */
  socks: string
  /** the gateway's HTTP proxy, "127.0.0.1:<port>" */
  httpProxy: string
  /** each provider's local API URL; its token is in <dataDir>/<name>/api-token */
  providers: Array<{ name: string, peerId: string, country: string, api?: string, pid?: number }>
  /** non-public ranges the exits may reach */
  exitAllow: string[]
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
    // payouts as soon as a provider earned 0.001 units, files every minute: what a devnet shows, not what an operator runs
    const rendezvous = await start('rendezvous', ['rendezvous', '--api-port', '0', '--payout-threshold', String(DEVNET_PAYOUT_THRESHOLD_MICROS), '--payout-hold', '0', '--payout-every', String(DEVNET_PAYOUT_EVERY_SECONDS)])
    const bootstrap = rendezvous.ready.multiaddrs[0]
    if (bootstrap == null) throw new CommandError('The devnet rendezvous has no address')
    // every node gets an account and registers for a credential, as on a real mesh
    const rendezvousApi = { url: rendezvous.ready.api as string, token: (await readFile(join(root, 'rendezvous', API_TOKEN_FILE), 'utf8')).trim() }
    const trust = ['--trust', rendezvous.ready.credentialKeyId as string]
    const enroll = async (role: 'provider' | 'customer'): Promise<string[]> => {
      const created = await postJson<{ account: string, enrollmentKey: string }>(rendezvousApi, '/api/accounts', { role })
      // the customer starts with prepaid credit: an account whose credit runs out is stopped
      if (role === 'customer') await postJson(rendezvousApi, `/api/accounts/${created.account}/credit`, { amount: DEVNET_CREDIT_MICRO_UNITS, reference: 'devnet' })
      return ['--enroll', created.enrollmentKey, ...trust]
    }
    const exitAllow = (options.exitAllow ?? []).flatMap(cidr => ['--exit-allow', cidr])
    const providers = await Promise.all(Array.from({ length: count }, async (_, i) =>
      start(`provider-${i + 1}`, ['provider', '--bootstrap', bootstrap, '--country', DEVNET_COUNTRIES[i] as string, '--api-port', '0', '--services', 'proxy,compute', ...exitAllow, ...await enroll('provider')])))
    const gateway = await start('gateway', ['gateway', '--bootstrap', bootstrap, '--api-port', '0',
      '--socks-port', String(options.socksPort ?? 0), '--http-proxy-port', String(options.httpProxyPort ?? 0), ...await enroll('customer')])
    const gatewayApi = gateway.ready.api as string
    const token = (await readFile(join(root, 'gateway', API_TOKEN_FILE), 'utf8')).trim()
    const known = await waitForDiscovery({ url: gatewayApi, token }, count)
    // exits refuse every connection until they hold the network's rule set
    await waitForRuleSets(await Promise.all(providers.map(async (p, i) => ({
      url: p.ready.api as string,
      token: (await readFile(join(root, `provider-${i + 1}`, API_TOKEN_FILE), 'utf8')).trim()
    }))))

    const ready: DevnetReady = {
      rendezvous: bootstrap,
      rendezvousApi: rendezvousApi.url,
      credentialKeyId: rendezvous.ready.credentialKeyId as string,
      gatewayApi,
      gatewayApiToken: token,
      socks: gateway.ready.socks as string,
      httpProxy: gateway.ready.httpProxy as string,
      providers: providers.map((p, i) => ({ name: `provider-${i + 1}`, peerId: p.ready.peerId, country: p.ready.country as string, api: p.ready.api, pid: p.child.process.pid })),
      exitAllow: options.exitAllow ?? [],
      dataDir: root
    }
    // lets `peergrid providers` and `peergrid log` find this devnet's nodes without flags
    await mkdir(home, { recursive: true, mode: 0o700 })
    const info: DevnetInfo = {
      pid: process.pid,
      dataDir: root,
      gatewayDataDir: join(root, 'gateway'),
      rendezvousDataDir: join(root, 'rendezvous'),
      providers: ready.providers.map(p => ({ name: p.name, dataDir: join(root, p.name) }))
    }
    await writeFile(join(home, DEVNET_INFO_FILE), JSON.stringify(info) + '\n')
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

/** Polls the gateway until it knows `count` providers and holds its credential; returns how many providers it knows at the end. */
async function waitForDiscovery (target: { url: string, token: string }, count: number): Promise<number> {
  const deadline = Date.now() + DISCOVERY_TIMEOUT_MS
  let known = 0
  while (Date.now() < deadline) {
    const { providers } = await getJson<{ providers: ProviderView[] }>(target, '/api/providers')
    const { credential } = await getJson<GatewayStatus>(target, '/api/status')
    known = providers.length
    if (known >= count && credential) break
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  return known
}

/** Polls the providers until each holds a rule set (or DISCOVERY_TIMEOUT_MS passes). */
async function waitForRuleSets (targets: Array<{ url: string, token: string }>): Promise<void> {
  const deadline = Date.now() + DISCOVERY_TIMEOUT_MS
  while (Date.now() < deadline) {
    const versions = await Promise.all(targets.map(async target => (await getJson<{ version: number }>(target, '/api/rules')).version))
    if (versions.every(version => version > 0)) return
    await new Promise(resolve => setTimeout(resolve, 100))
  }
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
