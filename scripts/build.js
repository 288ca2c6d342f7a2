#!/usr/bin/env node
// Bundles the CLI into dist/ with esbuild, so the daemon starts without
// resolving hundreds of ESM files. Commands are split into chunks that load
// only when run. classic-level stays external: it finds its native binary
// relative to its own package directory.
import { readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { build } from 'esbuild'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
await rm(new URL('../dist', import.meta.url), { recursive: true, force: true })
const started = Date.now()
await build({
  entryPoints: { peergrid: 'node/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // a smaller bundle parses faster: start-up is a measured goal (npm run bench)
  minify: true,
  external: ['classic-level'],
  chunkNames: 'chunks/[name]-[hash]',
  define: { 'process.env.PEERGRID_VERSION': JSON.stringify(pkg.version) },
  // some bundled CommonJS dependencies call require() for Node built-ins, or read __filename (write-file-atomic)
  banner: { js: "import { createRequire as __peergridCreateRequire } from 'node:module'; import { fileURLToPath as __peergridFileURLToPath } from 'node:url'; const require = __peergridCreateRequire(import.meta.url); const __filename = __peergridFileURLToPath(import.meta.url);" },
  logLevel: 'warning'
})
console.log(`built dist/peergrid.js in ${Date.now() - started} ms`)
