import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { peergrid, stop, whenOutput } from './processes.js'
import { ms, percentile } from './stats.js'
import type { Figure } from './stats.js'

/**
 * Cold start of the bundled CLI: a rendezvous to its ready line (libp2p
 * listening), and a provider to its first bootstrap connection. Baseline: a
 * bare `node -e` to its first output, in the same run. The CLI runs from a
 * V8 code cache that its first run writes (see bin/peergrid.js): the first
 * start of each role runs without one, in a cache directory of its own, and is
 * reported apart.
 */
export async function coldStart (runs: number): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'peergrid-bench-cold-'))
  const env = { PEERGRID_CODE_CACHE_DIR: join(dir, 'code-cache') }
  try {
    const bare: number[] = []
    const listening: number[] = []
    const bootstrapped: number[] = []
    // run 0 finds no code cache and writes one as it stops
    for (let i = 0; i <= runs; i++) {
      let t0 = performance.now()
      const node = spawn(process.execPath, ['-e', 'process.stdout.write("ready\\n")'], { stdio: ['ignore', 'pipe', 'ignore'] })
      bare.push(await whenOutput(node, 'stdout', /ready/) - t0)

      t0 = performance.now()
      const rendezvous = peergrid(['rendezvous', '--json', '--listen', '/ip4/127.0.0.1/tcp/0', '--api-port', '0', '--data-dir', join(dir, 'rv'), '--log-level', 'warn'], env)
      let line = ''
      rendezvous.stdout?.on('data', (d: Buffer) => { line += d.toString() })
      listening.push(await whenOutput(rendezvous, 'stdout', /\n/) - t0)
      const bootstrap = JSON.parse(line).multiaddrs[0] as string

      t0 = performance.now()
      const provider = peergrid(['provider', '--country', 'DE', '--bootstrap', bootstrap, '--listen', '/ip4/127.0.0.1/tcp/0', '--api-port', '0', '--data-dir', join(dir, 'p')], env)
      bootstrapped.push(await whenOutput(provider, 'stderr', /connected to bootstrap peer/) - t0)
      await Promise.all([stop(provider), stop(rendezvous)])
    }
    const [firstListening, firstBootstrapped] = [listening.shift() as number, bootstrapped.shift() as number]
    bare.shift()
    const bareP50 = percentile(bare, 50)
    const ratio = (value: number): string => `${(value / bareP50).toFixed(1)}x`
    return [
      { what: `bare node -e, first output (p50 of ${runs})`, value: ms(bareP50) },
      { what: 'rendezvous to listening (p50)', value: ms(percentile(listening, 50)), baseline: ms(bareP50), ratio: ratio(percentile(listening, 50)), goal: '≤ 200 ms' },
      { what: 'rendezvous to listening (p90)', value: ms(percentile(listening, 90)) },
      { what: 'rendezvous to listening, first run after a build (no code cache yet)', value: ms(firstListening), baseline: ms(bareP50), ratio: ratio(firstListening) },
      { what: 'provider to first bootstrap connection (p50)', value: ms(percentile(bootstrapped, 50)), baseline: ms(bareP50), ratio: ratio(percentile(bootstrapped, 50)) },
      { what: 'provider to first bootstrap connection (p90)', value: ms(percentile(bootstrapped, 90)) },
      { what: 'provider to first bootstrap connection, first run (no code cache yet)', value: ms(firstBootstrapped), baseline: ms(bareP50), ratio: ratio(firstBootstrapped) }
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
