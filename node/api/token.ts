import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import writeFileAtomic from 'write-file-atomic'

/** File in the data dir holding the local API token. */
export const API_TOKEN_FILE = 'api-token'

/** File in the data dir saying where a running node's API listens: { url, pid, role }. */
export const API_INFO_FILE = 'api.json'

/** Reads the node's API token, creating one (mode 0600) on first start. */
export async function loadOrCreateApiToken (dataDir: string): Promise<string> {
  const path = join(dataDir, API_TOKEN_FILE)
  try {
    const token = (await readFile(path, 'utf8')).trim()
    if (/^[0-9a-f]{64}$/.test(token)) return token
  } catch (err: any) {
    if (err.code !== 'ENOENT') throw new Error(`Cannot read the API token ${path}: ${err.code ?? err.message}`)
  }
  const token = randomBytes(32).toString('hex')
  await writeFileAtomic(path, token + '\n', { mode: 0o600 })
  return token
}

/** Where a running node's local API is. */
export interface ApiInfo {
  url: string
  pid: number
  role: string
}

/** Records where the API listens, for `peergrid providers` and the dashboard. */
export async function writeApiInfo (dataDir: string, info: ApiInfo): Promise<void> {
  await writeFileAtomic(join(dataDir, API_INFO_FILE), JSON.stringify(info) + '\n', { mode: 0o600 })
}
