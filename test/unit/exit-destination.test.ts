import { describe, expect, it } from 'vitest'
import { AddressPolicy } from '../../node/provider/exit/address-policy.js'
import { checkDestination } from '../../node/provider/exit/destination.js'
import type { Resolver } from '../../node/provider/exit/destination.js'

// Stub resolver: the exit's resolver is the one part that would leave this
// machine, so names resolve from this table instead of DNS.
function stubResolver (table: Record<string, string[] | Error>): Resolver & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    async resolve (host) {
      calls.push(host)
      const answer = table[host]
      if (answer instanceof Error) throw answer
      if (answer == null) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' })
      return answer
    }
  }
}

const policy = new AddressPolicy()

// [destination as a customer writes it, the rule expected to refuse it]
const FORBIDDEN: Array<[string, string]> = [
  ['127.0.0.1', '127.0.0.0/8'],
  ['127.1', '127.0.0.0/8'],
  ['0x7f.1', '127.0.0.0/8'],
  ['017700000001', '127.0.0.0/8'],
  ['2130706433', '127.0.0.0/8'],
  ['0x7f000001', '127.0.0.0/8'],
  ['127.255.255.254', '127.0.0.0/8'],
  ['0.0.0.0', '0.0.0.0/8'],
  ['0.1.2.3', '0.0.0.0/8'],
  ['10.1.2.3', '10.0.0.0/8'],
  ['172.16.5.4', '172.16.0.0/12'],
  ['172.31.255.255', '172.16.0.0/12'],
  ['192.168.1.1', '192.168.0.0/16'],
  ['100.64.0.1', '100.64.0.0/10'],
  ['100.100.100.200', '100.64.0.0/10'],
  ['169.254.169.254', '169.254.0.0/16'],
  ['169.254.1.1', '169.254.0.0/16'],
  ['192.0.0.8', '192.0.0.0/24'],
  ['192.0.2.1', '192.0.2.0/24'],
  ['198.51.100.7', '198.51.100.0/24'],
  ['203.0.113.9', '203.0.113.0/24'],
  ['198.18.0.1', '198.18.0.0/15'],
  ['198.19.255.255', '198.18.0.0/15'],
  ['192.88.99.1', '192.88.99.0/24'],
  ['224.0.0.1', '224.0.0.0/4'],
  ['239.255.255.250', '224.0.0.0/4'],
  ['240.0.0.1', '240.0.0.0/4'],
  ['255.255.255.255', '240.0.0.0/4'],
  ['::', '::/128'],
  ['::1', '::1/128'],
  ['[::1]', '::1/128'],
  ['0:0:0:0:0:0:0:1', '::1/128'],
  ['::ffff:127.0.0.1', '::ffff:0:0/96'],
  ['::ffff:7f00:1', '::ffff:0:0/96'],
  ['::ffff:8.8.8.8', '::ffff:0:0/96'],
  ['::ffff:169.254.169.254', '::ffff:0:0/96'],
  ['::127.0.0.1', '::ffff:0:0/96'],
  ['::7f00:1', '::/96'],
  ['64:ff9b::7f00:1', '64:ff9b::/96'],
  ['64:ff9b::808:808', '64:ff9b::/96'],
  ['64:ff9b:1::1', '64:ff9b:1::/48'],
  ['100::1', '100::/64'],
  ['fc00::1', 'fc00::/7'],
  ['fd00:ec2::254', 'fc00::/7'],
  ['fe80::1', 'fe80::/10'],
  ['fec0::1', 'fec0::/10'],
  ['ff02::1', 'ff00::/8'],
  ['2001:db8::1', '2001:db8::/32'],
  ['3fff::1', '3fff::/20'],
  ['2001:10::1', '2001::/23'],
  ['4000::1', 'outside 2000::/3'],
  ['2002:7f00:1::1', '2002::/16 embedding 127.0.0.0/8'],
  ['2002:c0a8:101::1', '2002::/16 embedding 192.168.0.0/16'],
  ['2002:a9fe:a9fe::', '2002::/16 embedding 169.254.0.0/16'],
  // Teredo: public server 65.54.227.120, client 127.0.0.1 stored inverted as 80ff:fffe
  ['2001:0:4136:e378:8000:63bf:80ff:fffe', '2001::/32 embedding 127.0.0.0/8'],
  // Teredo with a private server address
  ['2001:0:c0a8:101::1', '2001::/32 embedding 192.168.0.0/16']
]

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
})
