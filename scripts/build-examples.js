// Compiles the example job modules (protocols/job/examples/*.wat) to
// dist/examples/*.wasm with wabt, for `peergrid job run`.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import wabtInit from 'wabt'

/** Compiles every example; answers the files written. */
export async function buildExamples () {
  const wabt = await wabtInit()
  const source = new URL('../protocols/job/examples/', import.meta.url)
  const target = new URL('../dist/examples/', import.meta.url)
  await mkdir(target, { recursive: true })
  const written = []
  for (const name of (await readdir(source)).filter(n => n.endsWith('.wat')).sort()) {
    const module = wabt.parseWat(name, await readFile(new URL(name, source), 'utf8'))
    try {
      const wasm = name.replace(/\.wat$/, '.wasm')
      await writeFile(new URL(wasm, target), module.toBinary({}).buffer)
      written.push(`dist/examples/${wasm}`)
    } finally {
      module.destroy()
    }
  }
  return written
}
