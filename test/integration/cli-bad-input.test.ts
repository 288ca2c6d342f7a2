import { createServer } from 'node:net'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstLine, requireBuild, runCli, startCli } from '../cli.js'
import { waitFor } from '../helpers.js'
import type { Server } from 'node:net'

const RV = '/ip4/127.0.0.1/tcp/1/p2p/12D3KooWM9jwLhtkcEZiWpCA1MpP1vtLd5dy42wyri5b47ggGW3w'

describe('CLI bad input (about 10 s)', () => {
  let home: string
  let busy: Server
  let busyPort: number
  beforeAll(async () => {
    requireBuild()
    home = await mkdtemp(join(tmpdir(), 'peergrid-cli-'))
    await mkdir(join(home, 'corrupt'), { recursive: true })
    await writeFile(join(home, 'corrupt', 'peer.key'), 'not a key\n')
    await writeFile(join(home, 'bad.json'), JSON.stringify({ contry: 'DE', listen: ['nope'] }))
    await writeFile(join(home, 'broken.json'), '{"listen": [')
    await writeFile(join(home, 'short-secret'), 'too short\n')
    busy = createServer()
    await new Promise<void>(resolve => busy.listen(0, '127.0.0.1', resolve))
    busyPort = (busy.address() as { port: number }).port
  })
  afterAll(async () => {
    busy?.close()
    await rm(home, { recursive: true, force: true })
  })

  const cases: Array<{ name: string, args: () => string[], code: number, message: RegExp }> = [
    { name: 'malformed multiaddr', args: () => ['gateway', '--listen', '/ip4/300.1.1.1/tcp/1'], code: 2, message: /listen\[0\] \(from --listen\): must be a multiaddr/ },
    { name: 'bootstrap without a peer id', args: () => ['gateway', '--bootstrap', '/ip4/127.0.0.1/tcp/1'], code: 2, message: /ending in \/p2p\/<peer id>/ },
    { name: 'unknown country', args: () => ['provider', '--country', 'XX'], code: 2, message: /ISO 3166-1 alpha-2/ },
    { name: 'missing country', args: () => ['provider'], code: 2, message: /country is required for provider/ },
    { name: 'bad config keys, all listed', args: () => ['provider', '--config', join(home, 'bad.json')], code: 2, message: /contry.*did you mean country\?[\s\S]*listen\[0\]/ },
    { name: 'config file not JSON', args: () => ['gateway', '--config', join(home, 'broken.json')], code: 2, message: /is not valid JSON/ },
    { name: 'missing config file', args: () => ['gateway', '--config', join(home, 'nope.json')], code: 2, message: /no such file/ },
    { name: 'corrupt key file', args: () => ['gateway', '--data-dir', join(home, 'corrupt')], code: 1, message: /is not a libp2p private key; move it away/ },
    { name: 'libp2p port in use', args: () => ['rendezvous', '--listen', `/ip4/127.0.0.1/tcp/${busyPort}`, '--data-dir', join(home, 'rv')], code: 1, message: /the port is already in use/ },
    { name: 'API port in use', args: () => ['gateway', '--api-port', String(busyPort), '--listen', '/ip4/127.0.0.1/tcp/0', '--data-dir', join(home, 'gw')], code: 1, message: /local API on 127\.0\.0\.1:\d+: the port is already in use/ },
    { name: 'non-numeric flag', args: () => ['gateway', '--max-connections', '12x'], code: 1, message: /must be a whole number/ },
    { name: 'no running gateway', args: () => ['providers'], code: 1, message: /No running gateway found/ },
    { name: 'bad --exit-allow', args: () => ['provider', '--country', 'DE', '--exit-allow', '127.0.0.1/33'], code: 2, message: /exitAllow\[0\] \(from --exit-allow\): must be a CIDR range such as 127\.0\.0\.0\/8/ },
    { name: 'SOCKS port in use', args: () => ['gateway', '--socks-port', String(busyPort), '--api-port', '0', '--listen', '/ip4/127.0.0.1/tcp/0', '--data-dir', join(home, 'gw2')], code: 1, message: /SOCKS5 proxy on 127\.0\.0\.1:\d+: the port is already in use/ },
    { name: 'no running provider', args: () => ['log'], code: 1, message: /No running provider found/ },
    { name: 'no running rendezvous', args: () => ['account', 'list'], code: 1, message: /No running rendezvous found/ },
    { name: 'bad account role', args: () => ['account', 'create', '--role', 'admin'], code: 1, message: /--role must be provider or customer/ },
    { name: '--enroll without --trust', args: () => ['gateway', '--enroll', 'pgk_x', '--api-port', '0', '--socks-port', '0', '--http-proxy-port', '0', '--listen', '/ip4/127.0.0.1/tcp/0', '--data-dir', join(home, 'gw3')], code: 1, message: /--enroll needs --trust <key id>/ },
    { name: 'bad --trust', args: () => ['gateway', '--trust', 'nope'], code: 2, message: /trust\[0\] \(from --trust\): must be a credential signing key id/ },
    { name: 'webhook that is no URL', args: () => ['rendezvous', '--payout-webhook', 'ftp://pay.example'], code: 2, message: /payoutWebhook \(from --payout-webhook\): must be an http:\/\/ or https:\/\/ URL/ },
    { name: 'webhook without a secret', args: () => ['rendezvous', '--payout-webhook', 'http://127.0.0.1:1/pay', '--api-port', '0', '--listen', '/ip4/127.0.0.1/tcp/0', '--data-dir', join(home, 'rv2')], code: 1, message: /--payout-webhook needs --payout-webhook-secret-file <file>/ },
    { name: 'webhook secret too short', args: () => ['rendezvous', '--payout-webhook', 'http://127.0.0.1:1/pay', '--payout-webhook-secret-file', join(home, 'short-secret'), '--api-port', '0', '--listen', '/ip4/127.0.0.1/tcp/0', '--data-dir', join(home, 'rv3')], code: 1, message: /shorter than 16 bytes/ },
    { name: 'webhook secret missing', args: () => ['rendezvous', '--payout-webhook', 'http://127.0.0.1:1/pay', '--payout-webhook-secret-file', join(home, 'nope-secret'), '--api-port', '0', '--listen', '/ip4/127.0.0.1/tcp/0', '--data-dir', join(home, 'rv4')], code: 1, message: /Cannot read the webhook secret .*nope-secret: ENOENT/ },
    { name: 'payout verify without --trust', args: () => ['payouts', 'verify', join(home, 'bad.json')], code: 1, message: /--trust <key id> is required/ },
    { name: 'payout verify of a file without signature', args: () => ['payouts', 'verify', join(home, 'bad.json'), '--trust', '12D3KooWM9jwLhtkcEZiWpCA1MpP1vtLd5dy42wyri5b47ggGW3w'], code: 1, message: /bad\.json\.sig does not exist/ },
    { name: 'bad --since', args: () => ['log', '--api', 'http://127.0.0.1:1', '--token', 't', '--since', 'soon'], code: 1, message: /--since soon is not a time/ }
  ]
  for (const c of cases) {
    it(`${c.name}: exit ${c.code} with one readable message`, async () => {
      const { code, stderr } = await runCli(c.args(), { PEERGRID_HOME: home })
      expect(stderr, c.name).toMatch(c.message)
      expect(code, `${c.name}: ${stderr}`).toBe(c.code)
      expect(stderr, c.name).not.toMatch(/\n\s+at /)
    })
  }

  it('an unreachable bootstrap is a warning; the node keeps serving and stops cleanly', async () => {
    const child = startCli(['gateway', '--json', '--bootstrap', RV, '--listen', '/ip4/127.0.0.1/tcp/0', '--api-port', '0', '--data-dir', join(home, 'lonely')], { PEERGRID_HOME: home })
    let stderr = ''
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString() })
    const ready = JSON.parse(await firstLine(child))
    const health = await fetch(`${ready.api}/api/health`)
    expect(health.status).toBe(200)
    await waitFor(() => /bootstrap peer unreachable/.test(stderr), 'the unreachable-bootstrap warning')
    expect((await fetch(`${ready.api}/api/health`)).status).toBe(200)
    child.kill('SIGTERM')
    const code = await new Promise(resolve => child.once('exit', resolve))
    expect(code).toBe(0)
    expect(stderr).toMatch(/bootstrap peer unreachable/)
    expect(stderr).toMatch(/ECONNREFUSED/)
  })
})
