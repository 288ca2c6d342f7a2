import { postJson, getJson, resolveNodeApi } from '../api-client.js'
import { CommandError } from '../errors.js'
import { table } from '../format.js'
import type { AccountView } from '../../../rendezvous/index.js'
import type { ApiTargetOptions } from '../api-client.js'

/** Options of `peergrid account create`. */
export interface AccountCreateOptions extends ApiTargetOptions {
  role?: string
  hosted?: boolean
  json?: boolean
}

/** `peergrid account create --role provider|customer`: creates an account at the running rendezvous and prints its enrollment key once. */
export async function createAccount (options: AccountCreateOptions): Promise<void> {
  if (options.role !== 'provider' && options.role !== 'customer') {
    throw new CommandError('--role must be provider or customer')
  }
  const target = await resolveNodeApi('rendezvous', options)
  if (options.hosted === true && options.role !== 'customer') throw new CommandError('--hosted is for a customer account (the one a hosted gateway enrolls with)')
  const created = await postJson<AccountView & { enrollmentKey: string }>(target, '/api/accounts', { role: options.role, ...(options.hosted === true ? { hosted: true } : {}) })
  if (options.json === true) {
    process.stdout.write(JSON.stringify(created) + '\n')
    return
  }
  const { credentialKeyId } = await getJson<{ credentialKeyId: string }>(target, '/api/status')
  process.stdout.write([
    `Created ${created.role} account ${created.account}.`,
    `Enrollment key (shown once; it is stored only as a hash): ${created.enrollmentKey}`,
    `Start the node with:  peergrid ${created.role === 'provider' ? 'provider --country <CC>' : created.hosted ? 'gateway --hosted' : 'gateway'} --enroll ${created.enrollmentKey} --trust ${credentialKeyId} --bootstrap <rendezvous multiaddr>`
  ].join('\n') + '\n')
}

/** `peergrid account list`: the rendezvous's accounts. */
export async function listAccounts (options: ApiTargetOptions & { json?: boolean }): Promise<void> {
  const target = await resolveNodeApi('rendezvous', options)
  const { accounts } = await getJson<{ accounts: AccountView[] }>(target, '/api/accounts')
  if (options.json === true) {
    process.stdout.write(JSON.stringify(accounts) + '\n')
    return
  }
  if (accounts.length === 0) {
    process.stdout.write('No accounts yet: create one with `peergrid account create --role provider|customer`.\n')
    return
  }
  const rows = accounts.map(a => [a.account, a.hosted ? `${a.role} (hosted gateway)` : a.role, a.createdAt, a.disabled ? 'disabled' : 'active'])
  const header = ['ACCOUNT', 'ROLE', 'CREATED', 'STATE']
  process.stdout.write(table(header, rows) + '\n')
}

/** `peergrid account revoke <id>`: disables the account; its credentials stop counting as the revocation list spreads. */
export async function revokeAccount (id: string, options: ApiTargetOptions): Promise<void> {
  const target = await resolveNodeApi('rendezvous', options)
  const { revocationVersion } = await postJson<{ revocationVersion: number }>(target, `/api/accounts/${encodeURIComponent(id)}/revoke`, {})
  process.stdout.write(`Revoked account ${id}: revocation list version ${revocationVersion} is on its way to every provider.\n`)
}

/** `peergrid account api-key <id>`: a key the customer logs in to a hosted gateway with (SOCKS5 or HTTP proxy password). */
export async function createApiKey (id: string, options: ApiTargetOptions): Promise<void> {
  const target = await resolveNodeApi('rendezvous', options)
  const { apiKey } = await postJson<{ apiKey: string }>(target, `/api/accounts/${encodeURIComponent(id)}/api-keys`, {})
  process.stdout.write([
    `API key for ${id} (shown once; it is stored only as a hash): ${apiKey}`,
    `Use it as the proxy password of a hosted gateway:  curl -x socks5h://country-de:${apiKey}@<gateway>:1080 https://example.com`
  ].join('\n') + '\n')
}
