import { describe, expect, it } from 'vitest'
import { AddressPolicy } from '../../node/provider/exit/address-policy.js'
import { checkDestination } from '../../node/provider/exit/destination.js'
import { FORBIDDEN, stubResolver } from '../exit-fixtures.js'
import type { Resolver } from '../../node/provider/exit/destination.js'

const policy = new AddressPolicy()

const ALLOWED: Array<[string, string]> = [
  ['1.1.1.1', '1.1.1.1'],
  ['8.8.8.8', '8.8.8.8'],
  ['0x5db8d822', '93.184.216.34'],
  ['2606:4700::1111', '2606:4700::1111'],
  ['[2a00:1450:4001::1]', '2a00:1450:4001::1'],
  ['2002:808:808::1', '2002:808:808::1'],
  ['2001:0:4136:e378:8000:63bf:f7f7:f7f7', '2001:0:4136:e378:8000:63bf:f7f7:f7f7']
]

describe('exit destination check', () => {
  for (const [host, rule] of FORBIDDEN) {
    it(`refuses the address ${host} (${rule})`, async () => {
      const err = await checkDestination(host, 443, { policy }).catch(e => e)
      expect(err?.name, host).toBe('DestinationRefusedError')
      expect(err.rule, host).toBe(rule)
    })
  }

  for (const [host, rule] of FORBIDDEN) {
    it(`refuses a name resolving to ${host} (${rule})`, async () => {
      const address = host.replace(/^\[|\]$/g, '')
      const resolver = stubResolver({ 'victim.example': ['93.184.216.34', address] })
      const err = await checkDestination('victim.example', 443, { policy, resolver }).catch(e => e)
      expect(err?.name, host).toBe('DestinationRefusedError')
      expect(err.rule, host).toBe(rule)
      expect(resolver.calls, host).toEqual(['victim.example'])
    })
  }

  for (const [host, ip] of ALLOWED) {
    it(`allows the public address ${host}`, async () => {
      const checked = await checkDestination(host, 443, { policy })
      expect(checked.ip, host).toBe(ip)
    })
  }

  it('resolves once and hands back the checked address (DNS rebinding)', async () => {
    let calls = 0
    const rebinding: Resolver = { async resolve () { return ++calls === 1 ? ['93.184.216.34'] : ['127.0.0.1'] } }
    const first = await checkDestination('rebind.example', 80, { policy, resolver: rebinding })
    expect(first.ip).toBe('93.184.216.34')
    expect(calls).toBe(1)
    // the next connection resolves again and gets the private answer: refused
    const second = await checkDestination('rebind.example', 80, { policy, resolver: rebinding }).catch(e => e)
    expect(second.name).toBe('DestinationRefusedError')
    expect(second.address).toBe('127.0.0.1')
  })

  it('normalises international names before resolving', async () => {
    const resolver = stubResolver({ 'xn--bcher-kva.example': ['93.184.216.34'] })
    const checked = await checkDestination('bücher.example', 443, { policy, resolver })
    expect(checked.host).toBe('xn--bcher-kva.example')
  })

  const ports: Array<[number, string | undefined]> = [
    [25, 'port 25'], [465, 'port 465'], [587, 'port 587'], [2525, 'port 2525'], [119, 'port 119'],
    [137, 'port 135-139'], [445, 'port 445'], [563, 'port 563'], [1214, 'port 1214'], [4662, 'port 4661-4666'],
    [6400, 'port 6346-6429'], [6699, 'port 6699'], [6881, 'port 6881-6999'],
    [80, undefined], [443, undefined], [8080, undefined], [6345, undefined], [7000, undefined]
  ]
  for (const [port, rule] of ports) {
    it(`port ${port} is ${rule == null ? 'allowed' : `refused (${rule})`}`, async () => {
      const result = await checkDestination('1.1.1.1', port, { policy }).catch(e => e)
      if (rule == null) {
        expect(result.ip, String(port)).toBe('1.1.1.1')
      } else {
        expect(result.name, String(port)).toBe('DestinationRefusedError')
        expect(result.rule, String(port)).toBe(rule)
      }
    })
  }

  const invalid: Array<[string, string, number]> = [
    ['port 0', '1.1.1.1', 0],
    ['port 65536', '1.1.1.1', 65536],
    ['fractional port', '1.1.1.1', 80.5],
    ['empty host', '', 80],
    ['host with a space', 'exa mple.com', 80],
    ['empty label', 'a..example', 80],
    ['label starting with a hyphen', '-a.example', 80],
    ['overlong name', `${'a'.repeat(60)}.`.repeat(5) + 'example', 80],
    ['overlong label', `${'a'.repeat(64)}.example`, 80]
  ]
  for (const [name, host, port] of invalid) {
    it(`refuses a malformed destination: ${name}`, async () => {
      await expect(checkDestination(host, port, { policy, resolver: stubResolver({}) }), name).rejects.toHaveProperty('name', 'InvalidDestinationError')
    })
  }

  const dns: Array<[string, Resolver]> = [
    ['no such name', stubResolver({})],
    ['no address', stubResolver({ 'x.example': [] })],
    ['server failure', stubResolver({ 'x.example': Object.assign(new Error('servfail'), { code: 'ESERVFAIL' }) })],
    ['garbage answer', stubResolver({ 'x.example': ['not-an-ip'] })],
    ['too many addresses', stubResolver({ 'x.example': Array.from({ length: 65 }, (_, i) => `93.184.216.${i}`) })],
    ['no answer in time', { resolve: async () => new Promise(() => {}) }]
  ]
  for (const [name, resolver] of dns) {
    it(`reports a DNS failure: ${name}`, async () => {
      await expect(checkDestination('x.example', 443, { policy, resolver, dnsTimeoutMs: 100 }), name).rejects.toHaveProperty('name', 'DnsFailureError')
    })
  }

  it('--exit-allow lets the owner reach a range for local testing, and nothing else', async () => {
    const local = new AddressPolicy({ allow: ['127.0.0.0/8'] })
    expect((await checkDestination('127.0.0.1', 8080, { policy: local })).allowedBy).toBe('127.0.0.0/8')
    expect((await checkDestination('127.1', 8080, { policy: local })).ip).toBe('127.0.0.1')
    await expect(checkDestination('::1', 8080, { policy: local })).rejects.toHaveProperty('name', 'DestinationRefusedError')
    await expect(checkDestination('10.0.0.1', 8080, { policy: local })).rejects.toHaveProperty('name', 'DestinationRefusedError')
    await expect(checkDestination('127.0.0.1', 25, { policy: local })).rejects.toHaveProperty('rule', 'port 25')
    expect(() => new AddressPolicy({ allow: ['127.0.0.0/33'] })).toThrow(expect.objectContaining({ name: 'InvalidCidrError' }))
    expect(() => new AddressPolicy({ allow: ['localhost'] })).toThrow(expect.objectContaining({ name: 'InvalidCidrError' }))
  })

  it('refuses the exit\'s own addresses, by IP and by name, even inside an --exit-allow range', async () => {
    const own = new Set(['8.8.8.8', '2606:4700::1111', '192.168.1.5'])
    const guarded = new AddressPolicy({ allow: ['192.168.0.0/16'], own: { has: (ip) => own.has(ip) } })
    const resolver = stubResolver({ 'router.test': ['8.8.8.8'], 'lan.test': ['192.168.1.6', '192.168.1.5'] })
    const cases: Array<[string, string | undefined]> = [
      ['8.8.8.8', 'own address'],
      ['0x08080808', 'own address'],
      ['[2606:4700:0::1111]', 'own address'],
      ['router.test', 'own address'],
      ['lan.test', 'own address'],
      ['192.168.1.5', 'own address'],
      ['192.168.1.6', undefined],
      ['1.1.1.1', undefined]
    ]
    for (const [host, rule] of cases) {
      const checked = checkDestination(host, 443, { policy: guarded, resolver })
      if (rule == null) await expect(checked, host).resolves.toBeDefined()
      else await expect(checked, host).rejects.toMatchObject({ name: 'DestinationRefusedError', rule })
    }
  })
})
