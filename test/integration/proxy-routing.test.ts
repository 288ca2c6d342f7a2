import { SocksClient } from 'socks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROXY_PROTOCOL } from '../../protocols/proxy/index.js'
import { listenProxyFronts } from '../../node/gateway/index.js'
import { silentLogger } from '../../node/logger.js'
import { curl } from '../curl.js'
import { startFileServer } from '../file-server.js'
import { metricValue, waitFor } from '../helpers.js'
import { socksFetch } from '../socks-fetch.js'
import { createTestnet } from '../testnet.js'
import type { ProxyFronts } from '../../node/gateway/index.js'
import type { TransparencyEntry } from '../../node/db/transparency-repository.js'
import type { FileServer } from '../file-server.js'
import type { TestNode, Testnet } from '../testnet.js'

type Served = TransparencyEntry & { provider: TestNode }

describe('provider choice: country, sticky sessions, rotation, failover (about 15 s)', () => {
  let net: Testnet
  let files: FileServer
  let fronts: ProxyFronts
  let gatewayNode: TestNode
  beforeAll(async () => {
    files = await startFileServer()
    net = await createTestnet(5, { countries: ['DE', 'DE', 'US', 'JP'], provider: { exit: { exitAllow: ['127.0.0.0/8'] } } })
    gatewayNode = net.gateways[0]!
    const gateway = gatewayNode.gateway!
    await waitFor(() => gateway.table.list({ service: 'proxy' }).length === 4, 'the gateway to know all four providers')
    fronts = await listenProxyFronts(gateway.router, { socksPort: 0, httpProxyPort: 0 }, silentLogger())
  })
  afterAll(async () => {
    await fronts?.close()
    await net?.destroy()
    await files?.close()
  })

  /** Fetches `count` times in sequence with `username`; returns which exit served each, from the exits' own logs. */
  async function fetchAndTrace (username: string | undefined, count: number): Promise<Served[]> {
    const since = Date.now()
    for (let i = 0; i < count; i++) {
      const result = await socksFetch(fronts.socks!, { host: '127.0.0.1', port: files.port }, '/bytes/100', { username })
      expect(result.bytes, `fetch ${i}`).toBe(100)
      // separate start times, so the merged logs have one order
      await new Promise(resolve => setTimeout(resolve, 3))
    }
    const served = await waitFor(async () => {
      const found: Served[] = []
      for (const provider of net.providers.filter(p => p.provider != null)) {
        const entries = await provider.provider!.transparency.list(since, 1_000)
        found.push(...entries.filter(e => e.end != null).map(e => ({ ...e, provider })))
      }
      return found.length >= count ? found.sort((a, b) => a.timeMs - b.timeMs) : undefined
    }, 'every connection in the exits\' logs', 5_000)
    // each ended cleanly, with the provider's close summary (not cut short by the gateway)
    expect(served.map(s => s.end)).toEqual(Array(count).fill('closed'))
    return served
  }

  it('country-de goes only to German exits, and uses both of them', async () => {
    const served = await fetchAndTrace('country-de', 12)
    expect(served.map(s => s.provider.country)).toEqual(Array(12).fill('DE'))
    expect(new Set(served.map(s => s.provider.libp2p.peerId.toString())).size).toBe(2)
  })

  it('a country without providers is told "no provider": SOCKS reply 0x03, HTTP 503', async () => {
    const [host, port] = fronts.socks!.split(':')
    await expect(SocksClient.createConnection({
      proxy: { host: host!, port: Number(port), type: 5, userId: 'country-fr', password: 'x' },
      command: 'connect',
      destination: { host: '127.0.0.1', port: files.port },
      timeout: 10_000
    })).rejects.toThrow(/NetworkUnreachable/)
    const http = await curl(['-p', '-x', `http://country-fr:x@${fronts.httpProxy!}`, '-o', '/dev/null', '-w', '%{http_connect}', files.url(1)])
    expect(http.stdout).toBe('503')
  })

  it('a sticky session stays on one exit, which logs the session id', async () => {
    const served = await fetchAndTrace('alice-session-s1-ttl-60', 10)
    expect(new Set(served.map(s => s.provider.libp2p.peerId.toString())).size).toBe(1)
    expect(served.every(s => s.sessionId === 's1')).toBe(true)
  })

  it('without a session every connection rotates to a different exit than the one before', async () => {
    const served = await fetchAndTrace(undefined, 12)
    for (let i = 1; i < served.length; i++) {
      expect(served[i]!.provider, `connection ${i}`).not.toBe(served[i - 1]!.provider)
    }
    expect(new Set(served.map(s => s.provider)).size).toBeGreaterThanOrEqual(3)
  })

  it('a provider killed during a transfer: that transfer fails cleanly, the next one succeeds elsewhere, no stream leaks', async () => {
    const size = 64 * 1024 * 1024
    const username = 'session-doomed'
    // learn the session's exit with a first small fetch
    const [first] = await fetchAndTrace(username, 1)
    const victim = first!.provider
    const transfer = socksFetch(fronts.socks!, { host: '127.0.0.1', port: files.port }, `/bytes/${size}`, { username, slow: { everyBytes: 256 * 1024, pauseMs: 10 } })
      .then(result => ({ result }), (err: Error) => ({ err }))
    await waitFor(async () => await metricValue(victim.registry, 'peergrid_provider_proxy_bytes_total', { direction: 'received' }) > 4 * 1024 * 1024, 'the transfer to be under way', 10_000)
    // a crash, not a goodbye: connections reset, then the node goes
    for (const connection of victim.libp2p.getConnections()) connection.abort(new Error('provider crashed'))
    await victim.stop()

    const outcome = await transfer
    if ('result' in outcome) expect(outcome.result.bytes).toBeLessThan(size)
    else expect(outcome.err).toBeInstanceOf(Error)

    const retriesBefore = await metricValue(gatewayNode.registry, 'peergrid_gateway_proxy_retries_total')
    // the same session (its exit is gone) and a plain connection both succeed on live exits
    for (const user of [username, undefined, undefined, undefined]) {
      const again = await socksFetch(fronts.socks!, { host: '127.0.0.1', port: files.port }, '/bytes/1000', { username: user })
      expect(again.sha256, `after the crash, ${user ?? 'no session'}`).toBe(files.sha256(1000))
    }
    // the dead exit was chosen at most once more (then forgotten): retried, never failed
    expect(await metricValue(gatewayNode.registry, 'peergrid_gateway_proxy_retries_total')).toBeLessThanOrEqual(retriesBefore + 1)
    expect(gatewayNode.gateway!.table.get(victim.libp2p.peerId)).toBeUndefined()

    const streams = await waitFor(() => {
      const open = gatewayNode.libp2p.getConnections().flatMap(c => c.streams).filter(s => s.protocol === PROXY_PROTOCOL)
      return open.length === 0 ? open : undefined
    }, 'the gateway\'s proxy streams to close', 5_000)
    expect(streams).toHaveLength(0)
    expect(gatewayNode.gateway!.router.activeTunnels).toBe(0)
  })
})
