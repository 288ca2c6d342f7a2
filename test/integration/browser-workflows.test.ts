import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileWorkflow, runWorkflow, valueHash } from '../../workflows/engine/index.js'
import { openInChromium } from '../browser.js'
import type { FetchRequest, JobRequest, NodeRecord, WorkflowEffects } from '../../workflows/engine/index.js'
import type { BrowserPage } from '../browser.js'

const ENGINE = fileURLToPath(new URL('../../workflows/engine/index.ts', import.meta.url))
const EXAMPLES = new URL('../../workflows/examples/', import.meta.url)

/** The page's entry: the same engine, replaying a run from its history (no effects in a browser preview), answering the hashes. */
const ENTRY = `
import { compileWorkflow, runWorkflow, recordsOf, valueHash } from ${JSON.stringify(ENGINE)}
globalThis.replayWorkflow = async (document, input, history) => {
  const result = await runWorkflow(compileWorkflow(document), input, { recorded: recordsOf(history) })
  return { status: result.status, error: result.error, output: await valueHash(result.output ?? null), history: await valueHash(result.history) }
}
`

/** Deterministic stand-ins for the mesh, for the Node run whose history the browser replays. */
const EFFECTS: WorkflowEffects = {
  fetch: async (request: FetchRequest) => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ price: 400 + (request.country ?? 'XX').charCodeAt(0), currency: 'EUR' }) }),
  job: async (request: JobRequest) => ({ exitCode: 0, stdout: request.module.startsWith('24fe') ? request.stdin.toUpperCase() : `${'0'.repeat(64)}  -\n`, stderr: '', files: {}, outputsSha256: request.module })
}

describe('the workflow engine runs unchanged in a browser (Debian Chromium, about 5 s)', () => {
  let browser: BrowserPage
  beforeAll(async () => {
    browser = await openInChromium(ENTRY, 'replayWorkflow')
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
  })

  it.each(['data-cleaning', 'price-comparison', 'text-batch'])('%s: every transform gives the same output and history hashes in Chromium as in Node', async (name) => {
    const document = JSON.parse(await readFile(new URL(`${name}.json`, EXAMPLES), 'utf8'))
    const input = JSON.parse(await readFile(new URL(`${name}.input.json`, EXAMPLES), 'utf8'))
    const inNode = await runWorkflow(compileWorkflow(document), input, { effects: EFFECTS })
    expect(inNode.status, JSON.stringify(inNode.error)).toBe('done')
    const history: NodeRecord[] = inNode.history
    // only the effects' records go to the browser: it recomputes every transform, switch, merge and assert itself
    const effectsOnly = history.filter(r => /(^|\.)(page|upper|hash)$/.test(r.node))
    const inBrowser = await browser.page.evaluate(async ([d, i, h]) => (globalThis as any).replayWorkflow(d, i, h), [document, input, effectsOnly] as const)
    expect(inBrowser).toEqual({ status: 'done', error: undefined, output: await valueHash(inNode.output), history: await valueHash(history) })
  })
})
