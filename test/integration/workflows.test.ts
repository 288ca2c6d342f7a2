import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canonicalJson, compileWorkflow, recordsOf, runWorkflow } from '../../workflows/engine/index.js'
import { waitFor } from '../helpers.js'
import { createTestnet } from '../testnet.js'
import type { WorkflowService } from '../../node/gateway/workflows/service.js'
import type { Testnet } from '../testnet.js'
import type { Server } from 'node:http'

const EXAMPLES = new URL('../../workflows/examples/', import.meta.url)
const DIST = new URL('../../dist/examples/', import.meta.url)
const PRICES: Record<string, number> = { de: 479.5, fr: 499 }

async function example (name: string): Promise<{ document: any, input: any }> {
  return {
    document: JSON.parse(await readFile(new URL(`${name}.json`, EXAMPLES), 'utf8')),
    input: JSON.parse(await readFile(new URL(`${name}.input.json`, EXAMPLES), 'utf8'))
  }
}

describe('workflows on the mesh: fetches through exits, jobs on providers (about 15 s)', () => {
  let net: Testnet
  let shop: Server
  let shopUrl: string
  let workflows: WorkflowService
  beforeAll(async () => {
    // a shop with a store per country: /<cc>/<product> answers that country's price; it sends no
    // Date header, so that the same request gets the same response (two runs cross a second now and then)
    shop = createServer((request, response) => {
      response.sendDate = false
      const [, cc, product] = (request.url ?? '').split('/')
      if (cc == null || PRICES[cc] == null || product !== 'espresso-machine') {
        response.writeHead(404).end()
        return
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ price: PRICES[cc], currency: 'EUR' }))
    })
    await new Promise<void>(resolve => shop.listen(0, '127.0.0.1', resolve))
    shopUrl = `http://127.0.0.1:${(shop.address() as { port: number }).port}`
    net = await createTestnet(3, {
      countries: ['DE', 'FR'],
      provider: { services: ['proxy', 'compute'], exit: { exitAllow: ['127.0.0.0/8'] } }
    })
    const gateway = net.gateways[0]!.gateway!
    workflows = gateway.workflows!
    await waitFor(() => gateway.table.list({ service: 'compute' }).length === 2 && gateway.table.list({ service: 'proxy' }).length === 2, 'the gateway to know both providers')
  })
  afterAll(async () => {
    await net?.destroy()
    shop?.close()
  })

  /** Submits a workflow and waits for its end; answers its view and history. */
  async function run (document: unknown, input: unknown, modules = new Map<string, Uint8Array>()): Promise<{ view: any, history: any }> {
    const { id } = await workflows.submit({ document, input, modules })
    await workflows.settled(id)
    return { view: await workflows.get(id), history: await workflows.history(id) }
  }

  it('compares a price across exit countries, the same twice and when replayed from its history', async () => {
    const { document } = await example('price-comparison')
    const input = { shop: shopUrl, product: 'espresso-machine', countries: ['DE', 'FR'] }
    const first = await run(document, input)
    expect(first.view).toMatchObject({ state: 'done', effectsDone: 2, output: { cheapest: 'DE', price: 479.5, saves: 19.5 } })
    expect(first.view.output.quotes).toEqual([{ country: 'DE', price: 479.5, currency: 'EUR' }, { country: 'FR', price: 499, currency: 'EUR' }])
    // each store's page came through the exit in its country
    const exits = await Promise.all(net.providers.map(async p => ({ country: p.country, log: await p.provider!.transparency.list(0, 100) })))
    for (const { country, log } of exits) expect(log.filter(e => e.host === '127.0.0.1' && e.decision === 'allowed').length, country).toBeGreaterThanOrEqual(1)
    const second = await run(document, input)
    expect(canonicalJson(second.view.output)).toBe(canonicalJson(first.view.output))
    expect(canonicalJson(second.history)).toBe(canonicalJson(first.history))
    const replayed = await runWorkflow(compileWorkflow(document), input, { recorded: recordsOf(first.history) })
    expect(canonicalJson(replayed.history)).toBe(canonicalJson(first.history))
  })

  it('runs a batch of WASM text filters on providers: the same outputs and history twice', async () => {
    const { document, input } = await example('text-batch')
    const modules = new Map<string, Uint8Array>()
    for (const file of ['upper.wasm', 'sha256sum.wasm']) {
      const bytes = await readFile(new URL(file, DIST))
      modules.set(createHash('sha256').update(bytes).digest('hex'), bytes)
    }
    const first = await run(document, input, modules)
    expect(first.view.state).toBe('done')
    const documents = first.view.output.documents
    expect(documents.map((d: any) => d.text)).toEqual(input.documents.map((d: any) => d.text.toUpperCase()))
    expect(documents.map((d: any) => d.sha256)).toEqual(input.documents.map((d: any) => createHash('sha256').update(d.text.toUpperCase()).digest('hex')))
    // modules are kept: the second run names them only
    const second = await run(document, input)
    expect(canonicalJson(second.history)).toBe(canonicalJson(first.history))
  })

  it('refuses before anything runs a workflow that names a module the gateway does not hold, a malformed one, and an input that does not fit', async () => {
    const missing = { workflow: 1, nodes: [{ id: 'm', type: 'map', over: 'input', nodes: [{ id: 'filter', type: 'job', module: 'ee'.repeat(32), stdin: 'item' }], value: 'filter.stdout' }], output: 'm' }
    await expect(workflows.submit({ document: missing, input: ['a'] })).rejects.toMatchObject({ name: 'UnknownModuleError', message: expect.stringMatching(/node m\[\]\.filter: no module eeee/) })
    await expect(workflows.submit({ document: { workflow: 1, nodes: [{ id: 'a', type: 'transform', value: 'b' }], output: 'a' }, input: null })).rejects.toMatchObject({ name: 'InvalidWorkflowError', message: expect.stringMatching(/node a .*names b/) })
    const { document } = await example('price-comparison')
    await expect(workflows.submit({ document, input: { shop: shopUrl } })).rejects.toMatchObject({ name: 'InvalidWorkflowInputError' })
  })

  it('fails a fetch node with a clear error when no exit serves the country, and keeps the run\'s history', async () => {
    const { document } = await example('price-comparison')
    const failed = await run(document, { shop: shopUrl, product: 'espresso-machine', countries: ['JP'] })
    expect(failed.view).toMatchObject({ state: 'failed', error: { node: 'quotes[0].page', name: 'MeshFetchError' } })
    expect(failed.history).toContainEqual(expect.objectContaining({ node: 'quotes[0].page', status: 'failed' }))
    // headers HTTP refuses are said as such
    const badHeader = { workflow: 1, nodes: [{ id: 'page', type: 'fetch', url: `"${shopUrl}/de/espresso-machine"`, headers: '{"not a header": "x"}' }], output: 'page.status' }
    const refused = await run(badHeader, null)
    expect(refused.view).toMatchObject({ state: 'failed', error: { node: 'page', name: 'MeshFetchError', message: expect.stringMatching(/is not valid HTTP/) } })
  })

  it('with verify 2, catches a provider that returns a wrong result and names both providers\' hashes', async () => {
    const { document, input } = await example('text-batch')
    // a test fixture: one provider's job service alters every result it returns (its stdout and hash)
    const liar = net.providers[1]!.provider!.jobs!
    const honest = liar.run.bind(liar)
    liar.run = async (...args: Parameters<typeof honest>) => {
      const event = await honest(...args)
      if (event.result == null) return event
      const stdout = new TextEncoder().encode('not what the module wrote\n')
      return { ...event, result: { ...event.result, stdout: stdout as Uint8Array<ArrayBuffer>, outputsSha256: createHash('sha256').update(stdout).digest() as Uint8Array<ArrayBuffer> } }
    }
    try {
      const { id } = await workflows.submit({ document, input, verify: 2 })
      await workflows.settled(id)
      const view = await workflows.get(id)
      expect(view).toMatchObject({ state: 'failed', error: { name: 'WorkflowJobError', message: expect.stringMatching(/providers disagree on the job's outputs/) } })
      for (const provider of net.providers) expect(view!.error!.message).toContain(provider.libp2p.peerId.toString())
      // the same run without the liar's part agrees: verify passes when both providers are honest
      liar.run = honest
      const { id: honestId } = await workflows.submit({ document, input, verify: 2 })
      await workflows.settled(honestId)
      expect((await workflows.get(honestId))?.state).toBe('done')
    } finally {
      liar.run = honest
    }
  })
})
