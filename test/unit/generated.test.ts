import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { generate } from 'protons'
import { afterAll, describe, expect, it } from 'vitest'
import { GENERATED, readmeSource, ruleSetValidatorSource, typesSource, validatorSource, workflowValidatorSource } from '../../scripts/generate-config.js'

const root = new URL('../../', import.meta.url)
const read = async (path: string): Promise<string> => readFile(new URL(path, root), 'utf8')
const STALE = 'is stale: run `npm run generate` and commit the result'

/** Every .proto file under protocols/. */
async function protos (dir = 'protocols'): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(new URL(dir, root), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) found.push(...await protos(path))
    else if (entry.name.endsWith('.proto')) found.push(path)
  }
  return found
}

describe('generated files are what their sources say (npm run generate)', () => {
  const out = mkdtemp(join(tmpdir(), 'peergrid-generated-'))
  afterAll(async () => { await rm(await out, { recursive: true, force: true }) })

  const cases: Array<[string, () => string | Promise<string>]> = [
    [GENERATED.validators, validatorSource],
    [GENERATED.types, typesSource],
    [GENERATED.ruleSetValidator, ruleSetValidatorSource],
    [GENERATED.workflowValidator, workflowValidatorSource],
    [`${GENERATED.readme} options table`, async () => readmeSource(await read(GENERATED.readme))]
  ]
  for (const [file, source] of cases) {
    it(`${file} is current`, async () => {
      const committed = await read(file.split(' ')[0]!)
      expect(committed === await source(), `${file} ${STALE}`).toBe(true)
    })
  }

  it('every protocols/**/pb/*.ts matches its .proto', async () => {
    const files = await protos()
    expect(files.length).toBeGreaterThanOrEqual(8)
    for (const proto of files) {
      const dir = await mkdtemp(join(await out, 'pb-'))
      await generate(new URL(proto, root).pathname, { output: dir })
      const name = `${basename(proto, '.proto')}.ts`
      expect(await readFile(join(dir, name), 'utf8') === await read(proto.replace(/[^/]+$/, name)), `${proto.replace(/\.proto$/, '.ts')} ${STALE}`).toBe(true)
    }
  })
})
