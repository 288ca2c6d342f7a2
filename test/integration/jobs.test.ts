import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JobEvent, outputsHash } from '../../protocols/job/index.js'
import { metricValue, waitForLog } from '../helpers.js'
import { compileTestModule } from '../modules/compile.js'
import { createTestnet } from '../testnet.js'
import type { FinishedJob, JobClient, JobSubmit, SubmitJobOptions } from '../../protocols/job/index.js'
import type { JobPayer } from '../../node/gateway/jobs/payment.js'
import type { Testnet } from '../testnet.js'
import type { PeerId } from '@libp2p/interface'

const MiB = 1024 * 1024
const PRICE = 20

describe('jobs on a provider over /peergrid/job/1.0.0 (about 10 s)', () => {
  let net: Testnet
  let client: JobClient
  let provider: PeerId
  let credential: Uint8Array
  let payer: JobPayer
  /** sends a job as the gateway's dispatcher does: paying what the provider bills */
  const run = async (job: JobSubmit, options: SubmitJobOptions = {}): Promise<FinishedJob> => {
    const sentAt = performance.now()
    return client.submit(provider, job, { pay: async (bill) => payer.pay(provider, bill, { pricePerCpuSecond: job.pricePerCpuSecond ?? 0, wallLimitMs: job.limits!.wallMs, sentAt }), ...options })
  }
  const sha = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => createHash('sha256').update(bytes).digest() as Uint8Array<ArrayBuffer>
  const submit = (module: Uint8Array | undefined, fields: Partial<JobSubmit> = {}): JobSubmit => ({
    ...(module != null ? { module: module as Uint8Array<ArrayBuffer>, moduleSha256: sha(module) } : { moduleSha256: new Uint8Array(32) as Uint8Array<ArrayBuffer> }),
    args: ['job'],
    env: [],
    stdin: new Uint8Array(0) as Uint8Array<ArrayBuffer>,
    files: [],
    limits: { memoryBytes: 16 * MiB, wallMs: 5_000, outputBytes: MiB },
    pricePerCpuSecond: PRICE,
    credential: credential as Uint8Array<ArrayBuffer>,
    ...fields
  })
  beforeAll(async () => {
    net = await createTestnet(2, { countries: ['DE'], provider: { services: ['compute'], prices: { microsPerGib: 0, microsPerCpuSecond: PRICE } } })
    client = net.gateways[0]!.libp2p.services.jobClient!
    provider = net.providers[0]!.libp2p.peerId
    credential = net.gateways[0]!.credentials!.current()!.bytes
    payer = net.gateways[0]!.gateway!.jobPayer!
  })
  afterAll(async () => { await net?.destroy() })

  it('runs a job and answers its output, resources and outputs hash; the provider logs it', async () => {
    const events: JobEvent.Status[] = []
    const { result, jobId } = await run(submit(await compileTestModule('hello')), { onEvent: e => { events.push(e.status) } })
    expect(result.exitCode).toBe(0)
    expect(new TextDecoder().decode(result.stdout)).toBe('hello from the sandbox\n')
    const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')
    expect(hex(result.outputsSha256)).toBe(hex(await outputsHash({ exitCode: 0, stdout: result.stdout, stderr: result.stderr, files: [] })))
    expect(result.seed.byteLength).toBe(16)
    expect(events).toContain(JobEvent.Status.RUNNING)
    const entry = (await net.providers[0]!.provider!.transparency.list(0, 100)).find(e => e.id === jobId)
    expect(entry).toMatchObject({ host: 'job', decision: 'allowed', reason: 'ok', account: net.gateways[0]!.credentials!.current()!.account, job: { exitCode: 0, pricePerCpuSecond: PRICE } })
    expect(await metricValue(net.providers[0]!.registry, 'peergrid_provider_jobs_total', { outcome: 'exited' })).toBeGreaterThanOrEqual(1)
  })

  it('gives the same outputs hash for the same job, seed and clock; the module may be named by its hash once the provider holds it', async () => {
    const module = await compileTestModule('entropy')
    const seed = new Uint8Array(16).fill(3) as Uint8Array<ArrayBuffer>
    const a = await run(submit(module, { seed, clockStartNs: 1_800_000_000_000_000_000n }))
    const b = await run({ ...submit(undefined, { seed, clockStartNs: 1_800_000_000_000_000_000n }), moduleSha256: sha(module) })
    expect(b.result.outputsSha256).toEqual(a.result.outputsSha256)
    expect(a.result.stdout.byteLength).toBe(32)
    await expect(run({ ...submit(undefined), moduleSha256: sha(new Uint8Array([1, 2, 3])) })).rejects.toMatchObject({ name: 'JobRefusedError', status: JobEvent.Status.MODULE_UNKNOWN })
    await expect(run({ ...submit(module), moduleSha256: sha(new Uint8Array([1])) })).rejects.toMatchObject({ name: 'JobRefusedError', status: JobEvent.Status.MODULE_MISMATCH })
  })

  it('refuses a price below the provider\'s, limits over its own, a malformed submit, and a peer without a credential', async () => {
    const hello = await compileTestModule('hello')
    await expect(run(submit(hello, { pricePerCpuSecond: PRICE - 1 }))).rejects.toMatchObject({ status: JobEvent.Status.PRICE, pricePerCpuSecond: PRICE })
    await expect(run(submit(hello, { limits: { memoryBytes: 4096 * MiB, wallMs: 1000, outputBytes: MiB } }))).rejects.toMatchObject({ status: JobEvent.Status.BAD_REQUEST, message: expect.stringMatching(/at most/) })
    await expect(run(submit(hello, { files: [{ path: '../etc/passwd', data: new Uint8Array(1) as Uint8Array<ArrayBuffer> }] }))).rejects.toMatchObject({ status: JobEvent.Status.BAD_REQUEST, message: expect.stringMatching(/must be relative/) })
    await expect(run(submit(hello, { credential: undefined }))).rejects.toMatchObject({ status: JobEvent.Status.UNAUTHORIZED })
    // only a hosted gateway's credential may name another account to pay (the exit's rule)
    await expect(run(submit(hello, { payingAccount: 'acct-someone-else' }))).rejects.toMatchObject({ status: JobEvent.Status.UNAUTHORIZED, message: expect.stringMatching(/may not name another account to pay/) })
  })

  it('stops a runaway job at its deadline and a hostile module with a clear error; the next job runs normally', async () => {
    const loop = await run(submit(await compileTestModule('loop'), { limits: { memoryBytes: 16 * MiB, wallMs: 300, outputBytes: MiB } }))
    expect(loop.result).toMatchObject({ errorName: 'JobTimeoutError' })
    expect(loop.result.exitCode).toBeUndefined()
    for (const [name, error] of [['badimport', 'InvalidModuleError'], ['flood', 'JobLimitError'], ['recurse', 'JobTrapError'], ['bigmem', 'JobLimitError']] as const) {
      const { result } = await run(submit(await compileTestModule(name)))
      expect(result.errorName, name).toBe(error)
    }
    const grown = await run(submit(await compileTestModule('grow')))
    expect(grown.result.exitCode).toBe(3)
    expect((await run(submit(await compileTestModule('hello')))).result.exitCode).toBe(0)
    expect(await metricValue(net.providers[0]!.registry, 'peergrid_provider_jobs_total', { outcome: 'JobTimeoutError' })).toBe(1)
  })

  it('takes a thousand jobs at once from one customer without falling over: each runs, or is refused as busy or at the stream limit; the next job runs normally', async () => {
    const hello = await compileTestModule('hello')
    const outcomes = await Promise.allSettled(Array.from({ length: 1000 }, async () => run(submit(hello))))
    const done = outcomes.filter(o => o.status === 'fulfilled')
    const refused = outcomes.filter(o => o.status === 'rejected').map(o => (o as PromiseRejectedResult).reason)
    expect(done.length).toBeGreaterThan(0)
    expect(done.every(o => (o as PromiseFulfilledResult<any>).value.result.exitCode === 0)).toBe(true)
    // busy (the provider's queue is full) or its stream refused at the per-connection limit: never anything else
    for (const err of refused) expect(err.name === 'JobRefusedError' ? err.status : err.name, err.message).toSatisfy((what: unknown) => what === JobEvent.Status.BUSY || what === 'JobLostError')
    expect((await run(submit(hello))).result.exitCode).toBe(0)
  }, 60_000)

  it('stops the job of a gateway that goes away, running or waiting, logs it cancelled, owes nothing, and runs the next job', async () => {
    const loop = await compileTestModule('loop')
    const hello = await compileTestModule('hello')
    const since = Date.now()
    // the provider runs one job at a time: the first spins (for up to 20 s), the second waits behind it
    // (nothing is awaited between starting them and listening to both: the first may end at once)
    const runningGone = new AbortController()
    const queuedGone = new AbortController()
    const first = run(submit(loop, { limits: { memoryBytes: 16 * MiB, wallMs: 20_000, outputBytes: MiB } }), { signal: runningGone.signal, onEvent: (event) => { if (event.status === JobEvent.Status.RUNNING) runningGone.abort() } })
    const second = run(submit(hello), { signal: queuedGone.signal, onEvent: (event) => { if (event.status === JobEvent.Status.QUEUED) queuedGone.abort() } })
    // both settle (rejected) in either order: wait for both at once, so that neither rejection goes unheard
    const [firstEnd, secondEnd] = await Promise.allSettled([first, second])
    expect(firstEnd.status).toBe('rejected')
    expect(secondEnd.status).toBe('rejected')
    // the spinning job's sandbox was killed: the next job runs (well before the 20 s limit would have freed it)
    expect((await run(submit(hello))).result.exitCode).toBe(0)
    const log = await waitForLog(net.providers[0]!.provider!, since, 2, e => e.reason === 'cancelled')
    expect(log.map(e => e.job?.module)).toContain(Buffer.from(sha(loop)).toString('hex'))
    expect(log.every(e => e.meteringSession == null)).toBe(true)
  }, 15_000)
})
