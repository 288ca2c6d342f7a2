import { customerAccount } from './accounts.js'
import { InvalidTransactionError, LedgerConflictError } from './errors.js'
import { MAX_JOURNAL_PAGE } from './ledger.js'
import { formatUnits, MAX_ENTRY_MICRO_UNITS } from './money.js'
import { creditTransaction, MAX_REFERENCE_LENGTH } from './postings.js'
import type { CreditControl } from './credit-control.js'
import type { Ledger } from './ledger.js'
import type { AccountRepository } from '../identity/accounts.js'
import type { FastifyInstance } from 'fastify'

const ACCOUNT_ID = { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' } as const


/**
 * The ledger's operator routes (mounted on the rendezvous operator API):
 * - `POST /api/accounts/<id>/credit {"amount": micro-units, "reference": "..."}`
 *   adds prepaid credit to a customer account: 201 when booked, 200 when that
 *   reference was booked before with the same amount, 409 with another;
 * - `GET /api/ledger`: every balance;
 * - `GET /api/ledger/journal?after=<seq>&limit=<n>`: transactions in booking order;
 * - `GET /api/ledger/check`: replays the journal and proves the books (sum zero, balances explained).
 */
export async function registerLedgerRoutes (app: FastifyInstance, rendezvous: { accounts: AccountRepository, ledger: Ledger, credit?: Pick<CreditControl, 'afterCredit'> }, clock: () => number = Date.now): Promise<void> {
  const { ledger, accounts } = rendezvous
  // money is taken as sent or refused: no "5" read as 5, no unknown field dropped.
  // ajv loads with the API, after the ready line, as fastify does
  const { Ajv } = await import('ajv')
  const strict = new Ajv({ coerceTypes: false, removeAdditional: false, useDefaults: false })
  app.post<{ Params: { id: string }, Body: { amount: number, reference: string } }>('/api/accounts/:id/credit', {
    validatorCompiler: ({ schema }) => strict.compile(schema),
    schema: {
      params: { type: 'object', properties: { id: ACCOUNT_ID }, required: ['id'] },
      body: {
        type: 'object',
        properties: {
          amount: { type: 'integer', minimum: 1, maximum: MAX_ENTRY_MICRO_UNITS },
          reference: { type: 'string', minLength: 1, maxLength: MAX_REFERENCE_LENGTH }
        },
        required: ['amount', 'reference'],
        additionalProperties: false
      }
    }
  }, async (request, reply) => {
    const { id } = request.params
    const account = await accounts.get(id)
    if (account == null || account.role !== 'customer') {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No customer account ${id}` } })
    }
    try {
      const booking = await ledger.book(creditTransaction({ customer: id, amount: request.body.amount, reference: request.body.reference, atMs: clock() }))
      // an account stopped for want of credit is served again
      await rendezvous.credit?.afterCredit(id)
      const balance = await ledger.balance(customerAccount(id))
      return reply.status(booking.applied ? 201 : 200).send({ account: id, applied: booking.applied, transaction: booking.transaction, balance, balanceUnits: formatUnits(balance) })
    } catch (err: any) {
      if (err instanceof LedgerConflictError) return reply.status(409).send({ error: { code: 'CONFLICT', message: `Reference ${request.body.reference} was credited to ${id} before with another amount` } })
      if (err instanceof InvalidTransactionError) return reply.status(400).send({ error: { code: 'BAD_REQUEST', message: err.message } })
      throw err
    }
  })
  app.get('/api/ledger', async () => {
    const balances = await ledger.balances()
    return { balances: balances.map(b => ({ ...b, balanceUnits: formatUnits(b.balance) })) }
  })
  app.get<{ Querystring: { after?: number, limit?: number } }>('/api/ledger/journal', {
    schema: {
      querystring: {
        type: 'object',
        properties: { after: { type: 'integer', minimum: 0 }, limit: { type: 'integer', minimum: 1, maximum: MAX_JOURNAL_PAGE } },
        additionalProperties: false
      }
    }
  }, async (request) => ({ transactions: await ledger.journal(request.query) }))
  app.get('/api/ledger/check', async () => ledger.check())
}
