import { describe, expect, it } from 'vitest'
import { InvalidWorkflowError, MAX_MAP_ITEMS, canonicalJson, compileWorkflow, recordsOf, runWorkflow, valueHash } from '../../workflows/engine/index.js'
import type { FetchRequest, JobRequest, NodeRecord, WorkflowEffects } from '../../workflows/engine/index.js'

/** Effects whose results depend only on the request, each call counted; `delay` varies their timing by request. */
function fakeEffects (delay: (key: string) => number = () => 0): WorkflowEffects & { calls: string[] } {
  const calls: string[] = []
  const wait = async (key: string, signal: AbortSignal): Promise<void> => {
    const ms = delay(key)
    if (ms > 0) await new Promise<void>((resolve, reject) => { const t = setTimeout(resolve, ms); signal.addEventListener('abort', () => { clearTimeout(t); reject(new Error('aborted')) }, { once: true }) })
  }
  return {
    calls,
    job: async (request: JobRequest, { signal }) => {
      calls.push(`job ${request.stdin}`)
      await wait(request.stdin, signal)
      return { exitCode: 0, stdout: request.stdin.toUpperCase(), stderr: '', files: {}, outputsSha256: 'ab'.repeat(32) }
    },
    fetch: async (request: FetchRequest, { signal }) => {
      calls.push(`fetch ${request.url} ${request.country ?? ''}`)
      await wait(request.url, signal)
      const price = request.url.length * 3 + (request.country?.charCodeAt(0) ?? 0)
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ price, country: request.country }) }
    }
  }
}

const PIPELINE = {
  workflow: 1,
  inputSchema: { type: 'object', required: ['countries', 'text'], properties: { countries: { type: 'array', items: { type: 'string' } }, text: { type: 'string' } } },
  nodes: [
    {
      id: 'quotes',
      type: 'map',
      over: 'input.countries',
      as: 'country',
      nodes: [
        { id: 'page', type: 'fetch', url: '"https://shop.example/item/42?c=" + country', country: 'country' },
        { id: 'quote', type: 'transform', value: 'parseJson(page.body)', outputSchema: { type: 'object', required: ['price'] } }
      ],
      value: 'quote'
    },
    { id: 'cheapest', type: 'transform', value: 'quotes.map(q, q.price).min()' },
    { id: 'shout', type: 'job', module: 'cd'.repeat(32), stdin: 'input.text' },
    { id: 'route', type: 'switch', cases: [{ case: 'cheap', when: 'cheapest < 100.0' }], default: 'dear' },
    { id: 'deal', type: 'transform', when: 'route == "cheap"', value: '"buy at " + string(cheapest)' },
    { id: 'skip', type: 'transform', when: 'route == "dear"', value: '"wait"' },
    { id: 'advice', type: 'merge', from: ['deal', 'skip'] },
    { id: 'sane', type: 'assert', check: 'size(quotes) == size(input.countries)', message: '"a quote is missing"' }
  ],
  output: '{"advice": advice, "shout": shout.stdout, "quotes": quotes}'
}
const INPUT = { countries: ['DE', 'FR', 'US'], text: 'hello' }

describe('the workflow engine', () => {
  it('runs a pipeline: maps, effects, switch, merge, assert; the same output and history every time, whatever the timing', async () => {
    const workflow = compileWorkflow(PIPELINE)
    const first = await runWorkflow(workflow, INPUT, { effects: fakeEffects() })
    expect(first.status).toBe('done')
    expect(first.output).toMatchObject({ advice: 'wait', shout: 'HELLO' })
    expect((first.output as any).quotes.map((q: any) => q.country)).toEqual(['DE', 'FR', 'US'])
    // the effects finish in another order (the last country first): the history is the same
    const second = await runWorkflow(workflow, INPUT, { effects: fakeEffects(key => key.endsWith('US') ? 1 : key.endsWith('DE') ? 30 : 10) })
    expect(canonicalJson(second)).toBe(canonicalJson(first))
    expect(await valueHash(second.history)).toBe(await valueHash(first.history))
    expect(first.history.map(r => `${r.node}:${r.status}`)).toEqual([
      'quotes[0].page:done', 'quotes[0].quote:done', 'quotes[1].page:done', 'quotes[1].quote:done', 'quotes[2].page:done', 'quotes[2].quote:done',
      'quotes:done', 'cheapest:done', 'shout:done', 'route:done', 'deal:skipped', 'skip:done', 'advice:done', 'sane:done'
    ])
  })

  it('replays a run from its history without calling any effect, and resumes a partial one running only what is missing', async () => {
    const workflow = compileWorkflow(PIPELINE)
    const first = await runWorkflow(workflow, INPUT, { effects: fakeEffects() })
    const replayed = await runWorkflow(workflow, INPUT, { recorded: recordsOf(first.history) })
    expect(canonicalJson(replayed)).toBe(canonicalJson(first))
    // a run that stopped after two fetches: the rest run, the two do not
    const partial = first.history.filter(r => r.node === 'quotes[0].page' || r.node === 'quotes[2].page')
    const effects = fakeEffects()
    const resumed = await runWorkflow(workflow, INPUT, { effects, recorded: recordsOf(partial) })
    expect(canonicalJson(resumed)).toBe(canonicalJson(first))
    expect(effects.calls.sort()).toEqual(['fetch https://shop.example/item/42?c=FR FR', 'job hello'])
  })

  it('hands each effect\'s record to onRecord before anything that depends on it runs', async () => {
    const written: string[] = []
    const workflow = compileWorkflow(PIPELINE)
    const result = await runWorkflow(workflow, INPUT, { effects: fakeEffects(), onRecord: async (record: NodeRecord) => { written.push(record.node) } })
    expect(written.sort()).toEqual(['quotes[0].page', 'quotes[1].page', 'quotes[2].page', 'shout'])
    expect(result.status).toBe('done')
  })

  it.each([
    { name: 'a cycle', nodes: [{ id: 'a', type: 'transform', value: 'b' }, { id: 'b', type: 'transform', value: 'a' }], problem: { node: 'a', message: /a, b wait for each other/ } },
    { name: 'an unknown node type', nodes: [{ id: 'a', type: 'shell', value: '1' }], problem: { node: 'a', path: '/nodes/0/type', message: /must be one of/ } },
    { name: 'a dangling reference', nodes: [{ id: 'a', type: 'transform', value: 'input.x + nowhere.y' }], problem: { node: 'a', path: '/nodes/0/value', message: /names nowhere/ } },
    { name: 'a reach for a global', nodes: [{ id: 'a', type: 'transform', value: 'globalThis.process' }], problem: { node: 'a', message: /names globalThis/ } },
    { name: 'an expression that does not parse', nodes: [{ id: 'a', type: 'transform', value: '1 +' }], problem: { node: 'a', message: /does not parse/ } },
    { name: 'an expression nested past the limit', nodes: [{ id: 'a', type: 'transform', value: '('.repeat(100) + '1' + ')'.repeat(100) }], problem: { node: 'a', message: /maxDepth/ } },
    { name: 'a missing field', nodes: [{ id: 'a', type: 'fetch' }], problem: { node: 'a', path: '/nodes/0', message: /needs a field url/ } },
    { name: 'a field of another type', nodes: [{ id: 'a', type: 'transform', value: '1', url: 'x' }], problem: { node: 'a', message: /field url that a transform node does not take/ } },
    { name: 'a job module that is no sha-256', nodes: [{ id: 'a', type: 'job', module: 'upper.wasm' }], problem: { node: 'a', path: '/nodes/0/module', message: /must match pattern/ } },
    { name: 'an id used twice', nodes: [{ id: 'a', type: 'transform', value: '1' }, { id: 'a', type: 'transform', value: '2' }], problem: { node: 'a', message: /used twice/ } },
    { name: 'a sub-graph naming its map', nodes: [{ id: 'm', type: 'map', over: '[1]', nodes: [{ id: 'x', type: 'transform', value: 'm' }], value: 'x' }], problem: { node: 'm', message: /names the map node itself/ } },
    { name: 'a merge of nothing here', nodes: [{ id: 'a', type: 'merge', from: ['b'] }], problem: { node: 'a', path: '/nodes/0/from/0', message: /no other node/ } }
  ])('refuses $name with a problem naming the node', ({ nodes, problem }) => {
    let error: unknown
    try {
      compileWorkflow({ workflow: 1, nodes, output: 'input' })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(InvalidWorkflowError)
    expect((error as InvalidWorkflowError).problems).toContainEqual(expect.objectContaining({ ...problem, message: expect.stringMatching(problem.message) }))
  })

  it('fails a run at the node whose expression throws, whose schema refuses, or whose assert fails; effects elsewhere are aborted and nothing later runs', async () => {
    const run = async (nodes: unknown[], input: unknown = {}): Promise<any> => runWorkflow(compileWorkflow({ workflow: 1, nodes, output: 'input' }), input, { effects: fakeEffects() })
    expect((await run([{ id: 'a', type: 'transform', value: 'input.missing + 1' }])).error).toMatchObject({ node: 'a', name: 'ExpressionError', message: expect.stringMatching(/No such key: missing/) })
    expect((await run([{ id: 'a', type: 'transform', value: '1 / 0' }])).error).toMatchObject({ node: 'a', name: 'ExpressionError' })
    expect((await run([{ id: 'a', type: 'transform', value: '"x"', outputSchema: { type: 'number' } }])).error).toMatchObject({ node: 'a', name: 'SchemaError' })
    expect((await run([{ id: 'a', type: 'assert', check: 'false', message: '"prices must be positive"' }])).error).toMatchObject({ node: 'a', name: 'AssertionFailedError', message: 'node a: prices must be positive' })
    const slow = fakeEffects(() => 10_000)
    const started = performance.now()
    const failed = await runWorkflow(compileWorkflow({ workflow: 1, nodes: [{ id: 'slow', type: 'fetch', url: '"https://a.example/"' }, { id: 'bad', type: 'assert', check: 'false' }, { id: 'after', type: 'transform', when: 'slow.status == 200', value: '1' }], output: 'input' }), {}, { effects: slow })
    expect(failed.error).toMatchObject({ node: 'bad' })
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(failed.history.map(r => r.node)).toEqual(['bad'])
  })

  it('refuses a map over more items than its limit before running any item, and an input that does not fit the schema', async () => {
    const effects = fakeEffects()
    const workflow = compileWorkflow({ workflow: 1, nodes: [{ id: 'm', type: 'map', over: 'input', nodes: [{ id: 'f', type: 'fetch', url: '"https://a.example/" + string(item)' }], value: 'f.status' }], output: 'm' })
    const huge = await runWorkflow(workflow, Array.from({ length: 1_000_000 }, (_, i) => i), { effects })
    expect(huge.error).toMatchObject({ node: 'm', name: 'WorkflowLimitError', message: expect.stringMatching(new RegExp(`the limit is ${MAX_MAP_ITEMS}`)) })
    expect(effects.calls).toEqual([])
    await expect(runWorkflow(compileWorkflow(PIPELINE), { countries: 'DE' })).rejects.toMatchObject({ name: 'InvalidWorkflowInputError' })
  })

  it('mixes JSON numbers and integer literals in arithmetic, and gives JSON back', async () => {
    const workflow = compileWorkflow({ workflow: 1, nodes: [{ id: 'a', type: 'transform', value: '{"sum": input.price + 1, "twice": input.price * 2, "count": size(input.tags), "json": toJson(input.tags)}' }], output: 'a' })
    expect((await runWorkflow(workflow, { price: 2.5, tags: ['x'] })).output).toEqual({ sum: 3.5, twice: 5, count: 1, json: '["x"]' })
  })
})
