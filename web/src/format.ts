/** A byte count for a person: 512 B, 1.50 KiB, 64.0 MiB. */
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

/** Micro-units as units with six decimals (the ledger's own formatting). */
export function formatUnits (micros: number): string {
  const sign = micros < 0 ? '-' : ''
  const abs = Math.abs(micros)
  return `${sign}${Math.floor(abs / 1_000_000)}.${String(abs % 1_000_000).padStart(6, '0')}`
}

/** A time of day for a feed row: 14:03:07. */
export function formatClock (timeMs: number): string {
  return new Date(timeMs).toLocaleTimeString([], { hour12: false })
}

/** A peer id shortened for a table cell: 12D3Koo…x7Qa. */
export function shortId (id: string): string {
  return id.length > 16 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id
}
