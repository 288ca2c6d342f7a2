import { CREDENTIAL_ROLES } from '../protocols/credential/index.js'
import { InvalidRuleSetError, MAX_SIGNED_RULE_SET_BYTES } from '../protocols/rules/index.js'
import { registerLedgerRoutes } from './ledger/api.js'
import { registerPayoutRoutes } from './payouts/api.js'
import type { Account, AccountRepository } from './identity/accounts.js'
import type { CreditControl } from './ledger/credit-control.js'
import type { Ledger } from './ledger/ledger.js'
import type { Payouts } from './payouts/payouts.js'
import type { Revocations } from './identity/revocations.js'
import type { RuleSets } from './rules/rule-sets.js'
import type { HeardProviders } from './providers.js'
import type { CredentialRole } from '../protocols/credential/index.js'
import type { StoreStatus } from './store/store.js'
import type { FastifyInstance } from 'fastify'

/** Largest rule set document the operator API takes. */
const MAX_RULES_BODY_BYTES = MAX_SIGNED_RULE_SET_BYTES

/** Signing key rotation, done by the daemon on its data dir. */
export interface KeyRotation {
  prepare(): Promise<{ current: string, next: string }>
  activate(): Promise<{ current: string, previous: string }>
}

/** An account as the operator API shows it (no key material). */
export interface AccountView {
  account: string
  role: CredentialRole
  createdAt: string
  disabled: boolean
  hosted: boolean
}

/** The coordinator's database as /api/status shows it. */
export interface DatabaseView {
  store: StoreStatus['kind']
  state: StoreStatus['state']
  since: string
  schemaVersion?: number
  error?: string
}

function databaseView (status: StoreStatus): DatabaseView {
  return { store: status.kind, state: status.state, since: new Date(status.sinceMs).toISOString(), ...(status.schemaVersion != null ? { schemaVersion: status.schemaVersion } : {}), ...(status.error != null ? { error: status.error } : {}) }
}

function view (account: Account): AccountView {
  return { account: account.id, role: account.role, createdAt: new Date(account.createdAtMs).toISOString(), disabled: account.disabled, hosted: account.hosted === true }
}

/**
 * The operator API of a rendezvous (127.0.0.1, guarded by the admin token in
 * its data dir):
 * - `POST /api/accounts {"role": "provider" | "customer", "hosted"?: true}` creates an account
 *   (a hosted gateway's customer account may sign receipts for its customers)
 *   and answers its enrollment key, once;
 * - `GET /api/accounts` lists accounts;
 * - `POST /api/accounts/<id>/revoke` disables the account and publishes a new revocation list;
 * - `POST /api/accounts/<id>/api-keys` issues an API key for a hosted gateway's proxy login (shown once, stored hashed);
 * - `POST /api/credential-key/prepare`, `.../activate`: rotate the signing key in two steps
 *   (prepare answers the next key's id, for every node's trust list; activate switches to it);
 * - `GET /api/rules`, `PUT /api/rules` (the rules JSON): the current rule set; setting one signs and spreads the next version;
 * - `GET /api/status`: the credential signing key id nodes must trust, the revocation list's and rule set's
 *   versions, and the coordinator's database (kind, up or down and why, since when);
 * - `GET /api/providers`: the providers whose capability records it relayed (live ones, newest each);
 * - the ledger's routes: see ledger/api.ts; the payouts': see payouts/api.ts.
 */
export async function registerRendezvousRoutes (app: FastifyInstance, rendezvous: { accounts: AccountRepository, credentialKeyId: string, revocations: Revocations, rules: RuleSets, ledger: Ledger, credit?: CreditControl, payouts?: Payouts, providers?: HeardProviders, databaseStatus?(): StoreStatus }, keys?: KeyRotation): Promise<void> {
  await registerLedgerRoutes(app, rendezvous)
  if (rendezvous.payouts != null) registerPayoutRoutes(app, { payouts: rendezvous.payouts, ledger: rendezvous.ledger, accounts: rendezvous.accounts })
  app.get('/api/rules', async () => rendezvous.rules.current() ?? { version: 0 })
  app.put<{ Body: unknown }>('/api/rules', { bodyLimit: MAX_RULES_BODY_BYTES }, async (request, reply) => {
    try {
      return await rendezvous.rules.set(JSON.stringify(request.body))
    } catch (err: any) {
      if (err instanceof InvalidRuleSetError) return reply.status(400).send({ error: { code: 'BAD_REQUEST', message: err.message } })
      throw err
    }
  })
  if (keys != null) {
    app.post('/api/credential-key/prepare', async () => keys.prepare())
    app.post('/api/credential-key/activate', async () => keys.activate())
  }
  app.post<{ Body: { role: CredentialRole, hosted?: boolean } }>('/api/accounts', {
    schema: {
      body: {
        type: 'object',
        properties: { role: { enum: [...CREDENTIAL_ROLES] }, hosted: { type: 'boolean' } },
        required: ['role'],
        additionalProperties: false
      }
    }
  }, async (request, reply) => {
    if (request.body.hosted === true && request.body.role !== 'customer') {
      return reply.status(400).send({ error: { code: 'BAD_REQUEST', message: 'Only a customer account can be a hosted gateway\'s' } })
    }
    const { account, enrollmentKey } = await rendezvous.accounts.create(request.body.role, Date.now(), { hosted: request.body.hosted === true })
    return reply.status(201).send({ ...view(account), enrollmentKey })
  })
  app.get('/api/accounts', async () => ({ accounts: (await rendezvous.accounts.list()).map(view) }))
  app.post<{ Params: { id: string } }>('/api/accounts/:id/revoke', {
    schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' } }, required: ['id'] } }
  }, async (request, reply) => {
    if (!await rendezvous.revocations.revokeAccount(request.params.id)) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No account ${request.params.id}` } })
    }
    return { account: request.params.id, revocationVersion: rendezvous.revocations.version }
  })
  app.post<{ Params: { id: string } }>('/api/accounts/:id/api-keys', {
    schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' } }, required: ['id'] } }
  }, async (request, reply) => {
    const apiKey = await rendezvous.accounts.createApiKey(request.params.id)
    if (apiKey == null) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No customer account ${request.params.id}` } })
    return reply.status(201).send({ account: request.params.id, apiKey })
  })
  app.get('/api/status', async () => ({
    credentialKeyId: rendezvous.credentialKeyId,
    revocationVersion: rendezvous.revocations.version,
    rulesVersion: rendezvous.rules.current()?.version ?? 0,
    ...(rendezvous.databaseStatus != null ? { database: databaseView(rendezvous.databaseStatus()) } : {})
  }))
  app.get('/api/providers', async () => ({ providers: rendezvous.providers?.list() ?? [] }))
}
