import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listenProxyFronts } from '../../node/gateway/index.js'
import { silentLogger } from '../../node/logger.js'
import { runCli } from '../cli.js'
import { curl } from '../curl.js'
import { startFileServer } from '../file-server.js'
import { waitFor } from '../helpers.js'
import { createNetnsHost } from '../netns.js'
import { createTestnet } from '../testnet.js'
import type { ProxyFronts } from '../../node/gateway/index.js'
import type { FileServer } from '../file-server.js'
import type { NetnsHost } from '../netns.js'
import type { TestNode, Testnet } from '../testnet.js'

/**
 * A gateway's fronts beyond loopback: another host (a network namespace
 * joined by a veth link) is refused unless its range is allowed, and the
 * CLI refuses to start such a gateway without --hosted or --allow-clients.
 */
describe('proxy fronts beyond loopback (about 5 s; needs root for ip netns)', () => {
  let net: Testnet
  let files: FileServer
  let gateway: TestNode
  let lan: NetnsHost
  const opened: ProxyFronts[] = []
  beforeAll(async () => {
    lan = await createNetnsHost()
    files = await startFileServer()
    net = await createTestnet(2, { countries: ['DE'], provider: { exit: { exitAllow: ['127.0.0.0/8'] } } })
    gateway = net.gateways[0]!
    await waitFor(() => gateway.gateway!.table.list({ service: 'proxy' }).length === 1, 'the gateway to know the provider')
  })
  afterAll(async () => {
    for (const fronts of opened) await fronts.close()
    await net?.destroy()
    await files?.close()
    await lan?.destroy()
  })

  const fronts = async (allowClients: string[]): Promise<{ socks: string, http: string }> => {
    const listening = await listenProxyFronts(gateway.gateway!.router, { socksPort: 0, httpProxyPort: 0, host: lan.hostIp, allowClients }, silentLogger())
    opened.push(listening)
    return { socks: listening.socks!, http: listening.httpProxy! }
  }
  const fromLan = async (args: string[]): ReturnType<typeof curl> => curl(args, 20_000, lan.prefix)

  it('refuses a client from another host when no range allows it: SOCKS5 no acceptable method, HTTP 403', async () => {
    const { socks, http } = await fronts([])
    const viaSocks = await fromLan(['--socks5-hostname', socks, '-o', '/dev/null', files.url(100)])
    expect(viaSocks.code, viaSocks.stderr).toBe(97)
    expect(viaSocks.stderr).toMatch(/No authentication method was acceptable|SOCKS5/)
    const viaConnect = await fromLan(['-p', '-x', `http://${http}`, '-o', '/dev/null', '-w', '%{http_connect}', files.url(100)])
    expect(viaConnect.stdout).toBe('403')
    const viaForward = await fromLan(['-x', `http://${http}`, '-o', '/dev/null', '-w', '%{http_code}', `http://127.0.0.1:${files.port}/bytes/100`])
    expect(viaForward.stdout).toBe('403')
  })

  it('serves a client from another host inside an allowed range', async () => {
    const { socks, http } = await fronts([lan.subnet])
    const viaSocks = await fromLan(['--socks5-hostname', socks, files.url(1000)])
    expect(viaSocks.stderr).toBe('')
    expect(viaSocks.sha256).toBe(files.sha256(1000))
    const viaConnect = await fromLan(['-p', '-x', `http://${http}`, files.url(1000)])
    expect(viaConnect.sha256).toBe(files.sha256(1000))
  })

  it('the CLI refuses --proxy-host beyond loopback without --hosted or --allow-clients, and says why', async () => {
    const common = ['gateway', '--proxy-host', '0.0.0.0', '--socks-port', '0', '--http-proxy-port', '0', '--api-port', '0', '--listen', '/ip4/127.0.0.1/tcp/0', '--data-dir', `${net.rendezvous.dataDir}-exposed`]
    const refused = await runCli(common)
    expect(refused.code, refused.stderr).toBe(1)
    expect(refused.stderr).toMatch(/--proxy-host 0\.0\.0\.0 would open the proxy to every machine that can reach this one.*--hosted.*--allow-clients/)
  })
})
