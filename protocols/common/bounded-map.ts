import { LRUCache } from 'lru-cache'

/** Options of a bounded map besides its size. */
export type BoundedMapOptions<K extends NonNullable<unknown>, V extends NonNullable<unknown>> = Omit<LRUCache.Options<K, V, unknown>, 'max' | 'maxSize' | 'sizeCalculation'>

/**
 * The one bounded map of peergrid: at most `max` entries, the least recently
 * used dropped first (lru-cache). Sized by entry count rather than with
 * lru-cache's `max`, which allocates storage for every entry up front:
 * measured here, 20 ms and ~8 MiB per 100,000-entry cache at start-up, for
 * maps that mostly stay small.
 */
export function boundedMap<K extends NonNullable<unknown>, V extends NonNullable<unknown>> (max: number, options: BoundedMapOptions<K, V> = {}): LRUCache<K, V, unknown> {
  return new LRUCache<K, V, unknown>({ ...options, maxSize: max, sizeCalculation: () => 1 })
}
