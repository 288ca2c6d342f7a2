#!/usr/bin/env node
// Runs the bundled CLI, dist/peergrid.cjs (npm run build writes it; npm start
// builds first), with a V8 code cache: start-up is a measured goal, and Node
// 20 caches no compiled code by itself. The cache is written at exit by a run
// that found none (or one V8 refused: another Node, another bundle), one file
// per command, as each compiles different functions, and only by a run that
// ended well (a run cut short by a bad flag would cache little). It is made
// after the run, not before it as v8-compile-cache does, so it holds the
// functions compiled lazily while running: most of what there is to save.
// It lives in dist/cache, or in PEERGRID_CODE_CACHE_DIR;
// PEERGRID_NO_CODE_CACHE=1 runs without one.
import { mkdirSync, readFileSync, renameSync, existsSync, writeFileSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Script } from 'node:vm'

const bundle = fileURLToPath(new URL('../dist/peergrid.cjs', import.meta.url))
if (!existsSync(bundle)) {
  process.stderr.write('peergrid: the CLI is not built yet; run `npm run build` (npm start builds it for you)\n')
  process.exit(1)
}
const CACHED_COMMANDS = ['rendezvous', 'provider', 'gateway', 'devnet']
const command = CACHED_COMMANDS.includes(process.argv[2]) ? process.argv[2] : 'cli'
const cacheFile = join(process.env.PEERGRID_CODE_CACHE_DIR ?? join(dirname(bundle), 'cache'), `${command}-${process.version}.v8`)
let cachedData
if (process.env.PEERGRID_NO_CODE_CACHE == null) {
  try { cachedData = readFileSync(cacheFile) } catch {}
}

const script = new Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData })
if (process.env.PEERGRID_NO_CODE_CACHE == null && (cachedData == null || script.cachedDataRejected === true)) {
  process.once('exit', (code) => {
    if (code !== 0) return
    try {
      mkdirSync(dirname(cacheFile), { recursive: true })
      const partial = `${cacheFile}.${process.pid}`
      writeFileSync(partial, script.createCachedData())
      renameSync(partial, cacheFile)
    } catch {
      // a read-only install runs without a cache
    }
  })
}
const module = { exports: {} }
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle))
