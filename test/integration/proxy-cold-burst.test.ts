import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFileServer } from '../file-server.js'
import { tryOpen, waitFor } from '../helpers.js'
import { createTestnet } from '../testnet.js'
import type { FileServer } from '../file-server.js'
import type { Testnet } from '../testnet.js'

// regression: yamux aborted a whole new connection when more than 10 streams
// arrived before it was set up, so a gateway's first burst of tunnels to a
// provider all failed (and the provider was forgotten)
describe('a burst of tunnels to a provider the gateway is not connected to yet (about 3 s)', () => {
  let net: Testnet
  let files: FileServer
  beforeAll(async () => {
    files = await startFileServer()
    net = await createTestnet(3, { gateways: 2, countries: ['DE'], provider: { exit: { exitAllow: ['127.0.0.0/8'] } } })
  })
  afterAll(async () => {
    await net?.destroy()
    await files?.close()
  })

  it('60 opens at once on a cold connection all succeed', async () => {
    for (const gateway of net.gateways) {
      const provider = net.providers[0]!.libp2p.peerId
      await waitFor(() => gateway.gateway!.table.get(provider), 'the gateway to know the provider')
      // the gateway may have fetched the provider's record over a connection already (DHT discovery): start cold
      await gateway.libp2p.hangUp(provider)
      expect(gateway.libp2p.getConnections(provider), 'no connection yet').toHaveLength(0)
      const results = await Promise.all(Array.from({ length: 60 }, async () => tryOpen(gateway.gateway!, { host: '127.0.0.1', port: files.port })))
      expect(results).toEqual(Array(60).fill('ok'))
    }
  })
})
