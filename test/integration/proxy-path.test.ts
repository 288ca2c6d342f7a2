import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROXY_PROTOCOL } from '../../protocols/proxy/index.js'
import { listenProxyFronts } from '../../node/gateway/index.js'
import { silentLogger } from '../../node/logger.js'
import { curl } from '../curl.js'
import { startFileServer } from '../file-server.js'
import { waitFor } from '../helpers.js'
import { createTestnet } from '../testnet.js'
import type { FileServer } from '../file-server.js'
import type { ProxyFronts } from '../../node/gateway/index.js'
import type { Testnet } from '../testnet.js'

describe('proxy data path through a testnet (about 20 s)', () => {
  let net: Testnet
  let files: FileServer
  let fronts: ProxyFronts
  beforeAll(async () => {
    files = await startFileServer()
    net = await createTestnet(3, { countries: ['DE', 'US'], provider: { exit: { exitAllow: ['127.0.0.0/8'] } } })
    const gateway = net.gateways[0]!.gateway!
    await waitFor(() => gateway.table.list({ service: 'proxy' }).length === 2, 'the gateway to know both providers')
    fronts = await listenProxyFronts(gateway.router, { socksPort: 0, httpProxyPort: 0 }, silentLogger())
  })
  afterAll(async () => {
    await fronts?.close()
    await net?.destroy()
    await files?.close()
  })

  for (const size of [0, 1, 65_536, 1024 * 1024 + 7, 64 * 1024 * 1024]) {
    it(`SOCKS5 (curl --socks5-hostname): ${size} bytes, sha-256 equal`, async () => {
      const result = await curl(['--socks5-hostname', fronts.socks!, files.url(size)])
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
      expect(result.bytes).toBe(size)
      expect(result.sha256).toBe(files.sha256(size))
    })
    it(`HTTP CONNECT (curl -p -x): ${size} bytes, sha-256 equal`, async () => {
      const result = await curl(['-p', '-x', `http://${fronts.httpProxy!}`, files.url(size)])
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
      expect(result.bytes).toBe(size)
      expect(result.sha256).toBe(files.sha256(size))
    })
  }

  it('no proxy stream is left open on the gateway', async () => {
    const libp2p = net.gateways[0]!.libp2p
    const open = await waitFor(() => {
      const streams = libp2p.getConnections().flatMap(c => c.streams).filter(s => s.protocol === PROXY_PROTOCOL)
      return streams.length === 0 ? streams : undefined
    }, 'proxy streams to close', 5_000)
    expect(open).toHaveLength(0)
    expect(net.gateways[0]!.gateway!.router.activeTunnels).toBe(0)
  })
})
