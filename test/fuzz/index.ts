// npm run fuzz: every fuzz target with FUZZ_RUNS inputs (default 1,000,000),
// spread over one worker thread per core, each target bounded in time so the
// whole run takes at most about FUZZ_MINUTES (default 10) on this machine.
// Prints inputs and time per target and the first failure of each; exits 1
// when a target failed (turn its input into a regression test).
import '../../node/polyfill.js'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { TARGETS } from './targets.js'
import type { FuzzReport } from './harness.js'

const runs = Number(process.env.FUZZ_RUNS ?? 1_000_000)
const minutes = Number(process.env.FUZZ_MINUTES ?? 10)
const only = process.env.FUZZ_ONLY
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31)
const targets = TARGETS.filter(t => only == null || t.name.includes(only))
const threads = Math.max(1, Math.min(Number(process.env.FUZZ_THREADS ?? availableParallelism()), targets.length))
// the slow targets (signatures, sockets, the config) run last on each thread, where the time the fast ones left over is
const slow = (name: string): boolean => targets.find(t => t.name === name)?.async === true || name.startsWith('config')
const shares = Array.from({ length: threads }, (_, i) => targets.filter((_t, j) => j % threads === i).map(t => t.name))
  .map(names => [...names.filter(n => !slow(n)), ...names.filter(slow)])
const deadline = Date.now() + minutes * 60_000

process.stdout.write(`peergrid fuzz on Node ${process.version}: ${targets.length} targets on ${threads} threads, ${runs} inputs each, within ${minutes} min, seed ${seed}\n\n`)
process.stdout.write(`${'target'.padEnd(64)} ${'inputs'.padStart(10)} ${'seconds'.padStart(8)} ${'inputs/s'.padStart(9)} ${'heap MiB'.padStart(9)}  result\n`)
const started = performance.now()
const reports: FuzzReport[] = []
await Promise.all(shares.map(async names => new Promise<void>((resolve, reject) => {
  const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: { names, options: { runs, seed }, deadline } })
  worker.on('message', (report: FuzzReport) => {
    reports.push(report)
    const result = report.failure == null ? (report.inputs >= runs ? 'ok' : 'ok (time limit)') : `FAILED ${report.failure.error}`
    process.stdout.write(`${report.target.padEnd(64)} ${String(report.inputs).padStart(10)} ${(report.ms / 1000).toFixed(1).padStart(8)} ${String(Math.round(report.inputs / (report.ms / 1000))).padStart(9)} ${report.heapGrowthMiB.toFixed(1).padStart(9)}  ${result}\n`)
    if (report.failure != null) process.stdout.write(`  input: ${JSON.stringify(report.failure.input)}\n`)
  })
  worker.on('error', reject)
  worker.on('exit', (code) => {
    if (code === 0) resolve()
    else reject(new Error(`A fuzz worker exited with ${code}`))
  })
})))
const failed = reports.filter(r => r.failure != null).length
const short = reports.filter(r => r.failure == null && r.inputs < runs).length
process.stdout.write(`\n${reports.reduce((n, r) => n + r.inputs, 0)} inputs in ${Math.round((performance.now() - started) / 1000)} s; ${failed === 0 ? 'no failures' : `${failed} target(s) failed`}${short > 0 ? `; ${short} target(s) stopped at the time limit` : ''}\n`)
process.exitCode = failed === 0 ? 0 : 1
