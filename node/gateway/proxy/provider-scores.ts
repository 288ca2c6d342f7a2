import { boundedMap } from '../../../protocols/common/index.js'
import { MAX_SCORED_PROVIDERS, SCORE_EWMA_WEIGHT, SCORE_LATENCY_SCALE_MS } from './constants.js'

/** What the gateway has seen of one provider's opens. */
export interface ProviderStats {
  /** moving average of open outcomes: 1 = every open succeeded */
  successRate: number
  /** moving average of the time to an open result, ms */
  latencyMs: number
  /** opens observed */
  opens: number
}

/**
 * The score of a provider from its stats: success rate discounted by open
 * latency (a provider at SCORE_LATENCY_SCALE_MS scores half of one at 0 ms).
 * A provider never seen scores as a perfect one, so new providers get tried.
 */
export function scoreProvider (stats: ProviderStats | undefined): number {
  if (stats == null) return 1
  return stats.successRate / (1 + stats.latencyMs / SCORE_LATENCY_SCALE_MS)
}

/** Per-provider open statistics, as exponentially weighted moving averages; the least recently updated are forgotten first. */
export class ProviderScores {
  private readonly stats = boundedMap<string, ProviderStats>(MAX_SCORED_PROVIDERS)

  /** Records one open: whether the provider served it, and how long it took. */
  record (peerId: string, success: boolean, latencyMs: number): void {
    const previous = this.stats.get(peerId)
    const outcome = success ? 1 : 0
    const next: ProviderStats = previous == null
      ? { successRate: outcome, latencyMs: success ? latencyMs : 0, opens: 1 }
      : {
          successRate: previous.successRate + SCORE_EWMA_WEIGHT * (outcome - previous.successRate),
          // a failure says nothing about latency
          latencyMs: success ? previous.latencyMs + SCORE_EWMA_WEIGHT * (latencyMs - previous.latencyMs) : previous.latencyMs,
          opens: previous.opens + 1
        }
    this.stats.set(peerId, next)
  }

  get (peerId: string): ProviderStats | undefined {
    return this.stats.peek(peerId)
  }

  score (peerId: string): number {
    return scoreProvider(this.stats.peek(peerId))
  }
}
