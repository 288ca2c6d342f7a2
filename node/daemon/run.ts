import { mkdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Registry } from 'prom-client'
import { LazyHttpServer } from '../api/lazy-server.js'
import { API_INFO_FILE, loadOrCreateApiToken, writeApiInfo } from '../api/token.js'
import { loadConfig } from '../config/load.js'
import { CREDENTIAL_FILE_NAME, REVOCATION_FILE_NAME, RULES_FILE_NAME } from '../db/file-store.js'
import { openDatabase } from '../db/open.js'
import { CREDENTIAL_KEY_FILE_NAME, KEY_FILE_NAME, loadOrCreatePrivateKey } from '../libp2p/key.js'
import { componentLogger, createLogger } from '../logger.js'
import { openRate } from '../utils/rate-limit.js'
import { isLoopbackHost } from '../gateway/proxy/client-allowlist.js'
import { inferPrivateNetwork } from './network-mode.js'
import { formatReady, readyInfo } from './ready.js'
import { startNode } from './start-node.js'
import type { ProxyFronts } from '../gateway/proxy/fronts.js'
import type { ConfigSources } from '../config/load.js'
import type { GatewayConfig, ProviderConfig, RoleConfig } from '../config/schema.js'
import type { Logger } from '../logger.js'
import type { GatewayInit } from '../gateway/index.js'
import type { ProviderInit } from '../provider/index.js'
import type { CoordinatorStore, RendezvousPayoutsInit, RendezvousRelayInit } from '../../rendezvous/index.js'
import type { IdentityInit, Role, RunningNode } from './start-node.js'
import type { ServiceName } from '../../protocols/capability/index.js'
import type { FastifyInstance } from 'fastify'

/** A daemon that has not stopped this long after a stop signal exits anyway. */
export const STOP_TIMEOUT_MS = 10_000

/** How a daemon command was invoked. */
export interface DaemonOptions extends ConfigSources {
  /** print exactly one JSON line when ready */
  json?: boolean
}

/** A failure a person can fix; the CLI prints its message alone. */
export class StartupError extends Error {
  static override name = 'StartupError'
  override name = 'StartupError'
}

/**
 * Runs one role until SIGINT/SIGTERM (or, when started by `peergrid devnet`,
 * until the parent goes away), then stops everything and exits.
 */
export async function runDaemon (role: Role, options: DaemonOptions): Promise<void> {
  const { config } = await loadConfig(role, options)
  const logger = createLogger({ level: config.logLevel, base: { role } })
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 })
  // the files of the data dir are read at once rather than one after the other: start-up is a measured goal
  const database = role === 'rendezvous' ? (config as RoleConfig['rendezvous']).database : undefined
  const [keyFile, credentialKeyFile, dbOpening, tokenFile, storeOpening] = await Promise.allSettled([
    loadOrCreatePrivateKey(join(config.dataDir, KEY_FILE_NAME)),
    role === 'rendezvous' ? loadOrCreatePrivateKey(join(config.dataDir, CREDENTIAL_KEY_FILE_NAME)) : Promise.resolve(undefined),
    openDatabase(join(config.dataDir, 'db')),
    loadOrCreateApiToken(config.dataDir),
    database == null ? Promise.resolve(undefined) : openCoordinatorDatabase(database, logger)
  ])
  if (keyFile.status === 'rejected' || credentialKeyFile.status === 'rejected' || dbOpening.status === 'rejected' || tokenFile.status === 'rejected' || storeOpening.status === 'rejected') {
    if (dbOpening.status === 'fulfilled') await dbOpening.value.close()
    if (storeOpening.status === 'fulfilled') await storeOpening.value?.close()
    throw [keyFile, credentialKeyFile, dbOpening, tokenFile, storeOpening].flatMap(r => r.status === 'rejected' ? [r.reason] : [])[0]
  }
  const privateKey = keyFile.value
  const db = dbOpening.value
  const coordinatorStore = storeOpening.value
  const registry = new Registry()
  const servers: FastifyInstance[] = []
  let node: RunningNode | undefined
  let fronts: ProxyFronts | undefined
  let api: LazyHttpServer | undefined

  let stopping: Promise<void> | undefined
  const stop = async (): Promise<void> => {
    stopping ??= (async () => {
      logger.info('stopping')
      const watchdog = setTimeout(() => {
        logger.error(`did not stop within ${STOP_TIMEOUT_MS} ms; exiting anyway`)
        process.exit(1)
      }, STOP_TIMEOUT_MS)
      watchdog.unref()
      await Promise.allSettled(servers.map(async server => server.close()))
      await api?.close()
      await fronts?.close()
      await node?.stop()
      await coordinatorStore?.close()
      await db.close()
      await rm(join(config.dataDir, API_INFO_FILE), { force: true })
      clearTimeout(watchdog)
      logger.info('stopped')
    })()
    await stopping
  }

  // signals are heard from here on, so one that comes while starting stops
  // the node once it is up rather than killing the process half-way
  let requestStop = (): void => {}
  const stopRequested = new Promise<void>(resolve => { requestStop = resolve })
  let signalled = false
  const onSignal = (signal: string): void => {
    if (signalled) {
      logger.warn(`${signal} again: exiting now`)
      process.exit(130)
    }
    signalled = true
    requestStop()
  }
  process.on('SIGINT', () => { onSignal('SIGINT') })
  process.on('SIGTERM', () => { onSignal('SIGTERM') })
  // started by `peergrid devnet`: the IPC channel closes when the parent dies, even by SIGKILL
  if (process.channel != null) {
    process.channel.unref()
    process.on('disconnect', () => { requestStop() })
  }

  try {
    if (role === 'gateway') checkProxyExposure(config as GatewayConfig)
    const identity = role === 'rendezvous' ? undefined : identityInit(config as GatewayConfig)
    const privateNetwork = config.privateNetwork ?? inferPrivateNetwork(config.bootstrap, config.listen)
    node = await startNode({
      role,
      privateKey,
      db,
      coordinatorStore,
      listen: config.listen,
      announce: config.announce,
      privateNetwork,
      gossip: config.gossip,
      upnp: role === 'rendezvous' ? false : (config as GatewayConfig).upnp,
      maxConnections: config.maxConnections,
      bootstrap: config.bootstrap,
      logger,
      registry,
      libp2pMetrics: config.metricsPort != null,
      provider: role === 'provider' ? providerInit(config as ProviderConfig) : undefined,
      gateway: role === 'gateway' ? gatewayInit(config as GatewayConfig) : undefined,
      ...(role === 'gateway' && !(config as GatewayConfig).readyStreams ? { protocols: { proxyClient: { readyStreamMaxAgeMs: 0 } } } : {}),
      credentialKey: credentialKeyFile.value,
      operatorFeePpm: role === 'rendezvous' ? (config as RoleConfig['rendezvous']).operatorFeePpm : undefined,
      payouts: role === 'rendezvous' ? await payoutsInit(config as RoleConfig['rendezvous']) : undefined,
      relay: role === 'rendezvous' ? relayInit(config as RoleConfig['rendezvous']) : undefined,
      identity,
      revocationsPath: join(config.dataDir, REVOCATION_FILE_NAME),
      rulesPath: join(config.dataDir, RULES_FILE_NAME)
    })
    // HTTP servers load after libp2p listens: fastify is a large share of start-up
    let metrics: string | undefined
    if (config.metricsPort != null) {
      const { createMetricsServer } = await import('../metrics/server.js')
      const server = createMetricsServer(registry)
      servers.push(server)
      metrics = `${await listenOn(server, config.metricsPort, 'metrics')}/metrics`
    }
    api = await bindApi(config as RoleConfig['gateway'])
    // the token file exists before anyone is told where the API is: the CLI reads it to call
    const token = tokenFile.value
    const runningNode = node
    // fastify and the routes load on the first connection: see LazyHttpServer
    api.loadOnFirstConnection(async () => {
      const app = await serveApi(runningNode, config as RoleConfig['gateway'], token, logger)
      servers.push(app)
      return app.server
    }, (err) => { logger.error({ err: err.message }, 'cannot load the local API') })
    if (node.gateway != null) {
      const gatewayConfig = config as GatewayConfig
      const { listenProxyFronts } = await import('../gateway/proxy/fronts.js')
      const apiKeys = node.gateway.apiKeys
      fronts = await listenProxyFronts(node.gateway.router, {
        socksPort: gatewayConfig.socksPort,
        httpProxyPort: gatewayConfig.httpProxyPort,
        host: gatewayConfig.proxyHost,
        allowClients: gatewayConfig.allowClients,
        ...(apiKeys != null ? { requireAuth: true, authenticate: async (_username: string, password: string) => (await apiKeys.verify(password)) != null } : {})
      }, componentLogger(logger, 'gateway:fronts'))
        .catch(err => { throw new StartupError(err.message) })
    }
    const provider = role === 'provider' ? config as ProviderConfig : undefined
    if (provider != null && provider.services.includes('proxy') && provider.trust.length === 0) {
      logger.warn('no --trust: the exit cannot check customer credentials and refuses every proxy stream')
    }
    if ((provider?.exitAllow ?? []).length > 0) {
      logger.warn({ exitAllow: provider?.exitAllow }, 'the exit may reach non-public ranges (--exit-allow): local testing only')
    }
    // the ready line says how the node is reached: wait for the first check (bounded; a private node also for its relays)
    await node.reachability?.checked(AbortSignal.timeout(READY_REACHABILITY_WAIT_MS))
    const info = readyInfo(node, {
      api: api.url,
      metrics,
      country: provider?.country,
      services: provider?.services,
      bootstrap: config.bootstrap,
      socks: fronts?.socks,
      httpProxy: fronts?.httpProxy,
      exitAllow: provider?.exitAllow.length === 0 ? undefined : provider?.exitAllow,
      credentialKeyId: node.rendezvous?.credentialKeyId
    })
    process.stdout.write((options.json === true ? JSON.stringify(info) : formatReady(info)) + '\n')
    logger.info({ peerId: info.peerId, multiaddrs: info.multiaddrs, privateNetwork }, 'ready')
    // after the ready line, as nothing in it needs the file (written with an fsync)
    await writeApiInfo(config.dataDir, { url: api.url, pid: process.pid, role: node.role })
  } catch (err) {
    await stop()
    throw err
  }

  await stopRequested
  await stop()
}

/**
 * The coordinator's books in PostgreSQL (--database): schema brought up to
 * date at start. A server that cannot be reached does not stop the
 * rendezvous: it bootstraps and relays, refuses what needs the books, and
 * the store reaches the database by itself once it is back. A bad URL or a
 * schema newer than this peergrid does stop it.
 */
async function openCoordinatorDatabase (url: string, logger: Logger): Promise<CoordinatorStore> {
  const { InvalidDatabaseUrlError, SchemaVersionError, openPostgresCoordinatorStore } = await import('../../rendezvous/index.js')
  try {
    const { store, migration } = await openPostgresCoordinatorStore({ url, logger: componentLogger(logger, 'rendezvous:store'), startWithoutDatabase: true })
    if (migration != null && migration.applied.length > 0) logger.info({ from: migration.from, to: migration.to }, 'coordinator database schema brought up to date')
    return store
  } catch (err: any) {
    if (err instanceof InvalidDatabaseUrlError || err instanceof SchemaVersionError) throw new StartupError(err.message)
    throw err
  }
}

/** The shortest webhook secret a rendezvous takes, in bytes. */
export const MIN_WEBHOOK_SECRET_BYTES = 16

/** The rendezvous's payout settings, with the webhook secret read from its file. */
async function payoutsInit (config: RoleConfig['rendezvous']): Promise<RendezvousPayoutsInit> {
  const rules = { thresholdMicros: config.payoutThresholdMicros, holdMs: config.payoutHoldSeconds * 1000, everyMs: config.payoutEverySeconds * 1000 }
  if (config.payoutWebhook == null) {
    if (config.payoutWebhookSecretFile != null) throw new StartupError('--payout-webhook-secret-file is only used with --payout-webhook <url>')
    return { ...rules, dir: config.payoutDir ?? join(config.dataDir, 'payouts') }
  }
  if (config.payoutDir != null) throw new StartupError('--payout-dir and --payout-webhook exclude each other: payouts go to one adapter')
  if (config.payoutWebhookSecretFile == null) throw new StartupError('--payout-webhook needs --payout-webhook-secret-file <file>: the shared secret payouts are signed with')
  let secret: Buffer
  try {
    secret = await readFile(config.payoutWebhookSecretFile)
  } catch (err: any) {
    throw new StartupError(`Cannot read the webhook secret ${config.payoutWebhookSecretFile}: ${err.code ?? err.message}`)
  }
  // a trailing newline from `echo secret > file` is not part of the secret
  let end = secret.byteLength
  if (secret[end - 1] === 0x0a) end--
  if (secret[end - 1] === 0x0d) end--
  const trimmed = secret.subarray(0, end)
  if (trimmed.byteLength < MIN_WEBHOOK_SECRET_BYTES) throw new StartupError(`The webhook secret in ${config.payoutWebhookSecretFile} is shorter than ${MIN_WEBHOOK_SECRET_BYTES} bytes`)
  return { ...rules, webhook: { url: config.payoutWebhook, secret: trimmed } }
}

/** Binds the local API's port, so the ready line can name it; the routes come after (serveApi). */
async function bindApi (config: RoleConfig['gateway']): Promise<LazyHttpServer> {
  try {
    return await LazyHttpServer.listen(config.apiPort)
  } catch (err: any) {
    throw new StartupError(err.code === 'EADDRINUSE'
      ? `Cannot start the local API on 127.0.0.1:${config.apiPort}: the port is already in use; pick another (0 picks a free one)`
      : `Cannot start the local API on 127.0.0.1:${config.apiPort}: ${err.message}`)
  }
}

/** Builds the local API (fastify and the role's routes), ready to route requests from the bound port. */
async function serveApi (node: RunningNode, config: RoleConfig['gateway'], token: string, logger: Logger): Promise<FastifyInstance> {
  const { createLocalApi } = await import('../api/server.js')
  const app = createLocalApi({ token, logger: componentLogger(logger, 'api'), role: node.role })
  if (node.gateway != null) {
    const { registerGatewayRoutes } = await import('../gateway/api.js')
    registerGatewayRoutes(app, node.gateway, node.libp2p, node.rules, node.reachability)
  }
  if (node.provider != null) {
    const { registerProviderRoutes } = await import('../provider/api.js')
    registerProviderRoutes(app, node.provider, {
      exit: node.libp2p.services.proxyServer,
      revocations: node.revocations,
      rules: node.rules,
      statements: node.libp2p.services.statementClient,
      reachability: node.reachability,
      network: { peers: () => node.libp2p.getPeers().length, rendezvous: () => node.bootstrapper.connectedPeers().map(String) },
      credentials: node.credentials
    })
  }
  if (node.rendezvous != null) {
    const { registerRendezvousRoutes } = await import('../../rendezvous/index.js')
    const { credentialKeyRotation } = await import('./credential-keys.js')
    await registerRendezvousRoutes(app, node.rendezvous, credentialKeyRotation(config.dataDir, node.rendezvous))
  }
  await app.ready()
  return app
}

async function listenOn (app: FastifyInstance, port: number, what: string): Promise<string> {
  try {
    await app.listen({ host: '127.0.0.1', port })
  } catch (err: any) {
    throw new StartupError(err.code === 'EADDRINUSE'
      ? `Cannot start the ${what} on 127.0.0.1:${port}: the port is already in use; pick another (0 picks a free one)`
      : `Cannot start the ${what} on 127.0.0.1:${port}: ${err.message}`)
  }
  const address = app.server.address()
  const actual = typeof address === 'object' && address != null ? address.port : port
  return `http://127.0.0.1:${actual}`
}

/**
 * A gateway's proxy fronts beyond loopback serve whoever reaches them, on the
 * operator's credential: they need a login per customer (--hosted) or a
 * client allowlist (--allow-clients).
 */
function checkProxyExposure (config: GatewayConfig): void {
  if (isLoopbackHost(config.proxyHost) || config.hosted || config.allowClients.length > 0) return
  throw new StartupError(`--proxy-host ${config.proxyHost} would open the proxy to every machine that can reach this one, on this gateway's credential: add --hosted (customers log in with API keys) or --allow-clients <cidr> (e.g. --allow-clients 192.168.1.0/24), or keep the default 127.0.0.1`)
}

/** The credential keeper's settings, when the node is to register. */
function identityInit (config: GatewayConfig): IdentityInit | undefined {
  if (config.enrollmentKey == null) return undefined
  if (config.trust.length === 0) {
    throw new StartupError('--enroll needs --trust <key id>: the credential signing key id `peergrid rendezvous` prints, so this node can check what it is given')
  }
  return { enrollmentKey: config.enrollmentKey, trustedKeys: new Set(config.trust), path: join(config.dataDir, CREDENTIAL_FILE_NAME) }
}

function gatewayInit (config: GatewayConfig): GatewayInit {
  return {
    hosted: config.hosted,
    ...(config.metering ? {} : { metering: false }),
    proxy: { maxTunnelsPerCustomer: config.maxTunnelsPerCustomer, customerOpenRate: openRate(config.maxCustomerOpensPerSecond), ...(config.earlyReply ? { earlyReply: true } : {}) }
  }
}

function providerInit (config: ProviderConfig): ProviderInit {
  return {
    services: config.services as ServiceName[],
    country: config.country,
    asn: config.asn,
    prices: { microsPerGib: config.priceMicrosPerGiB, microsPerCpuSecond: config.priceMicrosPerCpuSecond },
    limits: {
      maxProxyStreams: config.maxProxyStreams,
      maxBandwidthBytesPerSecond: config.maxBandwidthBytesPerSecond,
      maxJobs: config.services.includes('compute') ? config.maxJobs : 0,
      maxJobMemoryMib: config.services.includes('compute') ? config.maxJobMemoryMib : 0
    },
    jobs: {
      // a sandbox is this same program, started with the hidden command that runs jobs
      command: { modulePath: process.argv[1] as string, args: ['__sandbox'], execArgv: process.execArgv },
      maxConcurrent: config.maxJobs,
      nice: config.jobNice,
      maxMemoryBytes: config.maxJobMemoryMib * 1024 * 1024,
      maxWallMs: config.maxJobSeconds * 1000
    },
    policy: { categories: config.categories, customerAllowlist: false, blockedPorts: [], deniedDomains: [] },
    exit: { exitAllow: config.exitAllow, maxStreams: config.maxProxyStreams, maxStreamsPerCustomer: config.maxProxyStreamsPerCustomer,
      trustedKeys: new Set(config.trust),
      maxUnreceiptedBytes: config.maxUnreceiptedBytes,
      owner: { allowCustomers: config.allowCustomers, denyDestinations: config.denyDestinations, allowDestinations: config.allowDestinations },
      customerOpenRate: openRate(config.maxCustomerOpensPerSecond),
      destinationOpenRate: openRate(config.maxDestinationOpensPerSecond)
    }
  }
}

/** The ready line waits at most this long for the first reachability check (a dial-back to a NAT times out in 5 s). */
const READY_REACHABILITY_WAIT_MS = 15_000

/** The rendezvous's relay, from the operator's settings. */
function relayInit (config: RoleConfig['rendezvous']): RendezvousRelayInit {
  return {
    enabled: config.relay,
    data: config.relayData,
    maxReservations: config.relayMaxReservations,
    reservationSeconds: config.relayReservationSeconds,
    maxBytes: config.relayMaxBytes,
    maxSeconds: config.relayMaxSeconds
  }
}
