// npm run fuzz: every fuzz target with FUZZ_RUNS inputs (default 1,000,000),
// each bounded in time so the whole run takes about FUZZ_MINUTES (default 10)
// on this machine. Prints inputs and time per target and the first failure of
// each; exits 1 when a target failed (turn its input into a regression test,
// test/fuzz/regressions.ts).
import '../../node/polyfill.js'
import { fuzz } from './harness.js'
import { TARGETS, prepareTargets } from './targets.js'

const runs = Number(process.env.FUZZ_RUNS ?? 1_000_000)
const minutes = Number(process.env.FUZZ_MINUTES ?? 10)
const only = process.env.FUZZ_ONLY
const targets = TARGETS.filter(t => only == null || t.name.includes(only))
const perTargetMs = Math.floor(minutes * 60_000 / targets.length)
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31)

await prepareTargets()
process.stdout.write(`peergrid fuzz on Node ${process.version}: ${targets.length} targets, ${runs} inputs each, at most ${Math.round(perTargetMs / 1000)} s each, seed ${seed}\n\n`)
process.stdout.write(`${'target'.padEnd(64)} ${'inputs'.padStart(10)} ${'seconds'.padStart(8)} ${'inputs/s'.padStart(9)} ${'heap MiB'.padStart(9)}  result\n`)
let failed = 0
for (const target of targets) {
  const report = await fuzz(target, { runs, timeLimitMs: perTargetMs, seed })
  const result = report.failure == null ? (report.inputs >= runs ? 'ok' : 'ok (time limit)') : `FAILED ${report.failure.error}`
  process.stdout.write(`${target.name.padEnd(64)} ${String(report.inputs).padStart(10)} ${(report.ms / 1000).toFixed(1).padStart(8)} ${String(Math.round(report.inputs / (report.ms / 1000))).padStart(9)} ${report.heapGrowthMiB.toFixed(1).padStart(9)}  ${result}\n`)
  if (report.failure != null) {
    failed++
    process.stdout.write(`  input: ${JSON.stringify(report.failure.input, (_k, v) => v instanceof Uint8Array ? `bytes:${Buffer.from(v).toString('hex')}` : v)}\n`)
  }
}
process.stdout.write(failed === 0 ? '\nno failures\n' : `\n${failed} target(s) failed\n`)
process.exitCode = failed === 0 ? 0 : 1
