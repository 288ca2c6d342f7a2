import { isIP } from 'node:net'
import { SocksClient } from 'socks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FORBIDDEN, stubResolver } from '../exit-fixtures.js'
import { startFileServer } from '../file-server.js'
import { waitFor } from '../helpers.js'
import { createTestnet, gatewayFronts } from '../testnet.js'
import type { ProxyFronts } from '../../node/gateway/index.js'
import type { FileServer } from '../file-server.js'
import type { TestNode, Testnet } from '../testnet.js'

// Names resolve through a stub on the provider (the exit's resolver is the one
// part that would leave this machine). Each forbidden IP also gets a name
// that resolves to it. "allowed.test" stands in for a public address:
// 127.0.0.2 is let through with --exit-allow, and a file server listens there.
const names: Record<string, string[]> = {}
const NAMED = FORBIDDEN.filter(([host]) => isIP(host.replace(/^\[|\]$/g, '')) !== 0)
NAMED.forEach(([host], i) => { names[`forbidden-${i}.test`] = [host.replace(/^\[|\]$/g, '')] })
names['allowed.test'] = ['127.0.0.2']
names['mixed.test'] = ['127.0.0.2', '10.0.0.1']
let rebindCalls = 0
const resolver = stubResolver(names)
const rebinding = {
  async resolve (host: string): Promise<string[]> {
    // DNS rebinding: public (allowed) at the first answer, private ever after
    if (host === 'rebind.test') return rebindCalls++ === 0 ? ['127.0.0.2'] : ['10.0.0.1']
    return resolver.resolve(host)
  }
}

describe('forbidden destinations through the mesh (about 10 s)', () => {
  let net: Testnet
  let provider: TestNode
  let files: FileServer
  let fronts: ProxyFronts
  beforeAll(async () => {
    files = await startFileServer('127.0.0.2')
    net = await createTestnet(2, { countries: ['DE'], provider: { exit: { exitAllow: ['127.0.0.2/32'], resolver: rebinding } } })
    provider = net.providers[0]!
    fronts = await gatewayFronts(net)
  })
  afterAll(async () => {
    await fronts?.close()
    await net?.destroy()
    await files?.close()
  })

  const socksHost = (): string => fronts.socks!.split(':')[0]!
  const socksPort = (): number => Number(fronts.socks!.split(':')[1])
  async function open (host: string, port = 80): Promise<void> {
    const { socket } = await SocksClient.createConnection({
      proxy: { host: socksHost(), port: socksPort(), type: 5 },
      command: 'connect',
      destination: { host, port },
      timeout: 10_000
    })
    socket.destroy()
  }

  const cases: Array<[string, string, string]> = [
    ...FORBIDDEN.map(([host, rule]): [string, string, string] => [`IP ${host}`, host, rule]),
    ...NAMED.map(([host, rule], i): [string, string, string] => [`name resolving to ${host}`, `forbidden-${i}.test`, rule]),
    ['a name resolving to an allowed and a private address', 'mixed.test', '10.0.0.0/8']
  ]

  it(`refuses every forbidden destination with the rules reply and logs it (${cases.length} cases)`, async () => {
    const since = Date.now()
    for (const [what, host] of cases) {
      await expect(open(host), what).rejects.toThrow(/NotAllowed/)
    }
    // one entry per case, in order (the opens ran one after another)
    // the exit answers before it writes the refusal down: wait for the last write
    const entries = await waitFor(async () => {
      const found = await provider.provider!.transparency.list(since, 10_000)
      return found.length >= cases.length ? found : undefined
    }, 'every refusal in the transparency log', 5_000)
    expect(entries).toHaveLength(cases.length)
    for (const [i, [what, host, rule]] of cases.entries()) {
      const entry = entries[i]
      expect(entry?.decision, what).toBe('refused')
      expect(entry?.reason, what).toBe('rules')
      // an IPv6 literal travels in binary (SOCKS5 address type 4), so the exit
      // sees its canonical spelling, which an overlapping rule may match first
      if (isIP(host) === 6) expect(entry?.rule, what).toMatch(/\//)
      else expect(entry?.rule, what).toBe(rule)
      expect(entry?.dialled, what).toBeUndefined()
    }
    expect(entries.filter(e => e.decision === 'allowed')).toHaveLength(0)
  })

  it('refuses blocked ports (SMTP) with the rules reply', async () => {
    for (const port of [25, 465, 587, 2525]) {
      await expect(open('allowed.test', port), `port ${port}`).rejects.toThrow(/NotAllowed/)
    }
  })

  it('connects to the address it checked: a rebinding name is resolved once', async () => {
    const { socket } = await SocksClient.createConnection({
      proxy: { host: socksHost(), port: socksPort(), type: 5 },
      command: 'connect',
      destination: { host: 'rebind.test', port: files.port },
      timeout: 10_000
    })
    socket.end(`GET /bytes/5 HTTP/1.0\r\nHost: x\r\n\r\n`)
    const answer = await new Promise<string>(resolve => {
      let text = ''
      socket.on('data', (chunk: Buffer) => { text += chunk.toString('latin1') })
      socket.on('close', () => { resolve(text) })
    })
    expect(answer).toMatch(/^HTTP\/1\.[01] 200/)
    expect(rebindCalls).toBe(1)
    const entries = await provider.provider!.transparency.list(0, 10_000)
    const entry = entries.find(e => e.host === 'rebind.test')
    expect(entry?.dialled).toBe(`127.0.0.2:${files.port}`)
    expect(entry?.decision).toBe('allowed')
  })
})
