import { homedir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_MAX_TUNNELS_PER_CUSTOMER } from '../gateway/hosted/constants.js'
import { DEFAULT_RELAY_MAX_BYTES, DEFAULT_RELAY_MAX_RESERVATIONS, DEFAULT_RELAY_MAX_SECONDS, DEFAULT_RELAY_RESERVATION_SECONDS, DEFAULT_OPERATOR_FEE_PPM, DEFAULT_PAYOUT_EVERY_SECONDS, DEFAULT_PAYOUT_HOLD_SECONDS, DEFAULT_PAYOUT_THRESHOLD_MICROS } from '../../rendezvous/index.js'
import { DEFAULT_JOB_NICE, DEFAULT_MAX_CONCURRENT_JOBS } from '../provider/jobs/constants.js'
import { DEFAULT_MAX_UNRECEIPTED_BYTES, DEFAULT_MAX_PROXY_STREAMS_PER_CUSTOMER } from '../provider/exit/constants.js'
import { DEFAULT_HTTP_PROXY_PORT, DEFAULT_SOCKS_PORT } from '../gateway/proxy/constants.js'
import { DEFAULT_MAX_PROXY_STREAMS, DEFAULT_PRICE_MICROS_PER_CPU_SECOND, DEFAULT_PRICE_MICROS_PER_GIB } from '../provider/constants.js'
import type { Role } from '../daemon/start-node.js'

/** Default TCP port of a rendezvous server. */
export const DEFAULT_RENDEZVOUS_PORT = 7400

/** Default port of the rendezvous's operator API. */
export const DEFAULT_RENDEZVOUS_API_PORT = 7410

/** Default port of the gateway's local API. */
export const DEFAULT_GATEWAY_API_PORT = 7480

/** Default port of the provider's local API. */
export const DEFAULT_PROVIDER_API_PORT = 7490

/** The JSON Schema of a value (a fragment of the config schema). */
export type ValueSchema = Record<string, unknown>

/**
 * One setting, declared once. The config schema, the defaults, the
 * environment variable, the command-line option and the README's options
 * table all come from this (`npm run generate` rewrites the generated ones;
 * a test fails when they are out of date).
 */
export interface Setting {
  /** the config file key and the name everywhere else; the env var is PEERGRID_<UPPER_SNAKE_KEY> */
  key: string
  /** the command-line option: `--name <value>`, `--name` for a switch, `--no-name` for a switch that defaults on */
  flag: string
  /** what it does, as --help and the README say it */
  help: string
  /** the roles that take it */
  roles: readonly Role[]
  /** JSON Schema of the value (env and flag values are strings, coerced to it) */
  schema: ValueSchema
  /** the default, per role (and environment) when it differs; undefined: absent unless set */
  default?: unknown | ((role: Role, env: NodeJS.ProcessEnv) => unknown)
  /** roles for which it must be set */
  required?: readonly Role[]
  /** a list: the flag repeats and takes comma-separated values, the env var is comma-separated */
  list?: boolean
  /** the value is upper-cased when it comes from a flag or the environment (country codes) */
  upperCase?: boolean
}

const ALL: readonly Role[] = ['rendezvous', 'provider', 'gateway']
const NODES: readonly Role[] = ['provider', 'gateway']
const PROVIDER: readonly Role[] = ['provider']
const GATEWAY: readonly Role[] = ['gateway']
const RENDEZVOUS: readonly Role[] = ['rendezvous']
const MAX_MICROS = 1_000_000_000_000_000

const port = { type: 'integer', minimum: 0, maximum: 65535 }
const count = (max: number, min = 0): ValueSchema => ({ type: 'integer', minimum: min, maximum: max })
const micros = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }
const listOf = (items: ValueSchema, maxItems: number, extra: ValueSchema = {}): ValueSchema => ({ type: 'array', items, maxItems, ...extra })

/** Every setting of every role, in the order --help and the README list them. */
export const SETTINGS: readonly Setting[] = [
  // every daemon
  { key: 'dataDir', flag: '--data-dir <dir>', roles: ALL, help: 'key, database and API token (default ~/.peergrid/<role>; $PEERGRID_HOME moves ~/.peergrid)', schema: { type: 'string', minLength: 1 }, default: (role: Role, env: NodeJS.ProcessEnv) => join(peergridHome(env), role), required: ALL },
  { key: 'listen', flag: '--listen <multiaddr>', roles: ALL, list: true, help: 'listen address (repeatable)', schema: listOf({ type: 'string', format: 'multiaddr' }, 32, { minItems: 1 }), default: (role: Role) => [role === 'rendezvous' ? `/ip4/0.0.0.0/tcp/${DEFAULT_RENDEZVOUS_PORT}` : '/ip4/0.0.0.0/tcp/0'], required: ALL },
  { key: 'announce', flag: '--announce <multiaddr>', roles: ALL, list: true, help: 'address to announce instead of the listen addresses (repeatable)', schema: listOf({ type: 'string', format: 'multiaddr' }, 32), default: [] },
  { key: 'bootstrap', flag: '--bootstrap <multiaddr>', roles: ALL, list: true, help: 'rendezvous to join, ending in /p2p/<id> (repeatable)', schema: listOf({ type: 'string', format: 'peer-multiaddr' }, 32), default: [] },
  { key: 'apiPort', flag: '--api-port <port>', roles: ALL, help: 'port of the local API on 127.0.0.1 (a rendezvous\'s operator API); 0 picks a free one', schema: port, default: (role: Role) => ({ rendezvous: DEFAULT_RENDEZVOUS_API_PORT, provider: DEFAULT_PROVIDER_API_PORT, gateway: DEFAULT_GATEWAY_API_PORT })[role] },
  { key: 'metricsPort', flag: '--metrics <port>', roles: ALL, help: 'serve Prometheus metrics on 127.0.0.1:<port>/metrics', schema: port },
  { key: 'logLevel', flag: '--log-level <level>', roles: ALL, help: 'pino JSON logs on stderr at this level', schema: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] }, default: 'info', required: ALL },
  { key: 'privateNetwork', flag: '--private-network', roles: ALL, help: 'keep loopback/private addresses in discovery (devnet, LAN); default: inferred from the addresses', schema: { type: 'boolean' } },
  { key: 'gossip', flag: '--no-gossip', roles: ALL, help: 'leave gossipsub out; discover through the DHT only', schema: { type: 'boolean' }, default: true, required: ALL },
  { key: 'maxConnections', flag: '--max-connections <n>', roles: ALL, help: 'cap on open connections', schema: count(100_000, 1) },
  // rendezvous
  { key: 'database', flag: '--database <url>', roles: RENDEZVOUS, help: 'keep the coordinator\'s books in this PostgreSQL database, shared by every rendezvous given it (postgres://user@host:5432/peergrid; the password is best left to PGPASSWORD or ~/.pgpass); default: the LevelDB in the data dir', schema: { type: 'string', pattern: '^postgres(ql)?://', maxLength: 2048 } },
  { key: 'operatorFeePpm', flag: '--operator-fee-ppm <ppm>', roles: RENDEZVOUS, help: 'the operator\'s share of what customers pay, in parts per million (100000 = 10%)', schema: count(1_000_000), default: DEFAULT_OPERATOR_FEE_PPM },
  { key: 'payoutThresholdMicros', flag: '--payout-threshold <micros>', roles: RENDEZVOUS, help: 'pay a provider once its payable earnings reach this many micro-units', schema: count(MAX_MICROS, 1), default: DEFAULT_PAYOUT_THRESHOLD_MICROS },
  { key: 'payoutHoldSeconds', flag: '--payout-hold <seconds>', roles: RENDEZVOUS, help: 'hold earnings this long after they are booked before paying them out (counted in whole hours; 0 = no hold)', schema: count(366 * 86_400), default: DEFAULT_PAYOUT_HOLD_SECONDS },
  { key: 'payoutEverySeconds', flag: '--payout-every <seconds>', roles: RENDEZVOUS, help: 'run payouts this often, counted from the last run (0 = only on `peergrid payouts run`)', schema: count(366 * 86_400), default: DEFAULT_PAYOUT_EVERY_SECONDS },
  { key: 'payoutDir', flag: '--payout-dir <dir>', roles: RENDEZVOUS, help: 'write each payout run as signed CSV and JSON files here (default <data dir>/payouts; unused with --payout-webhook)', schema: { type: 'string', minLength: 1 } },
  { key: 'payoutWebhook', flag: '--payout-webhook <url>', roles: RENDEZVOUS, help: 'POST each payout to this URL instead, signed with HMAC-SHA256 (needs --payout-webhook-secret-file)', schema: { type: 'string', format: 'http-url' } },
  { key: 'payoutWebhookSecretFile', flag: '--payout-webhook-secret-file <file>', roles: RENDEZVOUS, help: 'file holding the webhook\'s shared HMAC secret (at least 16 bytes)', schema: { type: 'string', minLength: 1 } },
  { key: 'relay', flag: '--no-relay', roles: RENDEZVOUS, help: 'run no circuit relay (nodes behind NATs then cannot be reached through this rendezvous)', schema: { type: 'boolean' }, default: true, required: RENDEZVOUS },
  { key: 'relayData', flag: '--relay-data', roles: RENDEZVOUS, help: 'let proxy and job traffic flow through the relay (default: signalling only, enough to punch holes)', schema: { type: 'boolean' }, default: false, required: RENDEZVOUS },
  { key: 'relayMaxReservations', flag: '--relay-max-reservations <n>', roles: RENDEZVOUS, help: 'nodes that may hold a relay reservation at once (one each)', schema: count(1_000_000, 1), default: DEFAULT_RELAY_MAX_RESERVATIONS, required: RENDEZVOUS },
  { key: 'relayReservationSeconds', flag: '--relay-reservation-seconds <s>', roles: RENDEZVOUS, help: 'how long a reservation lasts before the node must renew it (at least 60: the node renews 30 s in at the earliest)', schema: count(86_400, 60), default: DEFAULT_RELAY_RESERVATION_SECONDS, required: RENDEZVOUS },
  { key: 'relayMaxBytes', flag: '--relay-max-bytes <bytes>', roles: RENDEZVOUS, help: 'with --relay-data: bytes one relayed connection may carry before it is cut', schema: count(Number.MAX_SAFE_INTEGER, 1), default: DEFAULT_RELAY_MAX_BYTES, required: RENDEZVOUS },
  { key: 'relayMaxSeconds', flag: '--relay-max-seconds <s>', roles: RENDEZVOUS, help: 'with --relay-data: how long one relayed connection may last', schema: count(86_400, 1), default: DEFAULT_RELAY_MAX_SECONDS, required: RENDEZVOUS },
  // identity: providers and gateways
  { key: 'upnp', flag: '--upnp', roles: NODES, help: 'ask the home router (UPnP IGD or NAT-PMP) to forward the listening port, so others can dial this node directly; off by default', schema: { type: 'boolean' }, default: false, required: NODES },
  { key: 'enrollmentKey', flag: '--enroll <key>', roles: NODES, help: 'register at the rendezvous with this account enrollment key (from `peergrid account create`)', schema: { type: 'string', minLength: 1, maxLength: 128 } },
  { key: 'trust', flag: '--trust <key id>', roles: NODES, list: true, help: 'trust credentials signed by this rendezvous key (repeatable; `peergrid rendezvous` prints it)', schema: listOf({ type: 'string', format: 'key-id' }, 8), default: [] },
  // provider
  { key: 'country', flag: '--country <CC>', roles: PROVIDER, upperCase: true, help: 'ISO 3166-1 alpha-2 country of this exit, e.g. DE', schema: { type: 'string', format: 'country' }, required: PROVIDER },
  { key: 'asn', flag: '--asn <number>', roles: PROVIDER, help: 'autonomous system number of this exit (0 = unknown)', schema: count(4_294_967_295), default: 0 },
  { key: 'services', flag: '--services <list>', roles: PROVIDER, list: true, help: 'services offered: proxy, compute', schema: listOf({ enum: ['proxy', 'compute'] }, 2, { minItems: 1, uniqueItems: true }), default: ['proxy'] },
  { key: 'priceMicrosPerGiB', flag: '--price-per-gib <micros>', roles: PROVIDER, help: 'price of proxied traffic in micro-units per GiB', schema: micros, default: DEFAULT_PRICE_MICROS_PER_GIB },
  { key: 'priceMicrosPerCpuSecond', flag: '--price-per-cpu-second <micros>', roles: PROVIDER, help: 'price of compute in micro-units per CPU-second', schema: micros, default: DEFAULT_PRICE_MICROS_PER_CPU_SECOND },
  { key: 'maxProxyStreams', flag: '--max-proxy-streams <n>', roles: PROVIDER, help: 'concurrent proxy streams the exit accepts', schema: count(1_000_000), default: DEFAULT_MAX_PROXY_STREAMS },
  { key: 'maxProxyStreamsPerCustomer', flag: '--max-proxy-streams-per-customer <n>', roles: PROVIDER, help: 'concurrent proxy streams the exit accepts from one customer', schema: count(1_000_000, 1), default: DEFAULT_MAX_PROXY_STREAMS_PER_CUSTOMER },
  { key: 'maxBandwidthBytesPerSecond', flag: '--max-bandwidth <bytes/s>', roles: PROVIDER, help: 'bandwidth cap in bytes per second, stated in the capability record (0 = none)', schema: micros, default: 0 },
  { key: 'maxCustomerOpensPerSecond', flag: '--max-customer-opens-per-second <n>', roles: ['provider', 'gateway'], help: 'new connections per second one customer may open, bursts up to 4x (0 = no limit; on a gateway: each hosted customer)', schema: count(100_000), default: 0 },
  { key: 'maxDestinationOpensPerSecond', flag: '--max-destination-opens-per-second <n>', roles: PROVIDER, help: 'the same, per customer and destination host (0 = no limit)', schema: count(100_000), default: 0 },
  { key: 'categories', flag: '--category <name>', roles: PROVIDER, list: true, help: 'a rule set category whose destinations this exit serves (opt-in; repeatable)', schema: listOf({ type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,31}$' }, 16, { uniqueItems: true }), default: [] },
  { key: 'allowCustomers', flag: '--allow-customer <account>', roles: PROVIDER, list: true, help: 'serve only these customer accounts (repeatable)', schema: listOf({ type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' }, 10_000), default: [] },
  { key: 'denyDestinations', flag: '--deny-destination <domain|cidr>', roles: PROVIDER, list: true, help: 'refuse this destination: a domain with its subdomains, or a CIDR range (repeatable)', schema: listOf({ type: 'string', format: 'destination-pattern' }, 10_000), default: [] },
  { key: 'allowDestinations', flag: '--allow-destination <domain|cidr>', roles: PROVIDER, list: true, help: 'serve only these destinations (repeatable)', schema: listOf({ type: 'string', format: 'destination-pattern' }, 10_000), default: [] },
  { key: 'maxJobs', flag: '--max-jobs <n>', roles: PROVIDER, help: 'compute: jobs run at once, one sandbox process each', schema: count(64, 1), default: DEFAULT_MAX_CONCURRENT_JOBS },
  { key: 'maxJobMemoryMib', flag: '--max-job-memory <MiB>', roles: PROVIDER, help: 'compute: the most memory one job may use', schema: count(4096, 1), default: 256 },
  { key: 'maxJobSeconds', flag: '--max-job-seconds <s>', roles: PROVIDER, help: 'compute: the most wall time one job may run', schema: count(86_400, 1), default: 60 },
  { key: 'jobNice', flag: '--job-nice <0-19>', roles: PROVIDER, help: 'compute: niceness of the sandbox processes, so the proxy keeps its speed', schema: count(19), default: DEFAULT_JOB_NICE },
  { key: 'maxUnreceiptedBytes', flag: '--max-unreceipted-bytes <bytes>', roles: PROVIDER, help: 'a customer\'s traffic not yet covered by a receipt, past which the exit stops relaying for it: the most a customer who stops paying costs', schema: count(1_099_511_627_776, 65_536), default: DEFAULT_MAX_UNRECEIPTED_BYTES },
  { key: 'exitAllow', flag: '--exit-allow <cidr>', roles: PROVIDER, list: true, help: 'let the exit reach this non-public range, e.g. 127.0.0.0/8 (local testing only; repeatable)', schema: listOf({ type: 'string', format: 'cidr' }, 64), default: [] },
  // gateway
  { key: 'socksPort', flag: '--socks-port <port>', roles: GATEWAY, help: 'SOCKS5 proxy port; 0 picks a free one', schema: port, default: DEFAULT_SOCKS_PORT },
  { key: 'httpProxyPort', flag: '--http-proxy-port <port>', roles: GATEWAY, help: 'HTTP proxy port; 0 picks a free one', schema: port, default: DEFAULT_HTTP_PROXY_PORT },
  { key: 'proxyHost', flag: '--proxy-host <ip>', roles: GATEWAY, help: 'address the SOCKS5 and HTTP proxies listen on; beyond loopback it needs --hosted or --allow-clients', schema: { type: 'string', format: 'ip' }, default: '127.0.0.1' },
  { key: 'allowClients', flag: '--allow-clients <cidr>', roles: GATEWAY, list: true, help: 'without --hosted, serve clients in this range besides loopback (repeatable)', schema: listOf({ type: 'string', format: 'cidr' }, 64), default: [] },
  { key: 'hosted', flag: '--hosted', roles: GATEWAY, help: 'serve many customers, each logging in with an API key (`peergrid account api-key`)', schema: { type: 'boolean' }, default: false },
  { key: 'metering', flag: '--no-metering', roles: GATEWAY, help: 'sign no receipts: exits stop relaying for this gateway after their unreceipted bound (to measure what metering costs, against exits started with a large --max-unreceipted-bytes)', schema: { type: 'boolean' }, default: true, required: GATEWAY },
  { key: 'maxTunnelsPerCustomer', flag: '--max-tunnels-per-customer <n>', roles: GATEWAY, help: 'hosted: most tunnels one customer holds', schema: count(1_000_000, 1), default: DEFAULT_MAX_TUNNELS_PER_CUSTOMER },
  { key: 'readyStreams', flag: '--no-ready-streams', roles: GATEWAY, help: 'keep one proxy stream open to the provider last used, for 3 s, so the next connection to it skips setting a stream up (about 1.5 ms less to its first byte on loopback); off: every connection opens its own', schema: { type: 'boolean' }, default: true, required: GATEWAY },
  { key: 'earlyReply', flag: '--early-reply', roles: GATEWAY, help: 'tell a client its tunnel is open before the exit answers: a round trip less to the first byte, but a refused connection is closed rather than answered with a SOCKS5 reply or HTTP status, and no other provider is tried', schema: { type: 'boolean' }, default: false }
]

/** The settings a role takes. */
export function settingsOf (role: Role): Setting[] {
  return SETTINGS.filter(setting => setting.roles.includes(role))
}

/** The environment variable of a config key: dataDir → PEERGRID_DATA_DIR. */
export function envName (key: string): string {
  return `PEERGRID_${key.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`
}

/** The default of a setting for a role, if it has one. */
export function defaultOf (setting: Setting, role: Role, env: NodeJS.ProcessEnv = process.env): unknown {
  return typeof setting.default === 'function' ? (setting.default as (role: Role, env: NodeJS.ProcessEnv) => unknown)(role, env) : setting.default
}

/** Where peergrid keeps its state: $PEERGRID_HOME or ~/.peergrid. */
export function peergridHome (env: NodeJS.ProcessEnv = process.env): string {
  return env.PEERGRID_HOME != null && env.PEERGRID_HOME !== '' ? env.PEERGRID_HOME : join(homedir(), '.peergrid')
}
