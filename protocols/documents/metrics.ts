import { Counter } from 'prom-client'
import { declaredOnce } from '../common/metrics.js'

/** Metrics of the signed documents a node keeps (revocation list, rule set). */
export interface DocumentMetrics {
  /** documents offered, by kind and result (taken, stale, or the error name of a refused one) */
  offers: Counter<'kind' | 'result'>
}

/** The document metrics of a registry (every watcher of a node shares them). */
export const documentMetrics = declaredOnce((registry): DocumentMetrics => ({
  offers: new Counter({
    name: 'peergrid_signed_documents_total',
    help: 'Signed documents (revocation lists, rule sets) offered by gossip or fetch, by kind and result',
    labelNames: ['kind', 'result'],
    registers: [registry]
  })
}))
