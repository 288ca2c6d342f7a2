import { Counter } from 'prom-client'
import type { Registry } from 'prom-client'

/** Metrics of the signed documents a node keeps (revocation list, rule set). */
export interface DocumentMetrics {
  /** documents offered, by kind and result (taken, stale, or the error name of a refused one) */
  offers: Counter<'kind' | 'result'>
}

/** Declares the document metrics in `registry`. */
export function createDocumentMetrics (registry: Registry): DocumentMetrics {
  return {
    offers: new Counter({
      name: 'peergrid_signed_documents_total',
      help: 'Signed documents (revocation lists, rule sets) offered by gossip or fetch, by kind and result',
      labelNames: ['kind', 'result'],
      registers: [registry]
    })
  }
}
