/** Micro-units in one unit of money: amounts are whole micro-units everywhere. */
export const MICRO_UNITS_PER_UNIT = 1_000_000

/** Micro-units as units with all six decimals, e.g. 2328 → "0.002328" (the ledger's own formatting). */
export function formatUnits (microUnits: number): string {
  const sign = microUnits < 0 ? '-' : ''
  const abs = Math.abs(microUnits)
  const whole = Math.floor(abs / MICRO_UNITS_PER_UNIT)
  const fraction = String(abs % MICRO_UNITS_PER_UNIT).padStart(6, '0')
  return `${sign}${whole}.${fraction}`
}

/** A byte count for a person: 512 B, 1.50 KiB, 64.0 MiB, 2.10 GiB. */
export function formatBytes (bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit] as string}`
}
