import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SocksClient } from 'socks'
import { silentLogger } from '../../node/logger.js'
import { listenProxyFronts } from '../../node/gateway/index.js'
import { PROXY_PROTOCOL } from '../../protocols/proxy/index.js'
import { curl } from '../curl.js'
import { socksFetch } from '../socks-fetch.js'
import { startFileServer } from '../file-server.js'
import { waitFor } from '../helpers.js'
import { createTestnet } from '../testnet.js'
import type { FileServer } from '../file-server.js'
import type { ProxyFronts } from '../../node/gateway/index.js'
import type { Testnet } from '../testnet.js'

describe('proxy data path through a testnet (about 40 s)', () => {
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
    it(`HTTP absolute form (curl -x, no tunnel): ${size} bytes, sha-256 equal`, async () => {
      const result = await curl(['-x', `http://${fronts.httpProxy!}`, files.url(size)])
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

  it('uploads byte for byte (curl --data-binary through both fronts)', async () => {
    const body = randomBytes(5 * 1024 * 1024 + 3)
    const sha = createHash('sha256').update(body).digest('hex')
    const dir = await mkdtemp(`${tmpdir()}/peergrid-upload-`)
    try {
      await writeFile(`${dir}/body`, body)
      for (const proxy of [['--socks5-hostname', fronts.socks!], ['-p', '-x', `http://${fronts.httpProxy!}`]]) {
        // async: the testnet runs in this process
        const out = await curl([...proxy, '--data-binary', `@${dir}/body`, `http://127.0.0.1:${files.port}/upload`])
        expect(out.stderr, proxy[0]).toBe('')
        expect(JSON.parse(out.stdout), proxy[0]).toEqual({ sha256: sha, length: body.byteLength })
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('honours half-close both ways: the client\'s FIN reaches the target, the target still answers', async () => {
    // a target that answers only after the client has finished sending, then closes
    const target = createServer({ allowHalfOpen: true }, socket => {
      const hash = createHash('sha256')
      let length = 0
      socket.on('data', (chunk: Buffer) => { hash.update(chunk); length += chunk.byteLength })
      socket.on('end', () => { socket.end(`${length} ${hash.digest('hex')}`) })
    })
    await new Promise<void>(resolve => { target.listen(0, '127.0.0.1', resolve) })
    try {
      const port = (target.address() as { port: number }).port
      const [host, socksPort] = fronts.socks!.split(':')
      const { socket } = await SocksClient.createConnection({ proxy: { host: host!, port: Number(socksPort), type: 5 }, command: 'connect', destination: { host: '127.0.0.1', port }, timeout: 10_000 })
      const payload = randomBytes(2 * 1024 * 1024)
      const answer = new Promise<string>(resolve => {
        let text = ''
        socket.on('data', (chunk: Buffer) => { text += chunk.toString() })
        socket.on('end', () => { resolve(text) })
      })
      socket.end(payload)
      expect(await answer).toBe(`${payload.byteLength} ${createHash('sha256').update(payload).digest('hex')}`)
      socket.destroy()
    } finally {
      target.close()
    }
  })

  it('500 transfers of random sizes through a slow reader: all byte-exact, no resets', async () => {
    const sizes = Array.from({ length: 500 }, (_, i) => i % 10 === 9
      ? 1024 * 1024 + Math.floor(Math.random() * 5 * 1024 * 1024)
      : Math.floor(Math.random() * 256 * 1024))
    const failures: string[] = []
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < sizes.length) {
        const i = next++
        const size = sizes[i] as number
        try {
          const result = await socksFetch(fronts.socks!, { host: '127.0.0.1', port: files.port }, `/bytes/${size}`, { slow: { everyBytes: 64 * 1024, pauseMs: 5 } })
          if (result.status !== 200 || result.bytes !== size || result.sha256 !== files.sha256(size)) {
            failures.push(`#${i} (${size} B): status ${result.status}, ${result.bytes} B`)
          }
        } catch (err: any) {
          failures.push(`#${i} (${size} B): ${err.name} ${err.message}`)
        }
      }
    }
    await Promise.all(Array.from({ length: 25 }, worker))
    expect(failures).toEqual([])
  }, 180_000)

  it('answers HTTP CONNECT to a forbidden destination with 403 and to a closed port with 502', async () => {
    const forbidden = await curl(['-p', '-x', `http://${fronts.httpProxy!}`, '-o', '/dev/null', '-w', '%{http_connect}', 'http://10.0.0.1/'])
    expect(forbidden.code).toBe(56)
    expect(forbidden.stdout).toBe('403')
    const closed = await curl(['-p', '-x', `http://${fronts.httpProxy!}`, '-o', '/dev/null', '-w', '%{http_connect}', 'http://127.0.0.1:1/'])
    expect(closed.code).toBe(56)
    expect(closed.stdout).toBe('502')
  })

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
