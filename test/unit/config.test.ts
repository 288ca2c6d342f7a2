import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../node/config/load.js'
import { envName } from '../../node/config/settings.js'

const dir = await mkdtemp(join(tmpdir(), 'peergrid-config-'))
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })
const RV = '/ip4/127.0.0.1/tcp/7400/p2p/12D3KooWM9jwLhtkcEZiWpCA1MpP1vtLd5dy42wyri5b47ggGW3w'

async function file (content: unknown): Promise<string> {
  const path = join(dir, `c-${Math.random().toString(16).slice(2)}.json`)
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

describe('config', () => {
  it('applies defaults < config file < env < flags and says where each value came from', async () => {
    const configFile = await file({ country: 'FR', maxProxyStreams: 10, asn: 1 })
    const { config, origins } = await loadConfig('provider', {
      configFile,
      env: { PEERGRID_HOME: dir, PEERGRID_MAX_PROXY_STREAMS: '20', PEERGRID_BOOTSTRAP: `${RV}, ${RV}` },
      flags: { country: { value: 'DE', flag: '--country' } }
    })
    expect(config.country).toBe('DE')
    expect(origins.country).toBe('--country')
    expect(config.maxProxyStreams).toBe(20)
    expect(origins.maxProxyStreams).toBe('env PEERGRID_MAX_PROXY_STREAMS')
    expect(config.asn).toBe(1)
    expect(origins.asn).toBe(`config file ${configFile}`)
    expect(config.bootstrap).toEqual([RV, RV])
    expect(config.dataDir).toBe(join(dir, 'provider'))
    expect(config.services).toEqual(['proxy'])
    expect(origins.services).toBe('default')
  })

  it('lists every bad key at once, each with its origin', async () => {
    const configFile = await file({ contry: 'DE', listen: ['nope'], maxConnections: 0 })
    const err = await loadConfig('provider', {
      configFile,
      env: { PEERGRID_HOME: dir, PEERGRID_METRICS_PORT: 'abc' },
      flags: { bootstrap: { value: ['/ip4/127.0.0.1/tcp/1'], flag: '--bootstrap' } }
    }).catch(e => e)
    expect(err.name).toBe('ConfigError')
    const problems: string[] = err.problems
    const expected = [
      ['contry', 'did you mean country'],
      ['country is required', '--country'],
      ['listen[0]', `config file ${configFile}`],
      ['maxConnections', `config file ${configFile}`],
      ['metricsPort', 'env PEERGRID_METRICS_PORT'],
      ['bootstrap[0]', '--bootstrap']
    ]
    for (const [key, detail] of expected) {
      expect(problems.some(p => p.includes(key as string) && p.includes(detail as string)), `${key}: ${problems.join(' | ')}`).toBe(true)
    }
    expect(problems.length).toBe(expected.length)
  })

  const bad: Array<[string, Parameters<typeof loadConfig>[1]]> = [
    ['a config file that is not JSON', { configFile: 'PLACEHOLDER_NOT_JSON' }],
    ['a config file that is an array', { configFile: 'PLACEHOLDER_ARRAY' }],
    ['a missing config file', { configFile: join(dir, 'missing.json') }],
    ['a setting of another role', { flags: { country: { value: 'DE', flag: '--country' } } }],
    ['an unknown log level', { flags: { logLevel: { value: 'loud', flag: '--log-level' } } }],
    ['a malformed multiaddr', { flags: { listen: { value: ['/ip4/999.0.0.1/tcp/1'], flag: '--listen' } } }]
  ]
  for (const [name, sources] of bad) {
    it(`refuses ${name} with a ConfigError`, async () => {
      const resolved = { ...sources, env: { PEERGRID_HOME: dir } }
      if (resolved.configFile === 'PLACEHOLDER_NOT_JSON') resolved.configFile = await file('{oops')
      if (resolved.configFile === 'PLACEHOLDER_ARRAY') resolved.configFile = await file([1, 2])
      // the gateway takes no country: a flag for another role is refused by the schema
      const err = await loadConfig('gateway', resolved).catch(e => e)
      expect(err?.name, name).toBe('ConfigError')
      expect(err.message, name).toMatch(/^Invalid configuration/)
    })
  }

  it('names env variables after keys', () => {
    expect(envName('dataDir')).toBe('PEERGRID_DATA_DIR')
    expect(envName('priceMicrosPerGiB')).toBe('PEERGRID_PRICE_MICROS_PER_GI_B')
  })
})
