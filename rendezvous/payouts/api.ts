import { formatUnits } from '../ledger/money.js'
import { MAX_PAYOUT_PAGE } from './constants.js'
import { PayoutConfigError, PayoutRunInProgressError } from './errors.js'
import type { Payout } from './payout.js'
import type { Payouts } from './payouts.js'
import type { AccountRepository } from '../identity/accounts.js'
import type { Ledger } from '../ledger/ledger.js'
import type { FastifyInstance } from 'fastify'

/** A provider account's standing toward payouts, as `GET /api/payouts/due` answers it. */
export interface PayoutDue {
  account: string
  balance: number
  held: number
  payable: number
  payableUnits: string
  /** a disabled (revoked) account is not paid until the operator enables it again */
  disabled: boolean
}

/**
 * The payout routes of the operator API:
 * - `POST /api/payouts/run`: a payout run now (what a scheduled run does):
 *   delivers what is in transit, then pays every provider that is due;
 * - `GET /api/payouts?account=<id>&state=<in-transit|settled|returned>&limit=<n>`: payouts, newest first;
 * - `GET /api/payouts/due`: each provider's earnings, what the hold period keeps back and what a run would pay.
 */
export function registerPayoutRoutes (app: FastifyInstance, rendezvous: { payouts: Payouts, ledger: Ledger, accounts: Pick<AccountRepository, 'getMany'> }): void {
  const { payouts, ledger, accounts } = rendezvous
  app.post('/api/payouts/run', async (_request, reply) => {
    let report
    try {
      report = await payouts.run()
    } catch (err: any) {
      if (err instanceof PayoutConfigError) return reply.status(409).send({ error: { code: 'PAYOUTS_NOT_CONFIGURED', message: err.message } })
      if (err instanceof PayoutRunInProgressError) return reply.status(409).send({ error: { code: 'PAYOUT_RUN_IN_PROGRESS', message: err.message } })
      throw err
    }
    const total = (list: Payout[]): number => list.reduce((sum, p) => sum + p.amount, 0)
    return { ...report, deliveredMicroUnits: total(report.delivered), returnedMicroUnits: total(report.returned), failedMicroUnits: total(report.failed) }
  })
  app.get<{ Querystring: { account?: string, state?: Payout['state'], limit?: number } }>('/api/payouts', {
    schema: {
      querystring: {
        type: 'object',
        properties: {
          account: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' },
          state: { enum: ['in-transit', 'settled', 'returned'] },
          limit: { type: 'integer', minimum: 1, maximum: MAX_PAYOUT_PAGE }
        },
        additionalProperties: false
      }
    }
  }, async (request) => ({ rules: payouts.rules, payouts: await payouts.list(request.query) }))
  app.get('/api/payouts/due', async () => {
    const providers = (await ledger.balances()).filter(b => b.account.startsWith('provider:')).map(b => ({ id: b.account.slice('provider:'.length), balance: b.balance }))
    const found = await accounts.getMany(providers.map(p => p.id))
    const due: PayoutDue[] = []
    for (const [i, { id, balance }] of providers.entries()) {
      const standing = await payouts.payable(id, balance)
      const disabled = found[i]?.disabled === true
      const payable = disabled ? 0 : standing.payable
      due.push({ account: id, ...standing, payable, payableUnits: formatUnits(payable), disabled })
    }
    return { rules: payouts.rules, due }
  })
}
