import { InvalidArgumentError, Option } from 'commander'
import { integer } from './flags.js'
import type { Command } from 'commander'

const API_HELP = 'the provider API (default: the running provider, or every provider of the running devnet)'
const TOKEN_HELP = 'the API token (default: read from the provider\'s data dir; env PEERGRID_API_TOKEN)'

/** The --api, --token, --data-dir and --json options of every owner command. */
function target (command: Command): Command {
  return command
    .option('--json', 'print one JSON object per provider')
    .option('--api <url>', API_HELP)
    .option('--token <token>', TOKEN_HELP)
    .option('--data-dir <dir>', 'the provider\'s data dir')
}

function percent (value: string): number {
  const n = integer(value)
  if (n < 1 || n > 100) throw new InvalidArgumentError('must be a percentage from 1 to 100')
  return n
}

function load (value: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a load per CPU above 0, e.g. 0.5')
  return n
}

/** The provider owner's commands: pause, resume, policy, block, unblock; and dashboard for every node. */
export function ownerCommands (program: Command): void {
  target(program.command('pause').description('Stop serving now: the running provider (or every devnet provider) refuses new connections and jobs, ends open connections and tells gateways'))
    .action(async (options) => {
      const { setPaused } = await import('./commands/owner.js')
      await setPaused(true, options)
    })
  target(program.command('resume').description('Serve again after `peergrid pause`'))
    .action(async (options) => {
      const { setPaused } = await import('./commands/owner.js')
      await setPaused(false, options)
    })

  const policy = target(program.command('policy').description('Show the provider owner\'s settings, this month\'s bytes, and whether it serves now and why'))
    .action(async (options) => {
      const { showPolicy } = await import('./commands/owner.js')
      await showPolicy(options)
    })
  target(policy.command('set').description('Change the owner\'s settings on the running provider, at once and kept over restarts'))
    .option('--data-cap <size>', 'bytes served per calendar month (in the schedule\'s time zone), e.g. 100GB; 0 = none')
    .option('--bandwidth <size>', 'bytes per second across every connection, e.g. 2MB; 0 = no limit')
    .option('--schedule <spec>', 'serve only then: "<time zone> <days> <HH:MM>-<HH:MM>[; ...]", e.g. "Europe/Berlin mon-fri 18:00-08:00; sat,sun 00:00-24:00"')
    .option('--no-schedule', 'serve at any time')
    .option('--idle <load>', 'serve only while the machine\'s 1-minute load per CPU is below this, e.g. 0.5', load)
    .option('--no-idle', 'serve however busy the machine is')
    .option('--job-cpu <percent>', 'share of the CPUs jobs may use at once', percent)
    .option('--job-memory <percent>', 'share of the memory running jobs may hold together', percent)
    .option('--json-patch <json>', 'any settings as JSON, e.g. \'{"denyDestinations": ["example.com"]}\' (the API\'s PUT /api/policy body)')
    .action(async (options, command: Command) => {
      const { setPolicy } = await import('./commands/owner.js')
      const values = { ...command.optsWithGlobals(), ...options }
      // --no-schedule and --no-idle are false only when given
      if (command.getOptionValueSource('schedule') == null) delete values.schedule
      if (command.getOptionValueSource('idle') == null) delete values.idle
      await setPolicy({ ...values, patch: values.jsonPatch })
    })

  for (const [name, block] of [['block', true], ['unblock', false]] as const) {
    target(program.command(name).description(block ? 'Refuse a destination (domain with its subdomains, or CIDR range) or a customer (account or peer id) from now on' : 'Undo `peergrid block`'))
      .option('--destination <domain|cidr>', 'a destination')
      .option('--customer <account|peer id>', 'a customer')
      .action(async (options) => {
        const { setBlocked } = await import('./commands/owner.js')
        await setBlocked(block, options)
      })
  }

  program.command('dashboard')
    .description('Print a one-time login link to the dashboard of each running node (provider, gateway, rendezvous; every node of the devnet)')
    .addOption(new Option('--node <kind>', 'only this kind of node').choices(['provider', 'gateway', 'rendezvous']))
    .option('--open', 'open the first link in the desktop\'s browser')
    .option('--json', 'print one JSON object per node')
    .option('--api <url>', 'a node\'s API (default: every running node found)')
    .option('--token <token>', 'the API token (default: read from the node\'s data dir; env PEERGRID_API_TOKEN)')
    .option('--data-dir <dir>', 'a node\'s data dir')
    .action(async (options) => {
      const { openDashboard } = await import('./commands/dashboard.js')
      await openDashboard(options)
    })
}
