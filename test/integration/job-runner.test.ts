import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_QUEUED_JOBS } from '../../node/provider/jobs/constants.js'
import { JobRunner } from '../../node/provider/jobs/runner.js'
import { waitFor } from '../helpers.js'
import { compileTestModule } from '../modules/compile.js'
import type { JobInput } from '../../protocols/job/sandbox/run.js'

const MiB = 1024 * 1024
const CHILD = fileURLToPath(new URL('../../node/provider/jobs/child-entry.ts', import.meta.url))

const input: JobInput = {
  args: ['job'],
  env: [],
  stdin: new Uint8Array(0),
  files: new Map(),
  seed: new Uint8Array(16).fill(1),
  clockStartNs: 0n,
  maxOutputBytes: MiB,
  maxFilesystemBytes: MiB,
  maxMemoryBytes: 16 * MiB
}

describe('the job runner: sandbox processes (about 5 s)', () => {
  let runner: JobRunner
  let hello: Uint8Array
  let loop: Uint8Array
  beforeAll(async () => {
    hello = await compileTestModule('hello')
    loop = await compileTestModule('loop')
    runner = new JobRunner({ command: { modulePath: CHILD, execArgv: ['--import', 'tsx'] }, maxConcurrent: 2 })
    runner.start()
  })
  afterAll(() => { runner?.stop() })

  it('runs a job in a sandbox process and reports its CPU time', async () => {
    const run = await runner.run(hello, input, 5_000)
    expect(run.timedOut).toBe(false)
    expect(run.outcome.exitCode).toBe(0)
    expect(new TextDecoder().decode(run.outcome.stdout)).toBe('hello from the sandbox\n')
    expect(run.cpuMs).toBeGreaterThan(0)
    expect(runner.relaxedSimdOff).toBe(true)
  })

  it('stops a job that never ends at its deadline, and the next job runs normally', async () => {
    const run = await runner.run(loop, input, 300)
    expect(run.timedOut).toBe(true)
    expect(run.outcome.error).toEqual({ name: 'JobTimeoutError', message: 'The job ran past its 300 ms limit and was stopped' })
    const [a, b, c] = await Promise.all([runner.run(hello, input, 5_000), runner.run(hello, input, 5_000), runner.run(hello, input, 5_000)])
    expect([a.outcome.exitCode, b.outcome.exitCode, c.outcome.exitCode]).toEqual([0, 0, 0])
  })

  it('keeps to the owner\'s shares set while it runs: one job at a time, or jobs whose memory fits together', async () => {
    // two loops (each runs to its 300 ms deadline) handed over at once: how many start, how many wait
    const dispatch = async (jobs: JobInput[]): Promise<{ running: number, queued: number }> => {
      const runs = jobs.map(async job => runner.run(loop, job, 300))
      const load = runner.load
      await Promise.all(runs)
      return load
    }
    runner.setShares({ concurrent: 1, memoryBytes: Infinity })
    expect(runner.limits.concurrent).toBe(1)
    expect(await dispatch([input, input])).toEqual({ running: 1, queued: 1 })
    // two sandboxes, but only 24 MiB for jobs asking 16 MiB each: still one at a time
    runner.setShares({ concurrent: 2, memoryBytes: 24 * MiB })
    expect(await dispatch([input, input])).toEqual({ running: 1, queued: 1 })
    // two small ones fit together
    const small = { ...input, maxMemoryBytes: 8 * MiB }
    expect(await dispatch([small, small])).toEqual({ running: 2, queued: 0 })
    runner.setShares({ concurrent: Infinity, memoryBytes: Infinity })
    expect(runner.limits.concurrent).toBe(2)
  })

  it('refuses jobs past its queue as busy, and runs the rest', async () => {
    const results = await Promise.allSettled(Array.from({ length: MAX_QUEUED_JOBS + 10 }, async () => runner.run(hello, input, 10_000)))
    const busy = results.filter(r => r.status === 'rejected')
    expect(busy.length).toBeGreaterThan(0)
    expect(busy.every(r => (r as PromiseRejectedResult).reason.name === 'JobsBusyError')).toBe(true)
    expect(results.filter(r => r.status === 'fulfilled').every(r => (r as PromiseFulfilledResult<any>).value.outcome.exitCode === 0)).toBe(true)
  })

  it('replaces a sandbox process killed while idle', async () => {
    const sandboxes = (runner as any).sandboxes as Array<{ child: { pid: number } }>
    const pid = sandboxes[0]!.child.pid
    process.kill(pid, 'SIGKILL')
    await waitFor(() => sandboxes[0]!.child.pid !== pid, 'the sandbox to be replaced', 5_000)
    expect((await runner.run(hello, input, 5_000)).outcome.exitCode).toBe(0)
    expect((await runner.run(hello, input, 5_000)).outcome.exitCode).toBe(0)
  })

  it('keeps compiled modules per memory limit: the same module under two limits grows to each', async () => {
    const grow = await compileTestModule('grow')
    const small = await runner.run(grow, { ...input, maxMemoryBytes: 2 * MiB }, 5_000)
    const large = await runner.run(grow, { ...input, maxMemoryBytes: 8 * MiB }, 5_000)
    const againSmall = await runner.run(grow, { ...input, maxMemoryBytes: 2 * MiB }, 5_000)
    expect([small.outcome.exitCode, large.outcome.exitCode, againSmall.outcome.exitCode]).toEqual([3, 3, 3])
    expect(small.outcome.memoryBytes).toBeLessThanOrEqual(2 * MiB)
    expect(large.outcome.memoryBytes).toBeGreaterThan(2 * MiB)
    expect(againSmall.outcome.memoryBytes).toBeLessThanOrEqual(2 * MiB)
  })
})
