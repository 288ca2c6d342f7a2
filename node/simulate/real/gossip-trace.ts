import type { GossipMetricsRegister } from '../../libp2p/create-libp2p.js'

/** The gossipsub counters that make tracestat's figures, by their metric names. */
const TRACED = {
  gossipsub_msg_publish_count_total: 'published',
  gossipsub_pre_validation_valid_total: 'delivered',
  gossipsub_pre_validation_duplicate_total: 'duplicates'
} as const

/** Messages that failed validation, labelled by why: a validator's Ignore (a record the node already has a newer one of) is not a rejection. */
const INVALID = 'gossipsub_msg_received_invalid_total'

type Traced = typeof TRACED[keyof typeof TRACED] | 'rejected' | 'ignored'

const ignored = {
  inc () {},
  set () {},
  addCollect () {},
  observe () {},
  reset () {},
  startTimer: () => () => {}
}

/**
 * gossipsub's own metrics hook, given to every node of a simulated network,
 * counting only what tracestat reports across the whole network: messages
 * published, delivered (first copies the topic's validator accepted),
 * duplicates, rejected and ignored by the validator; every other metric
 * gossipsub makes is dropped.
 */
export class GossipTrace {
  readonly counts: Record<Traced, number> = { published: 0, delivered: 0, duplicates: 0, rejected: 0, ignored: 0 }

  /** The counts now, to subtract later. */
  snapshot (): Record<Traced, number> {
    return { ...this.counts }
  }

  /** What was counted since `before` (a snapshot). */
  since (before: Record<Traced, number>): Record<Traced, number> {
    const counted = this.snapshot()
    for (const key of Object.keys(counted) as Traced[]) counted[key] -= before[key]
    return counted
  }
  readonly register: GossipMetricsRegister

  constructor () {
    const counts = this.counts
    const counter = (name: Traced): typeof ignored => ({
      ...ignored,
      // labelled gauges are called inc(labels, value), plain ones inc(value)
      inc (labels?: unknown, value?: number) {
        counts[name] += typeof labels === 'number' ? labels : (value ?? 1)
      }
    })
    const invalid = {
      ...ignored,
      inc (labels: { error?: string }, value?: number) {
        counts[labels.error === 'ignore' ? 'ignored' : 'rejected'] += value ?? 1
      }
    }
    this.register = {
      gauge: (config: { name: string }) => {
        if (config.name === INVALID) return invalid
        const name = TRACED[config.name as keyof typeof TRACED]
        return name == null ? ignored : counter(name)
      },
      histogram: () => ignored,
      avgMinMax: () => ignored
    } as unknown as GossipMetricsRegister
  }
}
