import { matchesDomain } from '../../../protocols/rules/index.js'
import { BEST_SCORE_FRACTION } from './constants.js'
import type { ProviderEntry } from '../provider-table.js'

/** What the choice of a provider for one customer connection looks at. */
export interface ChoiceInput {
  /** providers of the service in the wanted country that were not tried yet for this connection */
  candidates: readonly ProviderEntry[]
  /** the destination host: providers whose owner refuses it are skipped */
  host: string
  /** the provider bound to the connection's live sticky session, if any */
  sessionProvider?: string
  /** the provider the previous connection of the same account and country used (rotation) */
  lastProvider?: string
  /** a provider's score by peer id, higher is better */
  score(peerId: string): number
  /** a number in [0, 1) that picks among near-equals */
  random: number
}

/** The provider to try, or why there is none: every candidate's owner refuses the host, or there is no candidate. */
export type Choice = { provider: ProviderEntry } | { none: 'policy' | 'no-provider' }

/**
 * Picks the provider for one customer connection. A pure function:
 * candidates whose record says their owner refuses the host are dropped;
 * the session's provider wins while it is a candidate; otherwise one of the
 * best scored (within BEST_SCORE_FRACTION of the best), never the provider
 * the previous connection used when there is another, picked by `random`.
 */
export function chooseProvider (input: ChoiceInput): Choice {
  const allowed = input.candidates.filter(entry => !deniesHost(entry, input.host))
  if (allowed.length === 0) return { none: input.candidates.length > 0 ? 'policy' : 'no-provider' }
  if (input.sessionProvider != null) {
    const bound = allowed.find(entry => entry.peerId.toString() === input.sessionProvider)
    if (bound != null) return { provider: bound }
  }
  const scored = allowed.map(entry => ({ entry, score: input.score(entry.peerId.toString()) }))
  const best = Math.max(...scored.map(s => s.score))
  let pool = scored.filter(s => s.score >= best * BEST_SCORE_FRACTION)
  if (pool.length > 1 && input.lastProvider != null) pool = pool.filter(s => s.entry.peerId.toString() !== input.lastProvider)
  return { provider: pool[Math.min(pool.length - 1, Math.floor(input.random * pool.length))]!.entry }
}

/** True when the provider's record says its owner refuses this host (a denied domain or a subdomain of one). */
export function deniesHost (entry: ProviderEntry, host: string): boolean {
  const denied = entry.record.policy?.deniedDomains
  if (denied == null || denied.length === 0) return false
  const name = host.toLowerCase().replace(/\.$/, '')
  return denied.some(domain => matchesDomain(name, domain))
}
