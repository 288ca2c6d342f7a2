import { readFile } from 'node:fs/promises'
import wabtInit from 'wabt'

let wabt: Awaited<ReturnType<typeof wabtInit>> | undefined

/** Compiles a WAT module to WebAssembly bytes: one of this folder's (test/modules/<name>.wat), or an example (protocols/job/examples/<name>.wat). */
export async function compileTestModule (name: string): Promise<Uint8Array> {
  wabt ??= await wabtInit()
  const text = await readFile(new URL(`./${name}.wat`, import.meta.url), 'utf8')
    .catch(async () => readFile(new URL(`../../protocols/job/examples/${name}.wat`, import.meta.url), 'utf8'))
  const module = wabt.parseWat(`${name}.wat`, text, { bulk_memory: true, reference_types: true })
  try {
    return Uint8Array.from(module.toBinary({}).buffer)
  } finally {
    module.destroy()
  }
}
