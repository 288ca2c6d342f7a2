/** One unit of the network's currency is 1,000,000 micro-units; all money is integer micro-units. */
export const MICRO_UNITS_PER_UNIT = 1_000_000

/** Largest amount one ledger entry may move (10^15 micro-units = 10^9 units): far inside Number's exact integers. */
export const MAX_ENTRY_MICRO_UNITS = 1_000_000_000_000_000

/** True for a whole number of micro-units within the per-entry bound (either sign). */
export function isMicroUnits (value: unknown): value is number {
  return Number.isSafeInteger(value) && Math.abs(value as number) <= MAX_ENTRY_MICRO_UNITS
}

/** Micro-units as units with six decimals, e.g. 12500000 -> "12.500000", -5 -> "-0.000005". */
export function formatUnits (microUnits: number): string {
  const sign = microUnits < 0 ? '-' : ''
  const abs = Math.abs(microUnits)
  const whole = Math.floor(abs / MICRO_UNITS_PER_UNIT)
  const fraction = String(abs % MICRO_UNITS_PER_UNIT).padStart(6, '0')
  return `${sign}${whole}.${fraction}`
}
