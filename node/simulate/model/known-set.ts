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
}
