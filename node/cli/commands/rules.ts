import { readFile } from 'node:fs/promises'
import { getJson, resolveNodeApi, resolveProviderApis } from '../api-client.js'
import { CommandError } from '../errors.js'
import type { ApiTarget, ApiTargetOptions } from '../api-client.js'

/** Largest rules file the CLI reads. */
const MAX_RULES_FILE_BYTES = 256 * 1024

/** A rule set as the APIs show it. */
interface RuleSetView {
  version: number
  hash?: string
  issuedAt?: string
}

/** `peergrid rules set rules.json`: the rendezvous checks, signs and spreads it as the next version. */
export async function setRules (file: string, options: ApiTargetOptions): Promise<void> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err: any) {
    throw new CommandError(`Cannot read ${file}: ${err.code ?? err.message}`)
  }
  if (Buffer.byteLength(text) > MAX_RULES_FILE_BYTES) throw new CommandError(`${file} is larger than ${MAX_RULES_FILE_BYTES} bytes`)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (err: any) {
    throw new CommandError(`${file} is not valid JSON: ${err.message}`)
  }
  const target = await resolveNodeApi('rendezvous', options)
  const view = await put(target, body)
  process.stdout.write(`Rule set version ${view.version} (sha-256 ${view.hash ?? '?'}) is set and on its way to every provider.\n`)
}

/** `peergrid rules show`: the version and hash of the rule set a node holds (the rendezvous by default, or --provider / --gateway). */
export async function showRules (options: ApiTargetOptions & { provider?: boolean, gateway?: boolean, json?: boolean }): Promise<void> {
  const targets = options.provider === true
    ? await resolveProviderApis(options)
    : options.gateway === true
      ? [{ name: 'gateway', ...await resolveNodeApi('gateway', options) }]
      : [{ name: 'rendezvous', ...await resolveNodeApi('rendezvous', options) }]
  const views = await Promise.all(targets.map(async target => ({ node: target.name, ...await getJson<RuleSetView>(target, '/api/rules') })))
  if (options.json === true) {
    process.stdout.write(JSON.stringify(views) + '\n')
    return
  }
  for (const view of views) {
    process.stdout.write(view.version === 0
      ? `${view.node}: no rule set (an exit refuses every connection until it has one)\n`
      : `${view.node}: rule set version ${view.version}, sha-256 ${view.hash ?? '?'}, issued ${view.issuedAt ?? '?'}\n`)
  }
}

async function put (target: ApiTarget, body: unknown): Promise<RuleSetView & { hash: string }> {
  const response = await fetch(`${target.url}/api/rules`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000)
  }).catch((err: any) => { throw new CommandError(`Cannot reach the rendezvous API at ${target.url}: ${err.cause?.code ?? err.message}`) })
  const answer = await response.json().catch(() => ({})) as any
  if (!response.ok) throw new CommandError(answer?.error?.message ?? `The rendezvous refused the rule set (HTTP ${response.status})`)
  return answer
}
