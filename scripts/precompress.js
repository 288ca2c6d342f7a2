// Writes a brotli (.br) and a gzip (.gz) copy beside each text file of a built
// directory, so the local API's static server sends them as they are (no
// compressing per request). Eight lines of node:zlib rather than a Vite
// plugin: the build already runs here, and it needs nothing else.
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const TEXT = /\.(js|css|html|svg|json)$/

export async function precompress (dir) {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !TEXT.test(entry.name)) continue
    const path = join(entry.parentPath ?? entry.path, entry.name)
    const bytes = await readFile(path)
    await writeFile(`${path}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
    await writeFile(`${path}.gz`, gzipSync(bytes, { level: 9 }))
  }
}
