import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outputsHash } from '../../protocols/job/index.js'
import { runJob } from '../../protocols/job/sandbox/run.js'
import { openInChromium } from '../browser.js'
import { compileTestModule } from '../modules/compile.js'
import type { JobInput } from '../../protocols/job/sandbox/run.js'
import type { BrowserPage } from '../browser.js'

const MiB = 1024 * 1024
const SANDBOX = fileURLToPath(new URL('../../protocols/job/sandbox/run.ts', import.meta.url))
const OUTPUTS = fileURLToPath(new URL('../../protocols/job/outputs.ts', import.meta.url))

/** The page's entry: runs a job with the same sandbox code the provider runs, and answers its stdout and outputs hash as hex. */
const ENTRY = `
import { runJob } from ${JSON.stringify(SANDBOX)}
import { outputsHash } from ${JSON.stringify(OUTPUTS)}
const hex = (bytes) => Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('')
window.runInBrowser = async (module, stdin, seed, clockStartNs) => {
  const outcome = await runJob(new Uint8Array(module), { args: ['job'], env: [], stdin: new Uint8Array(stdin), files: new Map(), seed: new Uint8Array(seed), clockStartNs: BigInt(clockStartNs), maxOutputBytes: ${MiB}, maxFilesystemBytes: ${MiB}, maxMemoryBytes: ${16 * MiB} })
  const hash = await outputsHash({ exitCode: outcome.exitCode, errorName: outcome.error?.name, stdout: outcome.stdout, stderr: outcome.stderr, files: [] })
  return { exitCode: outcome.exitCode, error: outcome.error, stdout: hex(outcome.stdout), hash: hex(hash) }
}
`

describe('the job sandbox runs unchanged in a browser (Debian Chromium, about 5 s)', () => {
  let browser: BrowserPage
  beforeAll(async () => {
    browser = await openInChromium(ENTRY, 'runInBrowser')
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
  })

  it('gives the same stdout and outputs hash in Chromium as in Node, for the same module, input, seed and clock', async () => {
    const { page } = browser
    const seed = new Uint8Array(16).fill(9)
    const clockStartNs = 1_800_000_000_000_000_000n
    for (const [name, stdin] of [['sha256sum', new TextEncoder().encode('the same bytes in both engines\n'.repeat(1000))], ['entropy', new Uint8Array(0)], ['upper', new TextEncoder().encode('Hello, browser')]] as const) {
      const module = await compileTestModule(name)
      const inBrowser = await page.evaluate(async ([m, s, d, c]) => (globalThis as any).runInBrowser(m, s, d, c), [[...module], [...stdin], [...seed], clockStartNs.toString()] as const)
      const input: JobInput = { args: ['job'], env: [], stdin, files: new Map(), seed, clockStartNs, maxOutputBytes: MiB, maxFilesystemBytes: MiB, maxMemoryBytes: 16 * MiB }
      const inNode = await runJob(module, input)
      const nodeHash = Buffer.from(await outputsHash({ exitCode: inNode.exitCode, errorName: inNode.error?.name, stdout: inNode.stdout, stderr: inNode.stderr, files: [] })).toString('hex')
      expect(inBrowser.error, name).toBeUndefined()
      expect(inBrowser.exitCode, name).toBe(0)
      expect(inBrowser.stdout, name).toBe(Buffer.from(inNode.stdout).toString('hex'))
      expect(inBrowser.hash, name).toBe(nodeHash)
    }
  })
})
