import { createServer } from 'node:net'
import { multiaddr } from '@multiformats/multiaddr'

/**
 * libp2p reports a failed listen as one error whose per-address causes exist
 * only in its message text. On that failure path only, find the cause by
 * binding each TCP listen address ourselves: returns the first address that
 * fails and its error code (EADDRINUSE, EADDRNOTAVAIL, EACCES, ...).
 */
export async function diagnoseListen (listen: string[]): Promise<{ addr: string, code: string } | undefined> {
  for (const addr of listen) {
    let host: string
    let port: number
    try {
      const components = multiaddr(addr).getComponents()
      const ip = components.find(c => c.name === 'ip4' || c.name === 'ip6')
      const tcp = components.find(c => c.name === 'tcp')
      if (ip?.value == null || tcp?.value == null) continue
      host = ip.value
      port = Number(tcp.value)
    } catch {
      return { addr, code: 'EINVAL' }
    }
    const code = await new Promise<string | undefined>(resolve => {
      const server = createServer()
      server.once('error', (err: NodeJS.ErrnoException) => { resolve(err.code ?? 'EUNKNOWN') })
      server.listen({ host, port, exclusive: true }, () => { server.close(() => { resolve(undefined) }) })
    })
    if (code != null) return { addr, code }
  }
  return undefined
}
