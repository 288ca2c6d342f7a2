import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

/** What the dashboard's pages may load: only this origin; inline style attributes (the graph editor positions nodes with them). */
export const DASHBOARD_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

/**
 * Where the built dashboard (`npm run build` → dist/web) is: PEERGRID_WEB_DIR,
 * else beside the bundle (dist/peergrid.cjs → dist/web), else the repo's
 * dist/web when running from the sources.
 */
export function findWebDir (): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url))
  const candidates = [process.env.PEERGRID_WEB_DIR, join(here, 'web'), join(here, '..', '..', 'dist', 'web')]
  return candidates.find(dir => dir != null && existsSync(join(dir, 'index.html')))
}

/**
 * Serves the dashboard's static files at `/` (index.html and hashed assets;
 * views are hash routes, so no path needs a fallback). Without a build, `/`
 * says how to make one.
 */
export function serveDashboard (app: FastifyInstance, webDir: string | undefined = findWebDir()): void {
  if (webDir == null) {
    app.get('/', async (_request, reply) => reply.status(503).type('text/plain; charset=utf-8').send('The dashboard is not built: run `npm run build` in the peergrid checkout.\n'))
    return
  }
  void app.register(fastifyStatic, {
    root: webDir,
    // with preCompressed, @fastify/static does not find the index for "/": the route below serves it
    index: false,
    // the build wrote .br and .gz beside each file (scripts/precompress.js)
    preCompressed: true,
    // hashed asset names never change; index.html is read fresh so a new build shows at once
    setHeaders: (response, path) => {
      response.header('cache-control', path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable')
      response.header('content-security-policy', DASHBOARD_CSP)
      response.header('x-content-type-options', 'nosniff')
    }
  })
  app.get('/', async (_request, reply) => reply.sendFile('index.html'))
}
