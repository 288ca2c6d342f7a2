/** Percentile of a sample (nearest rank). */
export function percentile (values: number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1))] as number
}

/** One line of the report. */
export interface Figure {
  what: string
  value: string
  baseline?: string
  ratio?: string
  goal?: string
}

/** Formats a number of ms. */
export function ms (n: number): string {
  return `${n.toFixed(n < 10 ? 2 : 0)} ms`
}

/** Prints the figures as a table. */
export function printFigures (title: string, figures: Figure[]): void {
  const rows = figures.map(f => [f.what, f.value, f.baseline ?? '', f.ratio ?? '', f.goal ?? ''])
  const header = ['figure', 'peergrid', 'baseline (same run)', 'ratio', 'goal']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => (r[i] as string).length)))
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd()
  process.stdout.write(`\n${title}\n${line(header)}\n${rows.map(line).join('\n')}\n`)
}
