#!/usr/bin/env node
// Runs the bundled CLI (npm run build writes it; npm start builds first).
import { existsSync } from 'node:fs'

const bundle = new URL('../dist/peergrid.js', import.meta.url)
if (!existsSync(bundle)) {
  process.stderr.write('peergrid: the CLI is not built yet; run `npm run build` (npm start builds it for you)\n')
  process.exit(1)
}
await import(bundle.href)
