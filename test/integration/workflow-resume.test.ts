import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { credentialKeyId } from '../../protocols/credential/index.js'
import { creditTransaction } from '../../rendezvous/ledger/postings.js'
import { canonicalJson } from '../../workflows/engine/index.js'
import { firstLine, requireBuild, startCli } from '../cli.js'
import { waitFor } from '../helpers.js'
import { createTestnet } from '../testnet.js'
import type { Testnet } from '../testnet.js'
import type { ChildProcess } from 'node:child_process'
import type { Server } from 'node:http'

const ITEMS = 8
const UPPER = new URL('../../dist/examples/upper.wasm', import.meta.url)
let UPPER_SHA256 = ''
/** each page takes this long: the run is mid-way for long enough to be killed there */
const PAGE_MS = 250

/** Fetches ITEMS pages one at a time (concurrency 1), upper-cases each on a provider (upper.wasm), and sums what they say. */
const WORKFLOW: { workflow: number, nodes: Array<Record<string, any>>, output: string } = {
  workflow: 1,
  nodes: [
    {
      id: 'pages',
      type: 'map',
      over: 'input.items',
      concurrency: 1,
      nodes: [
        { id: 'page', type: 'fetch', url: 'input.base + "/item/" + string(item)' },
        { id: 'loud', type: 'job', module: UPPER_SHA256, stdin: 'page.body' }
      ],
      value: 'parseJson(page.body).square'
    },
    { id: 'shouted', type: 'transform', value: 'size(pages)' },
    { id: 'total', type: 'transform', value: 'pages.sum()' }
  ],
  output: '{"squares": pages, "total": total}'
}

describe('a workflow run resumes after its gateway is killed (a gateway process, about 20 s)', () => {
  let net: Testnet
  let server: Server
  let base: string
  const hits = new Map<string, number>()
  let dataDir: string
  let gateway: ChildProcess | undefined
  let enrollmentKey: string

  beforeAll(async () => {
    requireBuild()
    UPPER_SHA256 = createHash('sha256').update(await readFile(UPPER)).digest('hex')
    WORKFLOW.nodes[0]!.nodes![1]!.module = UPPER_SHA256
    server = createServer((request, response) => {
      hits.set(request.url ?? '', (hits.get(request.url ?? '') ?? 0) + 1)
      const n = Number((request.url ?? '').split('/').pop())
      response.sendDate = false
      setTimeout(() => { response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ square: n * n })) }, PAGE_MS)
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    net = await createTestnet(1, { gateways: 0, countries: ['DE'], provider: { services: ['proxy', 'compute'], exit: { exitAllow: ['127.0.0.0/8'] } } })
    const rendezvous = net.rendezvous.rendezvous!
    const created = await rendezvous.accounts.create('customer', Date.now())
    await rendezvous.ledger.book(creditTransaction({ customer: created.account.id, amount: 1_000_000_000, reference: 'resume-test', atMs: Date.now() }))
    enrollmentKey = created.enrollmentKey
    dataDir = await mkdtemp(join(tmpdir(), 'peergrid-resume-'))
  }, 60_000)
  afterAll(async () => {
    gateway?.kill('SIGKILL')
    await net?.destroy()
    server?.close()
    if (dataDir != null) await rm(dataDir, { recursive: true, force: true })
  })

  /** Starts the gateway process on the data dir; answers its API URL and token. */
  async function startGateway (): Promise<{ api: string, token: string }> {
    gateway = startCli(['gateway', '--json', '--data-dir', dataDir, '--listen', '/ip4/127.0.0.1/tcp/0', '--api-port', '0', '--socks-port', '0', '--http-proxy-port', '0',
      '--bootstrap', net.bootstrap, '--private-network', '--enroll', enrollmentKey, '--trust', credentialKeyId(net.credentialKey), '--log-level', 'warn'])
    const ready = JSON.parse(await firstLine(gateway))
    return { api: ready.api, token: (await readFile(join(dataDir, 'api-token'), 'utf8')).trim() }
  }

  const call = async (target: { api: string, token: string }, path: string, body?: unknown): Promise<any> => {
    const response = await fetch(`${target.api}${path}`, {
      method: body == null ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${target.token}`, ...(body != null ? { 'content-type': 'application/json' } : {}) },
      ...(body != null ? { body: JSON.stringify(body) } : {})
    })
    return response.json()
  }

  it('SIGKILLed mid-way, restarted on the same data dir: the run finishes with the same output and history as an undisturbed run, without fetching again what had finished', async () => {
    const input = { base, items: Array.from({ length: ITEMS }, (_, i) => i + 1) }
    let target = await startGateway()
    // the gateway must know the provider before the run: its first fetch would otherwise find no exit
    await waitFor(async () => ((await call(target, '/api/providers?service=proxy')).providers?.length ?? 0) > 0 ? true : undefined, 'the gateway to know the provider', 20_000)
    const started = await call(target, '/api/workflows', { document: WORKFLOW, input, modules: { [UPPER_SHA256]: (await readFile(UPPER)).toString('base64') } })
    expect(started.state, JSON.stringify(started)).toBe('running')
    // kill it once three items' page and job are recorded (of eight, one at a time)
    const before = await waitFor(async () => {
      const history = (await call(target, `/api/workflows/${started.id}/history`)).history as Array<{ node: string }>
      return history.length >= 6 ? history : undefined
    }, 'three items to be recorded', 20_000)
    gateway!.kill('SIGKILL')
    await new Promise(resolve => gateway!.once('exit', resolve))
    const fetchedBefore = before.map(r => r.node).filter(node => node.endsWith('.page'))
    const jobsBefore = before.filter(r => r.node.endsWith('.loud')).length
    expect(fetchedBefore.length).toBeLessThan(ITEMS)
    expect(jobsBefore).toBeGreaterThanOrEqual(2)

    target = await startGateway()
    const finished = await waitFor(async () => {
      const run = await call(target, `/api/workflows/${started.id}`)
      return run.state !== 'running' ? run : undefined
    }, 'the resumed run to finish', 30_000)
    expect(finished).toMatchObject({ state: 'done', output: { total: 204, squares: [1, 4, 9, 16, 25, 36, 49, 64] } })
    // every job ran once, but for the one (at most) in flight at the kill
    const jobsRun = (await net.providers[0]!.provider!.transparency.list(0, 1000)).filter(e => e.host === 'job' && e.decision === 'allowed').length
    expect(jobsRun).toBeGreaterThanOrEqual(ITEMS)
    expect(jobsRun).toBeLessThanOrEqual(ITEMS + 1)
    // what was recorded before the kill was not fetched again
    for (const node of fetchedBefore) {
      const item = Number(/^pages\[(\d+)\]/.exec(node)![1]) + 1
      expect(hits.get(`/item/${item}`), node).toBe(1)
    }
    const resumedHistory = (await call(target, `/api/workflows/${started.id}/history`)).history

    // an undisturbed run of the same workflow and input: the same output and history
    const again = await call(target, '/api/workflows', { document: WORKFLOW, input })
    expect(again.state, JSON.stringify(again)).toBe('running')
    const undisturbed = await waitFor(async () => {
      const run = await call(target, `/api/workflows/${again.id}`)
      return run.state !== 'running' ? run : undefined
    }, 'the second run to finish', 30_000)
    expect(canonicalJson(undisturbed.output)).toBe(canonicalJson(finished.output))
    expect(canonicalJson((await call(target, `/api/workflows/${again.id}/history`)).history)).toBe(canonicalJson(resumedHistory))
    gateway!.kill('SIGTERM')
    await new Promise(resolve => gateway!.once('exit', resolve))
  }, 90_000)
})
