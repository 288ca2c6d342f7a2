import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstLine, requireBuild, runCli, startCli } from '../cli.js'
import { curl } from '../curl.js'
import { startFileServer } from '../file-server.js'
import { waitFor } from '../helpers.js'
import { compileTestModule } from '../modules/compile.js'
import type { ChildProcess } from 'node:child_process'

/** PIDs of processes whose command line mentions `text` (reads /proc, Linux only). */
async function processesMentioning (text: string): Promise<number[]> {
  const pids: number[] = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')
    if (cmdline.includes(text)) pids.push(Number(entry))
  }
  return pids
}

describe('peergrid devnet (about 30 s)', () => {
  let home: string
  const started: ChildProcess[] = []
  beforeAll(async () => {
    requireBuild()
    home = await mkdtemp(join(tmpdir(), 'peergrid-devnet-test-'))
  })
  afterAll(async () => {
    for (const child of started) child.kill('SIGKILL')
    await rm(home, { recursive: true, force: true })
  })

  it('comes up, is listed by `peergrid providers`, proxies with curl, logs with `peergrid log`, and leaves nothing behind on SIGTERM', async () => {
    const files = await startFileServer()
    const devnet = startCli(['devnet', '--json', '--exit-allow', '127.0.0.0/8'], { PEERGRID_HOME: home })
    started.push(devnet)
    const ready = JSON.parse(await firstLine(devnet))
    expect(Object.keys(ready).sort()).toEqual(['credentialKeyId', 'dataDir', 'exitAllow', 'gatewayApi', 'gatewayApiToken', 'httpProxy', 'providers', 'rendezvous', 'rendezvousApi', 'socks'])
    expect(ready.rendezvous).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/12D3KooW/)
    expect(ready.gatewayApi).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(ready.socks).toMatch(/^127\.0\.0\.1:\d+$/)
    expect(ready.httpProxy).toMatch(/^127\.0\.0\.1:\d+$/)
    expect(ready.exitAllow).toEqual(['127.0.0.0/8'])
    expect(ready.providers.map((p: { country: string }) => p.country)).toEqual(['DE', 'US', 'JP'])
    for (const provider of ready.providers) expect(provider.api).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)

    // the proxy, as a user tries it: curl through both fronts, byte-exact
    for (const size of [0, 64 * 1024 * 1024]) {
      for (const proxy of [['--socks5-hostname', ready.socks], ['-p', '-x', `http://${ready.httpProxy}`]]) {
        const fetched = await curl([...proxy, files.url(size)])
        expect(fetched.stderr, `${proxy[0]} ${size}`).toBe('')
        expect(fetched.sha256, `${proxy[0]} ${size}`).toBe(files.sha256(size))
      }
    }
    const refused = await curl(['--socks5-hostname', ready.socks, 'http://10.0.0.1/'])
    expect(refused.code).toBe(97)

    // every connection is in the exits' transparency logs
    const log = await runCli(['log', '--json'], { PEERGRID_HOME: home })
    expect(log.code, log.stderr).toBe(0)
    const entries = log.stdout.trim().split('\n').map(line => JSON.parse(line))
    expect(entries.filter(e => e.decision === 'allowed' && e.end === 'closed')).toHaveLength(4)
    expect(entries.filter(e => e.decision === 'refused')).toMatchObject([{ host: '10.0.0.1', port: 80, reason: 'rules', rule: '10.0.0.0/8' }])
    const logTable = await runCli(['log'], { PEERGRID_HOME: home })
    expect(logTable.stdout).toMatch(/^5 connections, 1 refused$/m)

    const children = await processesMentioning(ready.dataDir)
    expect(children.length).toBe(5)
    expect(ready.providers.map((p: { pid: number }) => children.includes(p.pid))).toEqual([true, true, true])

    const listed = await runCli(['providers', '--json'], { PEERGRID_HOME: home })
    expect(listed.code, listed.stderr).toBe(0)
    const providers = JSON.parse(listed.stdout)
    expect(providers.map((p: { peerId: string }) => p.peerId).sort()).toEqual(ready.providers.map((p: { peerId: string }) => p.peerId).sort())
    const table = await runCli(['providers', '--country', 'de'], { PEERGRID_HOME: home })
    expect(table.stdout).toMatch(/DE Germany/)
    expect(table.stdout).toMatch(/^1 provider$/m)

    // peergrid status: every devnet provider, with its offer, its reachability (public on loopback) and its day
    const summary = await runCli(['status'], { PEERGRID_HOME: home })
    expect(summary.code, summary.stderr).toBe(0)
    for (const provider of ready.providers as Array<{ peerId: string }>) expect(summary.stdout).toContain(`provider ${provider.peerId}`)
    expect(summary.stdout.match(/reachability: public at \/ip4\/127\.0\.0\.1\/tcp\/\d+/g)?.length).toBe(3)
    expect(summary.stdout).toMatch(/offers proxy, compute from DE \(Germany\)/)
    expect(summary.stdout.match(/serving: yes; this month \d/g)?.length).toBe(3)
    expect(summary.stdout).toMatch(/last 24 h: \d+ metered connections?, \d+ paid jobs?, earned \d+\.\d{6} units/)
    const statusJson = (await runCli(['status', '--json'], { PEERGRID_HOME: home })).stdout.trim().split('\n').map(line => JSON.parse(line))
    expect(statusJson.map((s: { reachability: { status: string } }) => s.reachability.status)).toEqual(['public', 'public', 'public'])

    // the owner of the German exit sets a data cap 1 MiB above this month's bytes; the download that crosses it is cut,
    // the gateway stops picking that exit (curl through it is refused, others serve), and lifting the cap brings it back
    const german = ready.providers[0] as { name: string, peerId: string }
    const ownerFlags = ['--data-dir', join(ready.dataDir, german.name)]
    const used = JSON.parse((await runCli(['policy', '--json', ...ownerFlags], { PEERGRID_HOME: home })).stdout).usage.bytes as number
    const capped = await runCli(['policy', 'set', '--data-cap', String(used + 1024 * 1024), ...ownerFlags], { PEERGRID_HOME: home })
    expect(capped.stdout, capped.stderr).toMatch(/: serving\n(.|\n)*data cap: .* of \d+\.\d+ MiB used/)
    const viaGermany = `socks5h://country-de:x@${ready.socks}`
    const crossing = await curl(['-x', viaGermany, files.url(4 * 1024 * 1024)])
    expect(crossing.bytes).toBeLessThan(4 * 1024 * 1024)
    await waitFor(async () => {
      const listed = JSON.parse((await runCli(['providers', '--json'], { PEERGRID_HOME: home })).stdout) as Array<{ peerId: string, unusable?: string }>
      return listed.find(p => p.peerId === german.peerId)?.unusable === 'not serving: data-cap'
    }, 'the gateway to list the German exit as not serving', 10_000)
    expect((await runCli(['providers'], { PEERGRID_HOME: home })).stdout).toMatch(/not serving: data-cap/)
    expect((await curl(['-x', viaGermany, files.url(1000)])).code).toBe(97)
    expect((await curl(['--socks5-hostname', ready.socks, files.url(1000)])).sha256).toBe(files.sha256(1000))
    const stillCapped = await runCli(['policy', ...ownerFlags], { PEERGRID_HOME: home })
    expect(stillCapped.stdout).toMatch(/NOT serving — this month's \d+ bytes are used up/)
    expect((await runCli(['policy', 'set', '--data-cap', '0', ...ownerFlags], { PEERGRID_HOME: home })).code).toBe(0)
    await waitFor(async () => (await curl(['-x', viaGermany, files.url(1000)])).sha256 === files.sha256(1000), 'the German exit to serve again', 10_000)

    const unauthorized = await fetch(`${ready.gatewayApi}/api/providers`)
    expect(unauthorized.status).toBe(401)

    // the operator sets a rule set; every exit shows the same version and hash
    const rulesFile = join(home, 'rules.json')
    await writeFile(rulesFile, JSON.stringify({ categories: { malware: { domains: ['evil.test'], optIn: false } } }))
    const set = await runCli(['rules', 'set', rulesFile], { PEERGRID_HOME: home })
    expect(set.stdout, set.stderr).toMatch(/^Rule set version 2 \(sha-256 [0-9a-f]{64}\)/)
    const hash = /sha-256 ([0-9a-f]{64})/.exec(set.stdout)![1]
    await waitFor(async () => {
      const shown = await runCli(['rules', 'show', '--provider', '--json'], { PEERGRID_HOME: home })
      const views = JSON.parse(shown.stdout) as Array<{ version: number, hash: string }>
      return views.length === 3 && views.every(v => v.version === 2 && v.hash === hash)
    }, 'every provider to show rule set 2', 10_000)
    await waitFor(async () => (await runCli(['rules', 'show', '--gateway'], { PEERGRID_HOME: home })).stdout.includes(`gateway: rule set version 2, sha-256 ${hash}`), 'the gateway to show rule set 2', 10_000)
    await writeFile(rulesFile, JSON.stringify({ categories: { Bad: {} } }))
    const bad = await runCli(['rules', 'set', rulesFile], { PEERGRID_HOME: home })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/The rule set is not valid/)

    // the exits' receipts reach the rendezvous's books; a payout run pays the providers into signed files
    // a provider is due (its earnings reached the devnet's threshold), or the devnet's own schedule paid it already
    await waitFor(async () => {
      const due = JSON.parse((await runCli(['payouts', 'due', '--json'], { PEERGRID_HOME: home })).stdout) as { due: Array<{ payable: number }> }
      if (due.due.some(d => d.payable > 0)) return true
      return (JSON.parse((await runCli(['payouts', '--json', '--state', 'settled'], { PEERGRID_HOME: home })).stdout) as { payouts: unknown[] }).payouts.length > 0
    }, 'the providers\' earnings to be booked', 30_000)
    const run = await runCli(['payouts', 'run'], { PEERGRID_HOME: home })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/^(Run run_\S+: \d+ payouts?|No provider is due a payout)/)
    const paid = JSON.parse((await runCli(['payouts', '--json', '--state', 'settled'], { PEERGRID_HOME: home })).stdout) as { payouts: Array<{ amount: number, reference: string }> }
    expect(paid.payouts.length).toBeGreaterThanOrEqual(1)
    const payoutFile = join(ready.dataDir, 'rendezvous', 'payouts', paid.payouts[0]!.reference)
    const verified = await runCli(['payouts', 'verify', payoutFile, '--trust', ready.credentialKeyId], { PEERGRID_HOME: home })
    expect(verified.stdout, verified.stderr).toMatch(/signed by 12D3KooW\S+; run run_\S+, \d+ payouts?/)
    const untrusted = await runCli(['payouts', 'verify', payoutFile, '--trust', ready.providers[0].peerId], { PEERGRID_HOME: home })
    expect(untrusted.code).toBe(1)
    expect(untrusted.stderr).toMatch(/not a trusted rendezvous key/)
    const books = await runCli(['ledger', '--check'], { PEERGRID_HOME: home })
    expect(books.stdout, books.stderr).toMatch(/^The books add up/)

    // a WebAssembly job through the gateway, as a customer runs one: output, replicas that agree, a runaway stopped
    const hello = join(home, 'hello.wasm')
    await writeFile(hello, await compileTestModule('hello'))
    const ran = await runCli(['job', 'run', hello, '--replicas', '2'], { PEERGRID_HOME: home })
    expect(ran.stdout, ran.stderr).toBe('hello from the sandbox\n')
    expect(ran.stderr).toMatch(/^2 replicas agree: outputs sha-256 [0-9a-f]{64}$/m)
    expect(ran.code).toBe(0)
    const loop = join(home, 'loop.wasm')
    await writeFile(loop, await compileTestModule('loop'))
    const stopped = await runCli(['job', 'run', loop, '--timeout', '300ms'], { PEERGRID_HOME: home })
    expect(stopped.code).toBe(1)
    expect(stopped.stderr).toMatch(/The job did not finish: The job ran past its 300 ms limit and was stopped/)
    const jobLog = await runCli(['log'], { PEERGRID_HOME: home })
    expect(jobLog.stdout).toMatch(/job [0-9a-f]{12} .* exit 0/)
    expect(jobLog.stdout).toMatch(/job [0-9a-f]{12} .* JobTimeoutError/)

    // a workflow, as a customer runs one: WASM filters on providers, checked on two providers each, and its history
    const examples = new URL('../../workflows/examples/', import.meta.url).pathname
    const built = new URL('../../dist/examples/', import.meta.url).pathname
    const flow = await runCli(['workflow', 'run', `${examples}text-batch.json`, '--input', `${examples}text-batch.input.json`, '--module', `${built}upper.wasm`, '--module', `${built}sha256sum.wasm`, '--verify', '2', '--json'], { PEERGRID_HOME: home }, 60_000)
    expect(flow.code, flow.stderr).toBe(0)
    const flowRun = JSON.parse(flow.stdout)
    expect(flowRun).toMatchObject({ state: 'done', effectsDone: 6 })
    expect(flowRun.output.documents[0]).toMatchObject({ name: 'greeting.txt', text: 'HELLO FROM THE PEERGRID MESH\n' })
    const flowHistory = await runCli(['workflow', 'history', flowRun.id], { PEERGRID_HOME: home })
    expect(flowHistory.stdout).toMatch(/^done +processed\[0\]\.upper +\{"exitCode":0/m)

    // kill -9 the provider serving a slow 64 MiB download: that download fails, the next succeeds elsewhere, nothing leaks
    const api = { headers: { authorization: `Bearer ${ready.gatewayApiToken}` } }
    const slow = curl(['--socks5-hostname', ready.socks, '--limit-rate', '2M', files.url(64 * 1024 * 1024)])
    // the provider whose log holds the download as an open connection (not one with any active stream:
    // under load the gateway may have tried another provider first, whose stream was still closing)
    const slowStarted = Date.now() - 1_000
    const serving = await waitFor(async () => {
      for (const provider of ready.providers) {
        const token = (await readFile(join(ready.dataDir, provider.name, 'api-token'), 'utf8')).trim()
        const headers = { authorization: `Bearer ${token}` }
        const page = await (await fetch(`${provider.api}/api/transparency?since=${slowStarted}`, { headers })).json() as { entries: Array<{ port: number, decision: string, end?: string }> }
        const status = await (await fetch(`${provider.api}/api/status`, { headers })).json() as { exit: { activeStreams: number } }
        if (status.exit.activeStreams > 0 && page.entries.some(e => e.port === files.port && e.decision === 'allowed' && e.end == null)) return provider
      }
      return undefined
    }, 'a provider to serve the slow download', 10_000)
    process.kill(serving.pid, 'SIGKILL')
    const cut = await slow
    expect(cut.code).not.toBe(0)
    expect(cut.bytes).toBeLessThan(64 * 1024 * 1024)
    for (let i = 0; i < 3; i++) {
      const again = await curl(['--socks5-hostname', ready.socks, files.url(1000)])
      expect(again.sha256, `fetch ${i} after the kill`).toBe(files.sha256(1000))
    }
    const status = await waitFor(async () => {
      const body = await (await fetch(`${ready.gatewayApi}/api/status`, api)).json() as { tunnels: number, proxyStreams: number }
      return body.tunnels === 0 && body.proxyStreams === 0 ? body : undefined
    }, 'the gateway to hold no tunnel and no proxy stream', 10_000)
    expect(status).toMatchObject({ tunnels: 0, proxyStreams: 0 })
    await files.close()

    devnet.kill('SIGTERM')
    expect(await new Promise(resolve => devnet.once('exit', resolve))).toBe(0)
    expect(await processesMentioning(ready.dataDir)).toEqual([])
    expect(existsSync(ready.dataDir)).toBe(false)
    expect(existsSync(join(home, 'devnet.json'))).toBe(false)
  }, 120_000) // about 30 s alone: the safety net has room for the heavier files that may run beside it

  it('children stop by themselves when the devnet is killed with SIGKILL', async () => {
    const devnet = startCli(['devnet', '--json', '--providers', '1'], { PEERGRID_HOME: home })
    started.push(devnet)
    const ready = JSON.parse(await firstLine(devnet))
    expect((await processesMentioning(ready.dataDir)).length).toBe(3)
    devnet.kill('SIGKILL')
    await waitFor(async () => (await processesMentioning(ready.dataDir)).length === 0, 'the orphaned nodes to exit', 15_000)
    await rm(ready.dataDir, { recursive: true, force: true })
  })

  it('refuses a provider count out of range', async () => {
    const result = await runCli(['devnet', '--providers', '0'], { PEERGRID_HOME: home })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/--providers must be between 1 and 20/)
  })
})
