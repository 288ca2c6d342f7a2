#!/usr/bin/env node
// Bundles the CLI into one CommonJS file, dist/peergrid.cjs, with esbuild, so
// the daemon starts without resolving hundreds of ESM files, and so that
// bin/peergrid.js can hand V8 a code cache for it (Node 20 has no code cache
// for ES modules). See scripts/build-plugins.js for the modules it replaces.
import { readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { build } from 'esbuild'
import { precompress } from './precompress.js'
import { copyReportAssets } from './report-assets.js'
import { buildExamples } from './build-examples.js'
import { asciiRegexLiterals, classicLevelBinding, kadPrefixesFromFile, promClientWithoutPushOrCluster, ssdpPackageJson } from './build-plugins.js'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
await rm(new URL('../dist', import.meta.url), { recursive: true, force: true })
const started = Date.now()
await build({
  entryPoints: { peergrid: 'node/cli/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // licence comments go to dist/peergrid.cjs.LEGAL.txt: the bundle stays ASCII, which Node reads into a one-byte string
  legalComments: 'external',
  // a smaller bundle parses faster: start-up is a measured goal (npm run bench)
  minify: process.env.PEERGRID_BUILD_MINIFY !== '0',
  define: {
    'process.env.PEERGRID_VERSION': JSON.stringify(pkg.version),
    // ES modules among the dependencies read import.meta.url; in the bundle it is the bundle's URL
    'import.meta.url': '__peergridImportMetaUrl'
  },
  banner: { js: "const __peergridImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  // the plugin below resolves classic-level's package directory at run time
  external: ['classic-level/package.json'],
  plugins: [kadPrefixesFromFile('dist'), classicLevelBinding(), promClientWithoutPushOrCluster(), asciiRegexLiterals(), ssdpPackageJson()],
  logLevel: 'warning'
})
const examples = await buildExamples()
// the dashboard (web/): Vite + React, into dist/web, which every node's local API serves
const { build: buildWeb } = await import('vite')
await buildWeb({ configFile: new URL('../web/vite.config.ts', import.meta.url).pathname, logLevel: 'warn' })
await precompress(new URL('../dist/web/', import.meta.url).pathname)
// the simulator's report.html carries Vega inline: its scripts, copied where the bundle finds them
await copyReportAssets()
console.log(`built dist/peergrid.cjs, ${examples.length} example job modules (dist/examples) and the dashboard (dist/web) in ${Date.now() - started} ms`)
