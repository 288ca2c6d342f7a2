import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import GENERATED_PREFIXES from '../../node_modules/@libp2p/kad-dht/dist/src/routing-table/generated-prefix-list.js'
import { requireBuild } from '../cli.js'

// what scripts/build.js and scripts/build-plugins.js change in the bundle
describe('the CLI bundle', () => {
  it('carries kad-dht\'s key prefixes, moved to a file, unchanged', async () => {
    requireBuild()
    const moved = JSON.parse(await readFile(new URL('../../dist/kad-dht-prefixes.json', import.meta.url), 'utf8'))
    expect(moved).toHaveLength(65_536)
    expect(moved).toEqual(GENERATED_PREFIXES)
  })

  it('is ASCII, which Node reads into a one-byte string', async () => {
    requireBuild()
    const bytes = await readFile(new URL('../../dist/peergrid.cjs', import.meta.url))
    expect(bytes.findIndex(byte => byte > 0x7f)).toBe(-1)
  })

  it('keeps the licence comments beside it', async () => {
    requireBuild()
    expect(await readFile(new URL('../../dist/peergrid.cjs.LEGAL.txt', import.meta.url), 'utf8')).toMatch(/MIT/)
  })
})
