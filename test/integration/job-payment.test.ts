import { createHash } from 'node:crypto'
import { totalmem } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalApi } from '../../node/api/server.js'
import { registerGatewayRoutes } from '../../node/gateway/api.js'
import { registerProviderRoutes } from '../../node/provider/api.js'
import { silentLogger } from '../../node/logger.js'
import { JobEvent } from '../../protocols/job/index.js'
import { cpuAmount, openReceipt } from '../../protocols/receipts/index.js'
import { credentialKeyId } from '../../protocols/credential/index.js'
import { metricValue, waitFor, waitForLog } from '../helpers.js'
import { compileTestModule } from '../modules/compile.js'
import { TESTNET_CREDIT, createTestnet } from '../testnet.js'
import type { JobSubmit } from '../../protocols/job/index.js'
import type { Testnet, TestNode } from '../testnet.js'

const MiB = 1024 * 1024
/** one unit per CPU-second: a job of a few hundred ms costs a few hundred thousand micro-units */
const PRICE = 1_000_000
const FEE_PPM = 100_000

describe('jobs paid through receipts: billed, signed, counter-signed, booked (about 10 s)', () => {
  let net: Testnet
  let provider: TestNode
  beforeAll(async () => {
    net = await createTestnet(4, {
      gateways: 3,
      countries: ['DE'],
      provider: { services: ['compute'], prices: { microsPerGib: 0, microsPerCpuSecond: PRICE } },
      protocols: { receiptSubmitter: { intervalMs: 200, minBackoffMs: 50, maxBackoffMs: 200 } }
    })
    provider = net.providers[0]!
    await waitFor(() => net.gateways.every(g => g.gateway!.table.list({ service: 'compute' }).length === 1), 'the gateways to know the provider')
  })
  afterAll(async () => { await net?.destroy() })

  /** A job as a gateway's client sends it, with its credential. */
  const submit = (gateway: TestNode, module: Uint8Array, wallMs: number): JobSubmit => ({
    module: module as Uint8Array<ArrayBuffer>,
    moduleSha256: createHash('sha256').update(module).digest() as Uint8Array<ArrayBuffer>,
    args: ['job'],
    env: [],
    stdin: new Uint8Array(0) as Uint8Array<ArrayBuffer>,
    files: [],
    limits: { memoryBytes: 16 * MiB, wallMs, outputBytes: MiB },
    pricePerCpuSecond: PRICE,
    credential: gateway.credentials!.current()!.bytes as Uint8Array<ArrayBuffer>
  })

  it('charges the CPU time at the agreed price: the customer, provider and operator are booked exactly the receipt\'s amount', async () => {
    const gateway = net.gateways[0]!
    const customer = gateway.credentials!.current()!.account
    const providerAccount = provider.credentials!.current()!.account
    const rendezvous = net.rendezvous.rendezvous!
    // a runaway job, stopped at its 400 ms limit: it used CPU all the while
    const { done } = gateway.gateway!.jobs!.start({ module: await compileTestModule('loop'), args: ['loop'], env: [], stdin: new Uint8Array(0), files: [], limits: { memoryBytes: 16 * MiB, wallMs: 400, outputBytes: MiB } })
    const job = await done
    expect(job.state).toBe('done')
    const [replica] = job.replicas
    expect(replica!.result!.errorName).toBe('JobTimeoutError')
    const cost = replica!.cost!
    // billed no more than the job's wall-time limit, and the amount is that CPU time at the price
    expect(cost.cpuMs).toBeGreaterThan(0)
    expect(cost.cpuMs).toBeLessThanOrEqual(400)
    expect(cost.amount).toBe(cpuAmount(cost.cpuMs, PRICE))
    expect(replica!.result!.cpuMs).toBe(cost.cpuMs)

    const fee = Math.floor(cost.amount * FEE_PPM / 1_000_000)
    await waitFor(async () => TESTNET_CREDIT - (await rendezvous.ledger.balance(`customer:${customer}`)) === cost.amount ? true : undefined, 'the job to be booked', 10_000)
    expect(await rendezvous.ledger.balance(`provider:${providerAccount}`)).toBe(cost.amount - fee)
    expect(await rendezvous.ledger.balance('operator:fees')).toBe(fee)
    expect(await rendezvous.ledger.check()).toMatchObject({ ok: true, total: 0 })
    const [session] = await rendezvous.receipts.sessionsOf({ providerAccount })
    expect(session).toMatchObject({ seq: 1, cpuMs: cost.cpuMs, pricePerCpuSecond: PRICE, bytesUp: 0, bytesDown: 0, pricePerGiB: 0, amount: cost.amount, payingAccount: customer })

    // the provider's log holds the job with its receipt's session and earnings
    const [entry] = await waitForLog(provider.provider!, 0, 1, e => e.meteringSession === session!.session)
    expect(entry).toMatchObject({ host: 'job', decision: 'allowed', reason: 'JobTimeoutError', earnedMicroUnits: cost.amount, job: { cpuMs: cost.cpuMs, pricePerCpuSecond: PRICE } })
    expect(await metricValue(provider.registry, 'peergrid_provider_receipts_total', { result: 'countersigned' })).toBe(1)

    // the provider's earnings and their check against the books, the gateway's usage
    const api = createLocalApi({ token: 't', logger: silentLogger() })
    registerProviderRoutes(api, provider.provider!, { statements: provider.libp2p.services.statementClient })
    const gatewayApi = createLocalApi({ token: 't', logger: silentLogger() })
    registerGatewayRoutes(gatewayApi, gateway.gateway!, { getConnections: () => [] })
    const get = async (app: typeof api, path: string): Promise<any> => {
      const url = await app.listen({ port: 0, host: '127.0.0.1' })
      try {
        return await (await fetch(`${url}${path}`, { headers: { authorization: 'Bearer t' } })).json()
      } finally {
        await app.close()
      }
    }
    expect(await get(api, '/api/earnings?since=0')).toMatchObject({ connections: 0, jobs: 1, earnedMicroUnits: cost.amount, byAccount: [{ account: customer, jobs: 1, cpuMs: cost.cpuMs, earnedMicroUnits: cost.amount }] })
    expect(await get(gatewayApi, '/api/usage')).toMatchObject({ metering: true, jobs: 1, amount: cost.amount })
    const verifyApi = createLocalApi({ token: 't', logger: silentLogger() })
    registerProviderRoutes(verifyApi, provider.provider!, { statements: provider.libp2p.services.statementClient })
    const verified = await get(verifyApi, '/api/earnings/verify?since=0')
    expect(verified).toMatchObject({ differences: 0, counts: { ok: 1 }, totals: { counted: cost.amount, countersigned: cost.amount, booked: cost.amount } })

    // what the dashboard reads: the gateway's jobs and its spend over time, the provider's earnings over time
    const dashboard = createLocalApi({ token: 't', logger: silentLogger(), webDir: false })
    registerGatewayRoutes(dashboard, gateway.gateway!, { getConnections: () => [] })
    const inject = async (app: typeof api, url: string): Promise<any> => (await app.inject({ url, headers: { authorization: 'Bearer t' } })).json()
    expect((await inject(dashboard, '/api/jobs')).jobs).toMatchObject([{ id: job.id, state: 'done', moduleSha256: job.moduleSha256 }])
    const samples = (await inject(dashboard, '/api/usage/series')).samples as Array<{ t: number, amount: number, jobs: number }>
    expect(samples.length).toBeGreaterThanOrEqual(2)
    expect(samples.at(-1)).toMatchObject({ jobs: 1, amount: cost.amount })
    expect(samples.map(s => s.t)).toEqual([...samples.map(s => s.t)].sort((a, b) => a - b))
    const providerDashboard = createLocalApi({ token: 't', logger: silentLogger(), webDir: false })
    registerProviderRoutes(providerDashboard, provider.provider!)
    const series = await inject(providerDashboard, `/api/earnings/series?since=${entry!.timeMs - 60_000}&bucketMinutes=60`)
    expect(series.buckets.reduce((n: number, b: { jobs: number }) => n + b.jobs, 0)).toBe(1)
    expect(series.buckets.reduce((n: number, b: { earnedMicroUnits: number }) => n + b.earnedMicroUnits, 0)).toBe(cost.amount)
  })

  it('hands the customer the receipt the provider counter-signed with the result', async () => {
    const gateway = net.gateways[0]!
    const sentAt = performance.now()
    const finished = await gateway.libp2p.services.jobClient!.submit(provider.libp2p.peerId, submit(gateway, await compileTestModule('loop'), 200), {
      pay: async (bill) => gateway.gateway!.jobPayer!.pay(provider.libp2p.peerId, bill, { pricePerCpuSecond: PRICE, wallLimitMs: 200, sentAt })
    })
    expect(finished.payment).toMatchObject({ pricePerCpuSecond: PRICE, amount: cpuAmount(finished.payment!.cpuMs, PRICE) })
    const receipt = await openReceipt(finished.receipt!, { trustedKeys: new Set([credentialKeyId(net.credentialKey)]), countersigned: true })
    expect(receipt).toMatchObject({ session: finished.payment!.session, cpuMs: finished.payment!.cpuMs, amount: finished.payment!.amount, providerAccount: provider.credentials!.current()!.account })
  })

  it('gives no result to a gateway that signs another bill, and runs no more jobs for it', async () => {
    const gateway = net.gateways[1]!
    const client = gateway.libp2p.services.jobClient!
    const sentAt = performance.now()
    // the gateway signs for a millisecond less than billed
    const shortchange = client.submit(provider.libp2p.peerId, submit(gateway, await compileTestModule('loop'), 300), {
      pay: async (bill) => gateway.gateway!.jobPayer!.pay(provider.libp2p.peerId, { ...bill, cpuMs: bill.cpuMs - 1, amount: cpuAmount(bill.cpuMs - 1, PRICE) }, { pricePerCpuSecond: PRICE, wallLimitMs: 300, sentAt })
    })
    await expect(shortchange).rejects.toMatchObject({ name: 'JobRefusedError', status: JobEvent.Status.UNPAID, message: expect.stringMatching(/another CPU time/) })
    await expect(client.submit(provider.libp2p.peerId, submit(gateway, await compileTestModule('hello'), 1000))).rejects.toMatchObject({ status: JobEvent.Status.UNPAID, message: expect.stringMatching(/earlier job of this customer is unpaid/) })
    const log = await waitForLog(provider.provider!, 0, 2, e => e.customer === gateway.libp2p.peerId.toString())
    expect(log.map(e => [e.end ?? e.decision, e.reason])).toEqual([['unpaid', 'JobTimeoutError'], ['refused', 'unpaid']])
    expect(log[0]!.meteringSession).toBeUndefined()
  })

  it('gives no result to a gateway that goes away instead of paying, and holds nothing against it', async () => {
    const gateway = net.gateways[2]!
    await expect(gateway.libp2p.services.jobClient!.submit(provider.libp2p.peerId, submit(gateway, await compileTestModule('loop'), 300)))
      .rejects.toMatchObject({ name: 'JobPaymentError', message: expect.stringMatching(/asks \d+ micro-units for the job; this gateway does not pay/) })
    const [entry] = await waitForLog(provider.provider!, 0, 1, e => e.customer === gateway.libp2p.peerId.toString() && e.end === 'unpaid')
    expect(entry!.rule).toMatch(/No payment came for the job: the gateway went away/)
    // it got nothing, as a cancelled job: its next job, paid, runs
    const sentAt = performance.now()
    const next = await gateway.libp2p.services.jobClient!.submit(provider.libp2p.peerId, submit(gateway, await compileTestModule('hello'), 1000), {
      pay: async (bill) => gateway.gateway!.jobPayer!.pay(provider.libp2p.peerId, bill, { pricePerCpuSecond: PRICE, wallLimitMs: 1000, sentAt })
    })
    expect(next.result.exitCode).toBe(0)
    expect(await metricValue(provider.registry, 'peergrid_provider_jobs_total', { outcome: 'unpaid' })).toBeGreaterThanOrEqual(2)
    // nothing was booked for the unpaid job (the hello job's CPU time may be worth a few micro-units, booked later)
    expect(entry!.meteringSession).toBeUndefined()
    const paid = new Set((await provider.provider!.transparency.list(0, 1000)).filter(e => e.customer === gateway.libp2p.peerId.toString() && e.meteringSession != null).map(e => e.meteringSession))
    const booked = await net.rendezvous.rendezvous!.receipts.sessionsOf({ payingAccount: gateway.credentials!.current()!.account })
    for (const session of booked) expect(paid.has(session.session), session.session).toBe(true)
  })

  it('the owner\'s controls reach jobs: a paused provider refuses them as busy, a blocked customer is refused, a job over the memory share is refused', async () => {
    // the first test's gateway: it paid, so nothing is held against it
    const gateway = net.gateways[0]!
    const controls = provider.provider!.controls!
    const client = gateway.libp2p.services.jobClient!
    const hello = await compileTestModule('hello')
    try {
      await controls.update({ paused: true })
      await expect(client.submit(provider.libp2p.peerId, submit(gateway, hello, 1000))).rejects.toMatchObject({ status: JobEvent.Status.BUSY, message: expect.stringMatching(/does not serve now: the owner paused the provider/) })
      await controls.update({ paused: false, blockCustomers: [gateway.credentials!.current()!.account] })
      await expect(client.submit(provider.libp2p.peerId, submit(gateway, hello, 1000))).rejects.toMatchObject({ status: JobEvent.Status.UNAUTHORIZED, message: expect.stringMatching(/does not serve this customer \(blocked acct-/) })
      // jobs may hold 1 % of this machine's memory: a job asking a little more than that is refused (when that is within the 256 MiB per-job limit)
      await controls.update({ blockCustomers: [], jobMemoryPercent: 1 })
      const share = Math.floor(totalmem() / 100)
      const big = { ...submit(gateway, hello, 1000), limits: { memoryBytes: Math.min(256 * MiB, share + MiB), wallMs: 1000, outputBytes: MiB } }
      if (share + MiB <= 256 * MiB) await expect(client.submit(provider.libp2p.peerId, big)).rejects.toMatchObject({ status: JobEvent.Status.BAD_REQUEST, message: expect.stringMatching(/at most \d+ bytes of memory/) })
      const log = await waitForLog(provider.provider!, 0, 2, e => e.customer === gateway.libp2p.peerId.toString() && (e.reason === 'not-serving' || e.reason === 'policy'))
      expect(log.map(e => e.reason).sort()).toEqual(['not-serving', 'policy'])
    } finally {
      await controls.update({ paused: false, blockCustomers: [], jobMemoryPercent: 100 })
    }
  })
})
