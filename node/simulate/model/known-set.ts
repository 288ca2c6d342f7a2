/**
 * A set of items that can be drawn from at random: add, remove and pick in
 * constant time (an array, and each item's place in it; removal moves the
 * last item into the gap).
 */
export class KnownSet<T> {
  readonly items: T[] = []
  private readonly places = new Map<T, number>()

  get size (): number {
    return this.items.length
  }

  add (item: T): void {
    if (this.places.has(item)) return
    this.places.set(item, this.items.length)
    this.items.push(item)
  }

  delete (item: T): void {
    const place = this.places.get(item)
    if (place == null) return
    const last = this.items.pop() as T
    this.places.delete(item)
    if (last !== item) {
      this.items[place] = last
      this.places.set(last, place)
    }
  }

  /** Up to `n` items drawn without replacement (all of them, in order, when there are no more). */
  sample (n: number, random: { int(n: number): number }): T[] {
    const list = this.items
    if (list.length <= n) return [...list]
    const picked = new Set<number>()
    while (picked.size < n) picked.add(random.int(list.length))
    return [...picked].map(i => list[i] as T)
  }
}
