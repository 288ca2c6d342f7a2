import { Command, Option } from 'commander'
import { defaultOf, envName, settingsOf } from '../config/settings.js'
import { collect, collectList, integer } from './flags.js'
import { ownerCommands } from './program-owner.js'
import type { Setting } from '../config/settings.js'
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
    // options after a subcommand are that subcommand's (`rendezvous migrate` has a --database of its own)
    .enablePositionalOptions()

  const rendezvous = daemonCommand(program, 'rendezvous', 'Run a rendezvous server: bootstrap peer, DHT server and coordinator of the mesh')
  rendezvous.enablePositionalOptions()
  rendezvous.command('migrate')
    .description('Bring the PostgreSQL schema of the coordinator\'s books up to date (every rendezvous also does at start); --copy-from moves a stopped rendezvous\'s LevelDB books into a fresh database')
    .option('--database <url>', 'the PostgreSQL database: postgres://user@host:5432/peergrid (env PEERGRID_DATABASE; the password is best left to PGPASSWORD or ~/.pgpass)')
    .option('--copy-from <data dir>', 'copy the books of this rendezvous data dir (stopped) into the database, which must hold none yet')
    .option('--json', 'print JSON')
    .action(async (options) => {
      const { migrateDatabase } = await import('./commands/migrate.js')
      await migrateDatabase(options)
    })
  daemonCommand(program, 'provider', 'Run a provider: advertise proxy/compute capacity to the mesh')
  daemonCommand(program, 'gateway', 'Run a gateway: find providers for this machine\'s customers')

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

  program.command('status')
    .description('A summary of the running provider (or of every devnet provider): what it offers, how it is reached, what it serves and earned')
    .option('--json', 'print one JSON object per provider')
    .option('--api <url>', 'the provider API (default: the running provider or the devnet\'s)')
    .option('--token <token>', 'the API token (default: read from the provider\'s data dir; env PEERGRID_API_TOKEN)')
    .option('--data-dir <dir>', 'the provider\'s data dir')
    .action(async (options) => {
      const { showStatus } = await import('./commands/status.js')
      await showStatus(options)
    })

  ownerCommands(program)

  program.command('earnings')
    .description('What the running provider\'s (or every devnet provider\'s) metered connections earned, by customer account')
    .option('--since <time>', 'from 30s, 10m, 2h, 3d ago, an ISO time or unix ms (default 24h)')
    .option('--verify', 'put the exit\'s own counters beside the rendezvous\'s books, session by session, and list every difference (exit 1 if any)')
    .option('--all', 'with --verify: list every session, not only those that differ or wait')
    .option('--json', 'print JSON')
    .option('--api <url>', 'the provider API (default: the running provider or the devnet\'s)')
    .option('--token <token>', 'the API token (default: read from the provider\'s data dir; env PEERGRID_API_TOKEN)')
    .option('--data-dir <dir>', 'the provider\'s data dir')
    .action(async (options) => {
      const { showEarnings } = await import('./commands/earnings.js')
      await showEarnings(options)
    })

  program.command('usage')
    .description('What the running gateway\'s (or the devnet\'s) metered sessions cost, as the exits counter-signed it')
    .option('--json', 'print JSON')
    .option('--api <url>', 'the gateway API (default: the running gateway or devnet)')
    .option('--token <token>', 'the API token (default: read from the gateway\'s data dir; env PEERGRID_API_TOKEN)')
    .option('--data-dir <dir>', 'the gateway\'s data dir')
    .action(async (options) => {
      const { showUsage } = await import('./commands/usage.js')
      await showUsage(options)
    })

  const account = program.command('account').description('Accounts at the running rendezvous (operator)')
  account.command('create')
    .description('Create an account and print its enrollment key (shown once)')
    .requiredOption('--role <role>', 'provider or customer')
    .option('--hosted', 'a customer account for a hosted gateway (peergrid gateway --hosted): it may sign receipts for the customers who log in to it')
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

  account.command('credit <account> <amount>')
    .description('Add prepaid credit to a customer account: AMOUNT in micro-units (1 unit = 1000000), booked once per reference')
    .option('--reference <ref>', 'the payment or invoice this credit is for (required; the same reference is never booked twice)')
    .option('--json', 'print JSON')
    .option('--api <url>', 'the rendezvous operator API (default: the running rendezvous or devnet)')
    .option('--token <token>', 'the admin token (default: read from the rendezvous data dir; env PEERGRID_API_TOKEN)')
    .option('--data-dir <dir>', 'the rendezvous data dir')
    .action(async (id, amount, options) => {
      const { creditAccount } = await import('./commands/ledger.js')
      await creditAccount(id, amount, options)
    })

  program.command('ledger')
    .description('The rendezvous\'s books: balances, the journal (--journal), or the proof that they add up (--check) (operator)')
    .option('--check', 'replay the journal: every transaction sums to zero, every balance is explained, all balances sum to zero (exit 1 if not)')
    .option('--journal', 'list transactions in booking order')
    .option('--after <seq>', 'with --journal: start after this position')
    .option('--limit <n>', 'with --journal: at most this many transactions (≤ 1000)')
    .option('--csv', 'print CSV (balances or journal)')
    .option('--json', 'print JSON')
    .option('--api <url>', 'the rendezvous operator API (default: the running rendezvous or devnet)')
    .option('--token <token>', 'the admin token (default: read from the rendezvous data dir; env PEERGRID_API_TOKEN)')
    .option('--data-dir <dir>', 'the rendezvous data dir')
    .action(async (options) => {
      const { showLedger } = await import('./commands/ledger.js')
      await showLedger(options)
    })

  const job = program.command('job').description('Compute jobs: WebAssembly (WASI preview 1) modules run on providers')
  job.command('run <module> [args...]')
    .description('Run a .wasm module on a provider through the local gateway, and print what it wrote (exit code: the job\'s)')
    .option('--stdin <file>', 'the job\'s stdin')
    .option('--file <name=path>', 'a file the job finds under / (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--mem <size>', 'memory limit, e.g. 64MiB (default 64MiB)')
    .option('--timeout <duration>', 'wall-time limit, e.g. 10s (default 10s)')
    .option('--country <CC>', 'only providers in this country')
    .option('--replicas <n>', 'run on n different providers and check that their outputs agree')
    .option('--out <dir>', 'where output files go (default ./job-<id>)')
    .option('--json', 'print the job as JSON (outputs base64)')
    .option('--api <url>', 'the gateway API (default: the running gateway or devnet)')
    .option('--token <token>', 'the API token (default: read from the gateway\'s data dir; env PEERGRID_API_TOKEN)')
    .option('--data-dir <dir>', 'the gateway\'s data dir')
    .action(async (module, args, options) => {
      const { runJobCommand } = await import('./commands/job.js')
      await runJobCommand(module, args, options)
    })

  const workflow = program.command('workflow').description('Workflows: DAGs of transforms, WebAssembly jobs on providers and fetches through the proxy mesh')
  workflow.command('validate <flow>')
    .description('Check a workflow document here (no gateway needed): each problem with its node and path')
    .action(async (flow) => {
      const { validateWorkflowCommand } = await import('./commands/workflow.js')
      await validateWorkflowCommand(flow)
    })
  const gatewayApiOptions = (command: any): any => command
    .option('--api <url>', 'the gateway API (default: the running gateway or devnet)')
    .option('--token <token>', 'the API token (default: read from the gateway\'s data dir; env PEERGRID_API_TOKEN)')
    .option('--data-dir <dir>', 'the gateway\'s data dir')
  gatewayApiOptions(workflow.command('run <flow>')
    .description('Run a workflow on the local gateway and print its output')
    .option('--input <file>', 'the workflow\'s input (JSON)')
    .option('--module <file>', 'a .wasm module the workflow names by sha-256 (repeatable; the gateway keeps it for later runs)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--verify <n>', 'run every job on n different providers and accept only outputs that agree')
    .option('--json', 'print the run as JSON'))
    .action(async (flow: string, options: any) => {
      const { runWorkflowCommand } = await import('./commands/workflow.js')
      await runWorkflowCommand(flow, options)
    })
  gatewayApiOptions(workflow.command('history <id>')
    .description('A run\'s history: every node\'s record, in plan order')
    .option('--json', 'print it as JSON'))
    .action(async (id: string, options: any) => {
      const { workflowHistoryCommand } = await import('./commands/workflow.js')
      await workflowHistoryCommand(id, options)
    })

  // a provider's sandbox process (started by the provider itself, never by hand)
  program.command('__sandbox', { hidden: true })
    .action(async () => {
      const { runSandboxProcess } = await import('../provider/jobs/child.js')
      runSandboxProcess()
    })

  const payouts = program.command('payouts').description('Payouts of providers\' earnings (operator)')
  const rendezvousTarget = (command: ReturnType<typeof program.command>): typeof command => command
    .option('--api <url>', 'the rendezvous operator API (default: the running rendezvous or devnet)')
    .option('--token <token>', 'the admin token (default: read from the rendezvous data dir; env PEERGRID_API_TOKEN)')
    .option('--data-dir <dir>', 'the rendezvous data dir')
  rendezvousTarget(payouts.command('list', { isDefault: true })
    .description('Payouts, newest first')
    .option('--account <id>', 'only this provider account\'s')
    .option('--state <state>', 'only in-transit, settled or returned ones')
    .option('--limit <n>', 'at most this many (≤ 1000)')
    .option('--json', 'print JSON'))
    .action(async (options) => {
      const { listPayouts } = await import('./commands/payouts.js')
      await listPayouts(options)
    })
  rendezvousTarget(payouts.command('due')
    .description('Each provider\'s earnings, what the hold period keeps back, and what a run would pay now')
    .option('--json', 'print JSON'))
    .action(async (options) => {
      const { showDue } = await import('./commands/payouts.js')
      await showDue(options)
    })
  rendezvousTarget(payouts.command('run')
    .description('Run payouts now: deliver what is in transit, then pay every provider that is due (exit 1 if some stay in transit)')
    .option('--json', 'print JSON'))
    .action(async (options) => {
      const { runPayouts } = await import('./commands/payouts.js')
      await runPayouts(options)
    })
  payouts.command('verify <file>')
    .description('Check a payout file (CSV or JSON) against its .sig and show what it pays')
    .option('--trust <key id>', 'the rendezvous credential key id it must be signed by (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--json', 'print JSON')
    .action(async (file, options) => {
      const { verifyFile } = await import('./commands/payouts.js')
      await verifyFile(file, options)
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

  program.command('simulate')
    .description('Simulate a whole network and its market from a scenario file (scenarios/*.json): writes report.json and report.html')
    .argument('<scenario>', 'the scenario file (JSON)')
    .option('--out <dir>', 'where to write report.json and report.html', 'report')
    .option('--json', 'also print report.json')
    .addOption(new Option('--tier <tier>', 'model: the discrete-event model (any size, fast, the same seed gives the same report); real: real nodes on simulated links in real time (up to 300 nodes; about 100 settle on 2 cores)').choices(['model', 'real']).default('model'))
    .action(async (file: string, options) => {
      const { runSimulation } = await import('./commands/simulate.js')
      await runSimulation(file, options)
    })

  return program
}

/** A daemon command, with one option per setting of its role (node/config/settings.ts). */
function daemonCommand (program: Command, role: Role, description: string): Command {
  const command = program.command(role)
    .description(description)
    .option('--config <file>', 'JSON config file of settings (env PEERGRID_CONFIG)')
    .option('--json', 'print one JSON line when ready')
  const options = settingsOf(role).map(setting => {
    const option = settingOption(setting, role)
    command.addOption(option)
    return { setting, name: option.attributeName() }
  })
  return command.action(async (values, cmd: Command) => {
    const { runDaemon } = await import('../daemon/run.js')
    const flags: Record<string, { value: unknown, flag: string }> = {}
    for (const { setting, name } of options) {
      if (cmd.getOptionValueSource(name) !== 'cli') continue
      flags[setting.key] = { value: values[name], flag: setting.flag.split(' ')[0]! }
    }
    await runDaemon(role, { json: values.json === true, configFile: values.config, flags })
  })
}

/** The command-line option of a setting: its parser from the schema, its default in the help. */
function settingOption (setting: Setting, role: Role): Option {
  const fallback = defaultOf(setting, role, {})
  const shown = fallback === undefined || typeof fallback === 'boolean' || setting.key === 'dataDir' ? '' : ` (default ${Array.isArray(fallback) ? fallback.join(', ') || 'none' : String(fallback)})`
  const option = new Option(setting.flag, `${setting.help}${shown}; env ${envName(setting.key)}`)
  const schema = setting.schema
  if (setting.list === true) option.argParser(collectList)
  else if (schema.type === 'integer') option.argParser(integer)
  else if (Array.isArray(schema.enum)) option.choices(schema.enum as string[])
  return option
}

/** Prints a failure for a person and sets the exit code; a stack only at PEERGRID_DEBUG=1. */
export function reportError (err: unknown): void {
  const error = err as Error | undefined
  process.stderr.write(`peergrid: ${error?.message ?? String(err)}\n`)
  if (process.env.PEERGRID_DEBUG === '1') process.stderr.write(`${error?.stack ?? ''}\n`)
  process.exitCode = error?.name === 'ConfigError' ? EXIT_USAGE : EXIT_FAILURE
}
