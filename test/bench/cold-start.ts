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
 * bare `node -e` to its first output, in the same run.
 */
export async function coldStart (runs: number): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'peergrid-bench-cold-'))
  try {
    const bare: number[] = []
    const listening: number[] = []
    const bootstrapped: number[] = []
    for (let i = 0; i < runs; i++) {
      let t0 = performance.now()
      const node = spawn(process.execPath, ['-e', 'process.stdout.write("ready\\n")'], { stdio: ['ignore', 'pipe', 'ignore'] })
      bare.push(await whenOutput(node, 'stdout', /ready/) - t0)

      t0 = performance.now()
      const rendezvous = peergrid(['rendezvous', '--json', '--listen', '/ip4/127.0.0.1/tcp/0', '--api-port', '0', '--data-dir', join(dir, 'rv'), '--log-level', 'warn'])
      let line = ''
      rendezvous.stdout?.on('data', (d: Buffer) => { line += d.toString() })
      listening.push(await whenOutput(rendezvous, 'stdout', /\n/) - t0)
      const bootstrap = JSON.parse(line).multiaddrs[0] as string

      t0 = performance.now()
      const provider = peergrid(['provider', '--country', 'DE', '--bootstrap', bootstrap, '--listen', '/ip4/127.0.0.1/tcp/0', '--api-port', '0', '--data-dir', join(dir, 'p')])
      bootstrapped.push(await whenOutput(provider, 'stderr', /connected to bootstrap peer/) - t0)
      await Promise.all([stop(provider), stop(rendezvous)])
    }
    const bareP50 = percentile(bare, 50)
    return [
      { what: `bare node -e, first output (p50 of ${runs})`, value: ms(bareP50) },
      { what: 'rendezvous to listening (p50)', value: ms(percentile(listening, 50)), baseline: ms(bareP50), ratio: `${(percentile(listening, 50) / bareP50).toFixed(1)}x`, goal: '≤ 150 ms' },
      { what: 'rendezvous to listening (p90)', value: ms(percentile(listening, 90)) },
      { what: 'provider to first bootstrap connection (p50)', value: ms(percentile(bootstrapped, 50)), baseline: ms(bareP50), ratio: `${(percentile(bootstrapped, 50) / bareP50).toFixed(1)}x` },
      { what: 'provider to first bootstrap connection (p90)', value: ms(percentile(bootstrapped, 90)) }
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
