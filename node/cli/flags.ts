import { InvalidArgumentError } from 'commander'

/** Collects a repeatable option into a list. */
export function collect (value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

/** Collects a repeatable option that also takes comma-separated lists. */
export function collectList (value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map(s => s.trim()).filter(Boolean)]
}

/** Parses a non-negative integer flag, with a readable error. */
export function integer (value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('must be a whole number')
  const n = Number(value)
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('is too large')
  return n
}
