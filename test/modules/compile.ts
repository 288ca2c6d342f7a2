import { readFile } from 'node:fs/promises'
import wabtInit from 'wabt'

let wabt: Awaited<ReturnType<typeof wabtInit>> | undefined

/** Compiles one of this folder's WAT modules (test/modules/<name>.wat) to WebAssembly bytes. */
export async function compileTestModule (name: string): Promise<Uint8Array> {
  wabt ??= await wabtInit()
  const text = await readFile(new URL(`./${name}.wat`, import.meta.url), 'utf8')
  const module = wabt.parseWat(`${name}.wat`, text, { bulk_memory: true, reference_types: true })
  try {
    return Uint8Array.from(module.toBinary({}).buffer)
  } finally {
    module.destroy()
  }
}
