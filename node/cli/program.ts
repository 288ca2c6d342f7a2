import { Command, Option } from 'commander'
import { FLAG_KEYS, collect, collectList, integer } from './flags.js'
import type { Role } from '../daemon/start-node.js'

/** Exit code for a configuration or usage error. */
export const EXIT_USAGE = 2

/** Exit code for any other failure. */
export const EXIT_FAILURE = 1

/** Builds the `peergrid` command line. Commands load their code only when run. */
export function createProgram (): Command {
  const program = new Command('peergrid')
    .description('A peer-to-peer market for spare bandwidth and compute')
    .version(process.env.PEERGRID_VERSION ?? '0.1.0')
    .showHelpAfterError('(run with --help for usage)')

  daemonCommand(program, 'rendezvous', 'Run a rendezvous server: bootstrap peer, DHT server and coordinator of the mesh')
    .option('--api-port <port>', 'port of the operator API on 127.0.0.1 (0 = any; default 7410)', integer)
  daemonCommand(program, 'provider', 'Run a provider: advertise proxy/compute capacity to the mesh')
    .option('--country <CC>', 'ISO 3166-1 alpha-2 country of this exit, e.g. DE (required)')
    .option('--asn <number>', 'autonomous system number of this exit', integer)
    .option('--services <list>', 'services offered, comma-separated: proxy, compute (default proxy)', collectList)
    .option('--price-per-gib <micros>', 'price of proxied traffic in micro-units per GiB', integer)
    .option('--price-per-cpu-second <micros>', 'price of compute in micro-units per CPU-second', integer)
    .option('--max-proxy-streams <n>', 'concurrent proxy streams accepted', integer)
    .option('--max-proxy-streams-per-customer <n>', 'concurrent proxy streams accepted from one customer', integer)
    .option('--exit-allow <cidr>', 'let the exit reach this non-public range, e.g. 127.0.0.0/8 (local testing only; repeatable)', collect)
    .option('--max-customer-opens-per-second <n>', 'new connections per second one customer may open, bursts up to 4x (0 = no limit)', integer)
    .option('--max-destination-opens-per-second <n>', 'the same, per customer and destination host (0 = no limit)', integer)
    .option('--allow-customer <account>', 'serve only these customer accounts (repeatable)', collect)
    .option('--deny-destination <domain|cidr>', 'refuse this destination: a domain with its subdomains, or a CIDR range (repeatable)', collect)
    .option('--allow-destination <domain|cidr>', 'serve only these destinations (repeatable)', collect)
    .option('--enroll <key>', 'register at the rendezvous with this account enrollment key (from `peergrid account create`)')
    .option('--trust <key id>', 'trust credentials signed by this rendezvous key (repeatable; printed by `peergrid rendezvous`)', collect)
    .option('--max-bandwidth <bytes/s>', 'bandwidth cap in bytes per second (0 = none)', integer)
    .option('--category <name>', 'destination category opted into (repeatable)', collect)
    .option('--api-port <port>', 'port of the local API on 127.0.0.1 (0 = any)', integer)
  daemonCommand(program, 'gateway', 'Run a gateway: find providers for this machine\'s customers')
    .option('--api-port <port>', 'port of the local API on 127.0.0.1 (0 = any)', integer)
    .option('--socks-port <port>', 'SOCKS5 proxy port on 127.0.0.1 (0 = any; default 1080)', integer)
    .option('--http-proxy-port <port>', 'HTTP proxy port on 127.0.0.1 (0 = any; default 3128)', integer)
    .option('--hosted', 'serve many customers, each logging in with an API key (`peergrid account api-key`)')
    .option('--proxy-host <ip>', 'address the SOCKS5 and HTTP proxies listen on (default 127.0.0.1)')
    .option('--max-tunnels-per-customer <n>', 'hosted: most tunnels one customer holds (default 1000)', integer)
    .option('--max-customer-opens-per-second <n>', 'hosted: new connections per second one customer may open, bursts up to 4x (0 = no limit)', integer)
    .option('--enroll <key>', 'register at the rendezvous with this account enrollment key (from `peergrid account create`)')
    .option('--trust <key id>', 'trust credentials signed by this rendezvous key (repeatable; printed by `peergrid rendezvous`)', collect)

  program.command('providers')
    .description('List the providers the local gateway knows')
    .option('--json', 'print JSON instead of a table')
    .option('--service <name>', 'only providers of this service (proxy, compute)')
    .option('--country <CC>', 'only providers in this country')
    .option('--api <url>', 'the gateway API (default: the running gateway or devnet)')
    .option('--token <token>', 'the API token (default: read from the gateway\'s data dir; env PEERGRID_API_TOKEN)')
    .option('--data-dir <dir>', 'the gateway\'s data dir')
    .action(async (options) => {
      const { listProviders } = await import('./commands/providers.js')
      await listProviders(options)
    })

  program.command('log')
    .description('Show the connections the local provider\'s exit handled (its transparency log)')
    .option('--since <time>', 'from when: 30s, 10m, 2h, 3d, an ISO time or unix ms', '24h')
    .option('--limit <n>', 'most entries per provider', integer, 1_000)
    .option('--json', 'print one JSON object per line')
    .option('-f, --follow', 'keep printing connections as they finish (Ctrl-C stops)')
    .option('--api <url>', 'the provider API (default: the running provider, or every provider of the running devnet)')
    .option('--token <token>', 'the API token (default: read from the provider\'s data dir; env PEERGRID_API_TOKEN)')
    .option('--data-dir <dir>', 'the provider\'s data dir')
    .action(async (options) => {
      const { showLog } = await import('./commands/log.js')
      await showLog(options)
    })

  const account = program.command('account').description('Accounts at the running rendezvous (operator)')
  account.command('create')
    .description('Create an account and print its enrollment key (shown once)')
    .requiredOption('--role <role>', 'provider or customer')
    .option('--json', 'print JSON')
    .option('--api <url>', 'the rendezvous operator API (default: the running rendezvous or devnet)')
    .option('--token <token>', 'the admin token (default: read from the rendezvous data dir; env PEERGRID_API_TOKEN)')
    .option('--data-dir <dir>', 'the rendezvous data dir')
    .action(async (options) => {
      const { createAccount } = await import('./commands/account.js')
      await createAccount(options)
    })
  account.command('revoke <account>')
    .description('Disable an account and revoke its credentials on every provider')
    .option('--api <url>', 'the rendezvous operator API (default: the running rendezvous or devnet)')
    .option('--token <token>', 'the admin token (default: read from the rendezvous data dir; env PEERGRID_API_TOKEN)')
    .option('--data-dir <dir>', 'the rendezvous data dir')
    .action(async (id, options) => {
      const { revokeAccount } = await import('./commands/account.js')
      await revokeAccount(id, options)
    })
  account.command('api-key <account>')
    .description('Issue an API key for a customer account, for a hosted gateway\'s proxy login (shown once)')
    .option('--api <url>', 'the rendezvous operator API (default: the running rendezvous or devnet)')
    .option('--token <token>', 'the admin token (default: read from the rendezvous data dir; env PEERGRID_API_TOKEN)')
    .option('--data-dir <dir>', 'the rendezvous data dir')
    .action(async (id, options) => {
      const { createApiKey } = await import('./commands/account.js')
      await createApiKey(id, options)
    })
  account.command('list')
    .description('List the accounts')
    .option('--json', 'print JSON')
    .option('--api <url>', 'the rendezvous operator API (default: the running rendezvous or devnet)')
    .option('--token <token>', 'the admin token (default: read from the rendezvous data dir; env PEERGRID_API_TOKEN)')
    .option('--data-dir <dir>', 'the rendezvous data dir')
    .action(async (options) => {
      const { listAccounts } = await import('./commands/account.js')
      await listAccounts(options)
    })

  const rules = program.command('rules').description('The network\'s abuse rules (signed, versioned rule sets)')
  rules.command('set <file>')
    .description('Check a rules JSON file, sign it as the next version and spread it (operator)')
    .option('--api <url>', 'the rendezvous operator API (default: the running rendezvous or devnet)')
    .option('--token <token>', 'the admin token (default: read from the rendezvous data dir; env PEERGRID_API_TOKEN)')
    .option('--data-dir <dir>', 'the rendezvous data dir')
    .action(async (file, options) => {
      const { setRules } = await import('./commands/rules.js')
      await setRules(file, options)
    })
  rules.command('show')
    .description('Print the version and hash of the rule set a node holds')
    .option('--provider', 'ask the running provider (or every devnet provider) instead of the rendezvous')
    .option('--gateway', 'ask the running gateway (or the devnet\'s) instead of the rendezvous')
    .option('--json', 'print JSON')
    .option('--api <url>', 'the node API')
    .option('--token <token>', 'the API token (env PEERGRID_API_TOKEN)')
    .option('--data-dir <dir>', 'the node\'s data dir')
    .action(async (options) => {
      const { showRules } = await import('./commands/rules.js')
      await showRules(options)
    })

  program.command('devnet')
    .description('Run a whole network on this machine: a rendezvous, providers and a gateway')
    .option('--providers <n>', 'number of providers (1-20)', integer, 3)
    .option('--data-dir <dir>', 'keep the nodes\' data here (default: a temp dir removed on exit)')
    .option('--json', 'print one JSON line when ready')
    .option('--log-level <level>', 'log level of the nodes (their logs go to <data dir>/<node>/node.log)', 'info')
    .option('--exit-allow <cidr>', 'let the providers\' exits reach this non-public range, e.g. 127.0.0.0/8 to proxy to local servers (repeatable)', collect)
    .option('--socks-port <port>', 'the gateway\'s SOCKS5 port on 127.0.0.1 (default: any free port)', integer)
    .option('--http-proxy-port <port>', 'the gateway\'s HTTP proxy port on 127.0.0.1 (default: any free port)', integer)
    .action(async (options) => {
      const { runDevnet } = await import('../devnet/devnet.js')
      await runDevnet(options)
    })

  return program
}

function daemonCommand (program: Command, role: Role, description: string): Command {
  return program.command(role)
    .description(description)
    .option('--config <file>', 'JSON config file (env PEERGRID_CONFIG)')
    .option('--data-dir <dir>', `key, database and API token (default ~/.peergrid/${role})`)
    .option('--listen <multiaddr>', 'listen address (repeatable)', collect)
    .option('--announce <multiaddr>', 'address to announce instead (repeatable)', collect)
    .option('--bootstrap <multiaddr>', 'rendezvous to join, ending in /p2p/<id> (repeatable; env PEERGRID_BOOTSTRAP, comma-separated)', collect)
    .option('--metrics <port>', 'serve Prometheus metrics on 127.0.0.1:<port>/metrics', integer)
    .addOption(new Option('--log-level <level>', 'log level').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
    .option('--private-network', 'keep loopback/private addresses in discovery (devnet, LAN); default: inferred')
    .option('--no-gossip', 'leave gossipsub out; discover through the DHT only')
    .option('--max-connections <n>', 'cap on open connections', integer)
    .option('--json', 'print one JSON line when ready')
    .action(async (options, command: Command) => {
      const { runDaemon } = await import('../daemon/run.js')
      const flags: Record<string, { value: unknown, flag: string }> = {}
      for (const [name, { key, flag, transform }] of Object.entries(FLAG_KEYS)) {
        if (command.getOptionValueSource(name) !== 'cli') continue
        const value = options[name]
        flags[key] = { value: transform != null ? transform(value) : value, flag }
      }
      await runDaemon(role, { json: options.json === true, configFile: options.config, flags })
    })
}

/** Prints a failure for a person and sets the exit code; a stack only at PEERGRID_DEBUG=1. */
export function reportError (err: unknown): void {
  const error = err as Error | undefined
  process.stderr.write(`peergrid: ${error?.message ?? String(err)}\n`)
  if (process.env.PEERGRID_DEBUG === '1') process.stderr.write(`${error?.stack ?? ''}\n`)
  process.exitCode = error?.name === 'ConfigError' ? EXIT_USAGE : EXIT_FAILURE
}
