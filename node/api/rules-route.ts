import type { FastifyInstance } from 'fastify'

/** What a node knows of the rule set it holds. */
export interface HeldRuleSet {
  current(): { version: number, hash: string, issuedAtMs: number } | undefined
}

/** `GET /api/rules`: the version and hash of the network rule set this node holds (version 0: none). */
export function registerRuleSetRoute (app: FastifyInstance, rules?: HeldRuleSet): void {
  app.get('/api/rules', async () => {
    const set = rules?.current()
    return set == null ? { version: 0 } : { version: set.version, hash: set.hash, issuedAt: new Date(set.issuedAtMs).toISOString() }
  })
}
