import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireBuild, runCli, startCli } from '../cli.js'
import { waitFor } from '../helpers.js'

describe('the CLI process (about 5 s)', () => {
  let home: string
  let cacheDir: string
  let codeCache: string
  beforeAll(async () => {
    requireBuild()
    home = await mkdtemp(join(tmpdir(), 'peergrid-process-'))
    // a cache of its own: other test files run the CLI at the same time
    cacheDir = join(home, 'code-cache')
    codeCache = join(cacheDir, `cli-${process.version}.v8`)
  })
  afterAll(async () => {
    await rm(home, { recursive: true, force: true })
  })

  it('stops cleanly when SIGTERM comes while the node is still starting', async () => {
    const dataDir = join(home, 'rv')
    const child = startCli(['rendezvous', '--listen', '/ip4/127.0.0.1/tcp/0', '--api-port', '0', '--data-dir', dataDir, '--log-level', 'info'])
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (d: Buffer) => { stdout += d.toString() })
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString() })
    const exited = new Promise<number | null>(resolve => child.once('exit', resolve))
    // logged while libp2p starts, before the ready line
    await waitFor(() => /published a rule set/.test(stderr), 'the rendezvous starting')
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(stderr).toMatch(/"msg":"stopping"[\s\S]*"msg":"stopped"/)
    expect(existsSync(join(dataDir, 'api.json'))).toBe(false)
    // it finished starting first: a half-started node is never left behind
    expect(stdout).toMatch(/listening/i)
  })

  it('replaces a code cache that V8 refuses and still runs', async () => {
    await mkdir(cacheDir, { recursive: true })
    await writeFile(codeCache, 'not a V8 code cache')
    const run = await runCli(['--version'], { PEERGRID_CODE_CACHE_DIR: cacheDir })
    expect(run.code).toBe(0)
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
    expect((await readFile(codeCache)).toString()).not.toBe('not a V8 code cache')
  })

  it('writes no code cache from a run that failed', async () => {
    await rm(codeCache, { force: true })
    const run = await runCli(['providers', '--api', 'not a url'], { PEERGRID_CODE_CACHE_DIR: cacheDir })
    expect(run.code).not.toBe(0)
    expect(existsSync(codeCache)).toBe(false)
    expect((await runCli(['--version'], { PEERGRID_CODE_CACHE_DIR: cacheDir })).code).toBe(0)
    expect(existsSync(codeCache)).toBe(true)
  })
})
