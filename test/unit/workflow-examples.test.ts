import { createHash } from 'node:crypto'
import { readFile, readdir } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { canonicalJson, compileWorkflow, recordsOf, runWorkflow } from '../../workflows/engine/index.js'
import type { WorkflowDocument } from '../../workflows/engine/index.js'

const EXAMPLES = new URL('../../workflows/examples/', import.meta.url)
const DIST = new URL('../../dist/examples/', import.meta.url)

async function example (name: string): Promise<{ document: WorkflowDocument, input: unknown }> {
  return {
    document: JSON.parse(await readFile(new URL(`${name}.json`, EXAMPLES), 'utf8')),
    input: JSON.parse(await readFile(new URL(`${name}.input.json`, EXAMPLES), 'utf8'))
  }
}

describe('the workflow examples', () => {
  it('each compiles and comes with an input that fits its schema', async () => {
    const names = (await readdir(EXAMPLES)).filter(f => f.endsWith('.json') && !f.endsWith('.input.json')).map(f => f.slice(0, -'.json'.length))
    expect(names.sort()).toEqual(['data-cleaning', 'price-comparison', 'text-batch'])
    for (const name of names) {
      const { document, input } = await example(name)
      const workflow = compileWorkflow(document)
      // no effects: the run stops at the first job or fetch, never at the input or a form problem
      const result = await runWorkflow(workflow, input)
      if (result.status === 'failed') expect(result.error?.message, name).toMatch(/has no (job runner|fetcher)/)
    }
  })

  it('data-cleaning (transforms only) cleans the sample list, the same twice and when replayed', async () => {
    const { document, input } = await example('data-cleaning')
    const workflow = compileWorkflow(document)
    const result = await runWorkflow(workflow, input)
    expect(result.output).toEqual({
      records: [
        { name: 'Ada Lovelace', email: 'ada@example.org', country: 'GB' },
        { name: 'Alan Turing', email: 'alan@example.org', country: 'GB' },
        { name: 'Edsger Dijkstra', email: 'edsger@example.nl', country: 'NL' },
        { name: 'Barbara Liskov', email: 'barbara@example.com', country: '' }
      ],
      summary: { received: 7, invalidEmail: 2, duplicates: 1, kept: 4 }
    })
    expect(canonicalJson(await runWorkflow(workflow, input))).toBe(canonicalJson(result))
    expect(canonicalJson(await runWorkflow(workflow, input, { recorded: recordsOf(result.history) }))).toBe(canonicalJson(result))
  })

  it('text-batch names the example modules `npm run build` makes, by their sha-256', async () => {
    const { document } = await example('text-batch')
    const hashes = JSON.stringify(document).match(/[0-9a-f]{64}/g) ?? []
    const built = await Promise.all(['upper.wasm', 'sha256sum.wasm'].map(async f => createHash('sha256').update(await readFile(new URL(f, DIST))).digest('hex')))
    expect(new Set(hashes)).toEqual(new Set(built))
  })
})
