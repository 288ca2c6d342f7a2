import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stubResolver } from '../exit-fixtures.js'
import { startFileServer } from '../file-server.js'
import { tryOpen, waitFor, waitForLog } from '../helpers.js'
import { createTestnet } from '../testnet.js'
import type { FileServer } from '../file-server.js'
import type { TestNode, Testnet } from '../testnet.js'

// Owner policy on the exit: the German provider denies denied.test and
// 127.0.0.3/32; the Japanese one serves only an account nobody has.
describe('owner policy, enforced on the exit (about 3 s)', () => {
  let net: Testnet
  let files: FileServer
  let gateway: TestNode
  let germany: TestNode
  beforeAll(async () => {
    files = await startFileServer()
    net = await createTestnet(1, { countries: [] })
    const resolver = stubResolver({ 'denied.test': ['127.0.0.1'], 'www.denied.test': ['127.0.0.1'], 'fine.test': ['127.0.0.1'] })
    const exit = { exitAllow: ['127.0.0.0/8'], resolver }
    germany = await net.add('provider', { country: 'DE', exit: { ...exit, owner: { denyDestinations: ['denied.test', '127.0.0.3/32'] } } })
    await net.add('provider', { country: 'JP', exit: { ...exit, owner: { allowCustomers: ['acct-somebody-else'] } } })
    gateway = net.gateways[0]!
    await waitFor(() => gateway.gateway!.table.list({ service: 'proxy' }).length === 2, 'the gateway to know both providers')
  })
  afterAll(async () => {
    await net?.destroy()
    await files?.close()
  })

  const open = async (host: string, username: string): Promise<string> => tryOpen(gateway.gateway!, { host, port: files.port, username })


  it('the record tells gateways which domains the owner denies, so they do not even ask', async () => {
    expect(gateway.gateway!.table.get(germany.libp2p.peerId)?.record.policy?.deniedDomains).toEqual(['denied.test'])
    const since = Date.now()
    expect(await open('www.denied.test', 'country-de')).toBe('policy')
    expect(await germany.provider!.transparency.list(since, 100)).toEqual([])
    expect(await open('fine.test', 'country-de')).toBe('ok')
  })

  it('refuses a denied range after resolving, with the policy reply and the rule in its log', async () => {
    const since = Date.now()
    expect(await open('127.0.0.3', 'country-de')).toBe('policy')
    const entries = await waitForLog(germany.provider!, since)
    expect(entries).toMatchObject([{ host: '127.0.0.3', decision: 'refused', reason: 'policy', rule: 'deny 127.0.0.3/32' }])
  })

  it('a gateway without a credential fails fast with "unauthorized" and asks no exit', async () => {
    const lonely = await net.add('gateway', { enrollmentKey: 'pgk_nobody-has-this' })
    await waitFor(() => lonely.gateway!.table.list({ service: 'proxy' }).length === 2, 'the lonely gateway to know the providers')
    const since = Date.now()
    await expect(lonely.gateway!.router.connect({ host: 'fine.test', port: files.port, client: 'test' })).rejects.toMatchObject({ name: 'OpenFailedError', reason: 'unauthorized' })
    for (const provider of net.providers) expect(await provider.provider!.transparency.list(since, 100)).toEqual([])
  })

  it('refuses customers outside the owner\'s allowlist', async () => {
    const japan = net.providers.find(p => p.country === 'JP')!
    const since = Date.now()
    expect(await open('fine.test', 'country-jp')).toBe('policy')
    const entries = await waitForLog(japan.provider!, since)
    expect(entries).toMatchObject([{ decision: 'refused', reason: 'policy', rule: 'customer allowlist', account: gateway.credentials!.current()!.account }])
    expect(gateway.gateway!.table.get(japan.libp2p.peerId)?.record.policy?.customerAllowlist).toBe(true)
  })
})
