/** One scheduled event: when, in simulated ms, and what. */
interface Scheduled<E> {
  atMs: number
  /** ties break by the order events were scheduled in: the run is the same for the same seed */
  seq: number
  event: E
}

/** A binary min-heap of events by time, then by the order they were scheduled. */
export class EventQueue<E> {
  private readonly heap: Array<Scheduled<E>> = []
  private seq = 0

  get size (): number {
    return this.heap.length
  }

  push (atMs: number, event: E): void {
    const item = { atMs, seq: this.seq++, event }
    const heap = this.heap
    heap.push(item)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(item, heap[parent] as Scheduled<E>)) break
      heap[i] = heap[parent] as Scheduled<E>
      i = parent
    }
    heap[i] = item
  }

  /** The earliest event, taken off the queue. */
  pop (): { atMs: number, event: E } | undefined {
    const heap = this.heap
    const top = heap[0]
    if (top == null) return undefined
    const last = heap.pop() as Scheduled<E>
    if (heap.length > 0) {
      let i = 0
      for (;;) {
        const left = 2 * i + 1
        if (left >= heap.length) break
        const right = left + 1
        const child = right < heap.length && before(heap[right] as Scheduled<E>, heap[left] as Scheduled<E>) ? right : left
        if (!before(heap[child] as Scheduled<E>, last)) break
        heap[i] = heap[child] as Scheduled<E>
        i = child
      }
      heap[i] = last
    }
    return { atMs: top.atMs, event: top.event }
  }
}

function before<E> (a: Scheduled<E>, b: Scheduled<E>): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq)
}
