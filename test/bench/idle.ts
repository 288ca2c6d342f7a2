import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { anonymousMiB, cpuSeconds, peergrid, rssMiB, stop, whenOutput } from './processes.js'
import type { Figure } from './stats.js'

/** Time for the provider to settle (DHT provide, first announcements) before measuring. */
const WARMUP_MS = 10_000

/**
 * An idle provider connected to a rendezvous, measured over `seconds`: CPU
 * share of one core and RSS. Baseline: a bare Node process with one timer,
 * measured over the same window.
 */
export async function idleProvider (seconds: number): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'peergrid-bench-idle-'))
  const rendezvous = peergrid(['rendezvous', '--json', '--listen', '/ip4/127.0.0.1/tcp/0', '--api-port', '0', '--data-dir', join(dir, 'rv'), '--log-level', 'warn'])
  const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  try {
    let line = ''
    rendezvous.stdout?.on('data', (d: Buffer) => { line += d.toString() })
    await whenOutput(rendezvous, 'stdout', /\n/)
    const bootstrap = JSON.parse(line).multiaddrs[0] as string
    const provider = peergrid(['provider', '--country', 'DE', '--bootstrap', bootstrap, '--listen', '/ip4/127.0.0.1/tcp/0', '--api-port', '0', '--data-dir', join(dir, 'p'), '--log-level', 'warn'])
    try {
      await whenOutput(provider, 'stdout', /is up/)
      await new Promise(resolve => setTimeout(resolve, WARMUP_MS))
      const pids = [provider.pid as number, bare.pid as number]
      const before = await Promise.all(pids.map(cpuSeconds))
      await new Promise(resolve => setTimeout(resolve, seconds * 1000))
      const after = await Promise.all(pids.map(cpuSeconds))
      const [providerRss, bareRss] = await Promise.all(pids.map(rssMiB)) as [number, number]
      const [providerAnon, bareAnon] = await Promise.all(pids.map(anonymousMiB)) as [number, number]
      const share = (i: number): number => ((after[i] as number) - (before[i] as number)) / seconds * 100
      return [
        { what: `idle provider CPU over ${seconds} s (% of one core)`, value: `${share(0).toFixed(2)} %`, baseline: `${share(1).toFixed(2)} %`, goal: '≤ 0.1 %' },
        { what: 'idle provider RSS', value: `${providerRss.toFixed(1)} MiB`, baseline: `${bareRss.toFixed(1)} MiB`, ratio: `${(providerRss / bareRss).toFixed(1)}x`, goal: '≤ 60 MiB' },
        // RSS counts the node binary's shared, file-backed pages; anonymous memory is what the process allocated itself
        { what: 'idle provider anonymous memory', value: `${providerAnon.toFixed(1)} MiB`, baseline: `${bareAnon.toFixed(1)} MiB`, ratio: `${(providerAnon / bareAnon).toFixed(1)}x` }
      ]
    } finally {
      await stop(provider)
    }
  } finally {
    bare.kill('SIGKILL')
    await stop(rendezvous)
    await rm(dir, { recursive: true, force: true })
  }
}
