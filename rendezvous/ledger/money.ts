/** One unit of the network's currency is 1,000,000 micro-units; all money is integer micro-units. */
export { MICRO_UNITS_PER_UNIT } from '../../protocols/local-api/format.js'

/** Largest amount one ledger entry may move (10^15 micro-units = 10^9 units): far inside Number's exact integers. */
export const MAX_ENTRY_MICRO_UNITS = 1_000_000_000_000_000

/** True for a whole number of micro-units within the per-entry bound (either sign). */
export function isMicroUnits (value: unknown): value is number {
  return Number.isSafeInteger(value) && Math.abs(value as number) <= MAX_ENTRY_MICRO_UNITS
}

export { formatUnits } from '../../protocols/local-api/format.js'
