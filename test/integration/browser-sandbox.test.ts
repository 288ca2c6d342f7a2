import { existsSync } from 'node:fs'
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outputsHash } from '../../protocols/job/index.js'
import { runJob } from '../../protocols/job/sandbox/run.js'
import { compileTestModule } from '../modules/compile.js'
import type { JobInput } from '../../protocols/job/sandbox/run.js'
import type { Browser } from 'playwright-core'
import type { Server } from 'node:http'

const CHROMIUM = '/usr/bin/chromium'
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
  let server: Server
  let url: string
  let browser: Browser
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; .ci/run does)`)
    const bundle = await build({ stdin: { contents: ENTRY, resolveDir: process.cwd(), loader: 'js' }, bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent' })
    const script = bundle.outputFiles[0]!.text
    server = createServer((request, response) => {
      if (request.url === '/sandbox.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
      else response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/sandbox.js"></script>')
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`
    // the flags keep Chromium off the network this machine does not have (see the env notes)
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] })
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    server?.close()
  })

  it('gives the same stdout and outputs hash in Chromium as in Node, for the same module, input, seed and clock', async () => {
    const page = await browser.newPage()
    await page.goto(url)
    await page.waitForFunction(() => typeof (globalThis as any).runInBrowser === 'function')
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
    await page.close()
  })
})
