// Copies the plotting scripts the simulator's report.html carries inline
// (Vega, Vega-Lite, vega-embed: browser builds) into dist/report-assets. The
// packages export only their modules, so the files are found beside a path
// they do export (their JSON schema) or in their package folder.
import { copyFile, mkdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

/** [package, a file its exports map lets us resolve, the browser build beside it] */
const ASSETS = [
  ['vega', 'vega/vega-schema.json', 'vega.min.js'],
  ['vega-lite', 'vega-lite/vega-lite-schema.json', 'vega-lite.min.js'],
  ['vega-embed', 'vega-embed', 'vega-embed.min.js']
]

export async function copyReportAssets () {
  const out = new URL('../dist/report-assets/', import.meta.url).pathname
  await mkdir(out, { recursive: true })
  for (const [, anchor, file] of ASSETS) {
    const from = join(dirname(require.resolve(anchor)), file)
    await copyFile(from, join(out, file))
  }
}
