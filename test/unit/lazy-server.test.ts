import { createServer } from 'node:http'
import { describe, expect, it } from 'vitest'
import { LazyHttpServer } from '../../node/api/lazy-server.js'
import type { Server } from 'node:http'

/** An app's HTTP server, not listening: it answers with the number of the load that built it. */
function app (load: number): Server {
  return createServer((_request, response) => { response.end(`load ${load}`) })
}

describe('the local API\'s lazy listener', () => {
  it('binds the port at once and loads the app on the first connection, once, for every waiting request', async () => {
    let loads = 0
    const lazy = await LazyHttpServer.listen(0)
    try {
      lazy.loadOnFirstConnection(async () => {
        loads++
        await new Promise(resolve => setTimeout(resolve, 50))
        return app(loads)
      }, () => {})
      expect(lazy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(loads).toBe(0)
      const answers = await Promise.all(Array.from({ length: 5 }, async () => (await fetch(lazy.url)).text()))
      expect(answers).toEqual(Array(5).fill('load 1'))
      expect(await (await fetch(lazy.url)).text()).toBe('load 1')
      expect(loads).toBe(1)
    } finally {
      await lazy.close()
    }
  })

  it('a failed load closes the waiting connections and is tried again on the next one', async () => {
    let loads = 0
    const errors: string[] = []
    const lazy = await LazyHttpServer.listen(0)
    try {
      lazy.loadOnFirstConnection(async () => {
        if (++loads === 1) throw new Error('broken')
        return app(loads)
      }, (err) => { errors.push(err.message) })
      await expect(fetch(lazy.url)).rejects.toThrow()
      expect(errors).toEqual(['broken'])
      expect(await (await fetch(lazy.url)).text()).toBe('load 2')
    } finally {
      await lazy.close()
    }
  })

  it('closes with kept-alive connections open, without waiting for them', async () => {
    const lazy = await LazyHttpServer.listen(0)
    lazy.loadOnFirstConnection(async () => app(1), () => {})
    // fetch keeps the connection alive after the answer
    expect(await (await fetch(lazy.url)).text()).toBe('load 1')
    const closing = lazy.close()
    const outcome = await Promise.race([closing.then(() => 'closed'), new Promise(resolve => setTimeout(() => { resolve('hung') }, 2_000))])
    expect(outcome).toBe('closed')
  })
})
