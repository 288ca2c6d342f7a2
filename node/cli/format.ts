// made on first use: every daemon imports this module at start
let regionNames: Intl.DisplayNames | undefined

/** A country's common English name for display ("US" → "United States"); the code itself if unknown. */
export function countryName (code: string): string {
  try {
    regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' })
    return regionNames.of(code) ?? code
  } catch {
    return code
  }
}

/** Micro-units as a decimal amount with two places, truncated: 500000 → "0.50". */
export function formatMicros (micros: number): string {
  const whole = Math.floor(micros / 1_000_000)
  const cents = Math.floor((micros % 1_000_000) / 10_000)
  return `${whole}.${String(cents).padStart(2, '0')}`
}

/** Micro-units as units with all six decimals, e.g. 2328 → "0.002328" (the ledger's own formatting). */
export { formatUnits } from '../../rendezvous/index.js'

export { formatBytes } from '../../protocols/local-api/index.js'

/** Rows under a header, each column padded to its widest cell, two spaces apart. */
export function table (header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => (r[i] ?? '').length)))
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd()
  return [line(header), ...rows.map(line)].join('\n')
}
