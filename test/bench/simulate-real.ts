import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Figure } from './stats.js'

/** Longest a size may take to come up before it is reported as not coming up. */
const SIZE_TIMEOUT_MS = 15 * 60_000

/** What the child reports for one size (test/bench/simulate-real-child.ts). */
interface SizeFigures {
  nodes: number
  /** nodes listening when the start-up ended (all, unless its deadline passed) */
  listening: number
  listeningS: number
  credentialsS?: number
  /** gateways knowing every provider online, or undefined when they did not within the child's wait */
  discoveredS?: number
  /** of (gateway, provider) pairs, the share where the gateway knew the provider at the end of the wait */
  knownShare: number
  rssMiB: number
  heapMiB: number
  /** one core = 100 */
  idleCpuPercent: number
  loopDelayP99Ms: number
}

/**
 * The simulator's real tier: how many full peergrid nodes fit in one
 * process, and how long a network of 100, 500 and 1,000 takes to come up
 * (every node listening, holding a credential, known to every gateway).
 * Each size runs in its own child process with a 20 GiB heap, so that one
 * that does not fit reports itself instead of ending the bench. Baseline in
 * the same child: as many bare libp2p nodes (the same transport, noise,
 * yamux, identify, ping, no peergrid services).
 */
export async function simulateRealBench (sizes: number[]): Promise<Figure[]> {
  const figures: Figure[] = []
  const child = fileURLToPath(new URL('./simulate-real-child.ts', import.meta.url))
  const calibration = await readFile(new URL('../../scenarios/calibration.json', import.meta.url), 'utf8')
  for (const nodes of sizes) {
    const run = async <T>(mode: string): Promise<T> => {
      const { stdout } = await promisify(execFile)(process.execPath, ['--max-old-space-size=20000', '--import', 'tsx', child, String(nodes), mode], { timeout: SIZE_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, PEERGRID_BENCH_SCENARIO: calibration } })
      return JSON.parse(stdout.trim().split('\n').pop() as string)
    }
    let measured: SizeFigures
    let bare: { listeningS: number, rssMiB: number }
    try {
      bare = await run('bare')
      measured = await run('real')
    } catch (err: any) {
      figures.push({ what: `real tier, ${nodes} nodes: did not come up`, value: err.killed === true ? `killed after ${SIZE_TIMEOUT_MS / 60_000} min` : String(err.stderr ?? err.message).trim().split('\n').slice(-1)[0] ?? 'failed', baseline: '-', ratio: '-' })
      continue
    }
    const perGiB = (count: number, mib: number): number => Math.round(count / (mib / 1024))
    figures.push({
      what: `real tier, ${nodes} nodes: nodes per GiB of RSS (${Math.round(measured.rssMiB)} MiB, heap ${Math.round(measured.heapMiB)} MiB)`,
      value: String(perGiB(measured.listening, measured.rssMiB)),
      baseline: `bare libp2p nodes ${perGiB(nodes, bare.rssMiB)}`,
      ratio: `${(perGiB(measured.listening, measured.rssMiB) / perGiB(nodes, bare.rssMiB)).toFixed(2)}x`
    })
    figures.push({
      what: `real tier, ${nodes} nodes: start-up to listening, s (${measured.listening < nodes ? `only ${measured.listening} up by the deadline; ` : ''}credentials ${measured.credentialsS?.toFixed(1) ?? 'not all'}; known to every gateway ${measured.discoveredS?.toFixed(1) ?? `not all, ${Math.round(measured.knownShare * 100)} % of pairs`})`,
      value: measured.listeningS.toFixed(1),
      baseline: `bare libp2p nodes ${bare.listeningS.toFixed(1)}`,
      ratio: `${(measured.listeningS / Math.max(0.001, bare.listeningS)).toFixed(1)}x`
    })
    figures.push({
      what: `real tier, ${nodes} nodes idle: CPU (one core = 100 %) and event-loop delay p99`,
      value: `${Math.round(measured.idleCpuPercent)} %, ${measured.loopDelayP99Ms} ms`,
      baseline: '-',
      ratio: '-'
    })
  }
  return figures
}
