/** Relative width of a histogram bucket: quantiles are exact to within 1 %. */
export const HISTOGRAM_RESOLUTION = 0.01

const LOG_BASE = Math.log1p(HISTOGRAM_RESOLUTION)

/** Quantiles a report shows. */
export const REPORT_QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99] as const

/**
 * A histogram of non-negative values in log-spaced buckets (1 % wide):
 * bounded memory however many values go in, quantiles within 1 %, and the
 * same quantiles for the same values in any order.
 */
export class Histogram {
  private readonly buckets = new Map<number, number>()
  private zeros = 0
  count = 0
  sum = 0

  add (value: number): void {
    this.count++
    this.sum += value
    if (value <= 0) {
      this.zeros++
      return
    }
    const bucket = Math.floor(Math.log(value) / LOG_BASE)
    this.buckets.set(bucket, (this.buckets.get(bucket) ?? 0) + 1)
  }

  /** The value below which a share q of the values fall (the bucket's midpoint); NaN when empty. */
  quantile (q: number): number {
    if (this.count === 0) return NaN
    const rank = Math.max(1, Math.ceil(q * this.count))
    if (rank <= this.zeros) return 0
    let seen = this.zeros
    for (const bucket of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(bucket) as number
      if (seen >= rank) return Math.exp((bucket + 0.5) * LOG_BASE)
    }
    return NaN
  }

  /** The report's quantiles, rounded, as { p10, p25, …, p99 }, with the count and the mean. */
  summary (digits = 4): Record<string, number> {
    const out: Record<string, number> = { count: this.count, mean: roundTo(this.count === 0 ? 0 : this.sum / this.count, digits) }
    for (const q of REPORT_QUANTILES) out[`p${Math.round(q * 100)}`] = roundTo(this.quantile(q), digits)
    return out
  }

  /** Points of the cumulative distribution, for a CDF plot: [value, share at or below], at most `maxPoints` (evenly thinned). */
  cdf (digits = 4, maxPoints = 200): Array<[number, number]> {
    const all = this.allPoints(digits)
    if (all.length <= maxPoints) return all
    const step = all.length / maxPoints
    return Array.from({ length: maxPoints }, (_, i) => all[Math.min(all.length - 1, Math.floor((i + 1) * step) - 1)] as [number, number])
  }

  private allPoints (digits: number): Array<[number, number]> {
    const points: Array<[number, number]> = []
    if (this.count === 0) return points
    let seen = this.zeros
    if (this.zeros > 0) points.push([0, roundTo(seen / this.count, digits)])
    for (const bucket of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(bucket) as number
      points.push([roundTo(Math.exp((bucket + 1) * LOG_BASE), digits), roundTo(seen / this.count, digits)])
    }
    return points
  }
}

/** A number to `digits` significant digits (the report's figures stay the same across platforms' last-bit differences). */
export function roundTo (value: number, digits = 4): number {
  if (!Number.isFinite(value) || value === 0) return Number.isNaN(value) ? 0 : value
  return Number(value.toPrecision(digits))
}
