import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator'

/** A distribution as a scenario names it. */
export type Distribution =
  | { distribution: 'fixed', value: number }
  | { distribution: 'exponential', mean: number }
  | { distribution: 'weibull', shape: number, scale: number }
  | { distribution: 'lognormal', median: number, sigma: number }

/**
 * A seeded random stream (pure-rand's xoroshiro128+) with the draws a
 * simulation needs. `split()` gives independent streams (a jump of 2^64), so
 * that each part of a model draws from its own and a change in one part does
 * not move the draws of another.
 */
export class Random {
  private readonly rng: JumpableRandomGenerator

  constructor (seed: number | JumpableRandomGenerator) {
    this.rng = typeof seed === 'number' ? xoroshiro128plus(seed) : seed
  }

  /** A new independent stream; this one moves on past it. */
  split (): Random {
    const child = this.rng.clone() as JumpableRandomGenerator
    this.rng.jump()
    return new Random(child)
  }

  /** Uniform in [0, 1). */
  next (): number {
    return uniformFloat64(this.rng)
  }

  /** A whole number in [0, n). */
  int (n: number): number {
    return Math.floor(this.next() * n)
  }

  /** True with probability p. */
  chance (p: number): boolean {
    return this.next() < p
  }

  /** A key of `weights`, each as likely as its weight (keys in sorted order, so the draw does not depend on how the object was written). */
  pick<K extends string> (weights: Readonly<Record<K, number>>): K {
    const keys = (Object.keys(weights) as K[]).sort()
    const total = keys.reduce((n, key) => n + weights[key], 0)
    let left = this.next() * total
    for (const key of keys) {
      left -= weights[key]
      if (left < 0) return key
    }
    return keys[keys.length - 1] as K
  }

  /**
   * A draw from a distribution, by inverse transform (Weibull, exponential)
   * or Box–Muller (log-normal): a few lines each, exact, and with no
   * dependency beyond the generator.
   */
  draw (d: Distribution): number {
    switch (d.distribution) {
      case 'fixed': return d.value
      case 'exponential': return -d.mean * Math.log(1 - this.next())
      case 'weibull': return d.scale * Math.pow(-Math.log(1 - this.next()), 1 / d.shape)
      case 'lognormal': {
        const normal = Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next())
        return d.median * Math.exp(d.sigma * normal)
      }
    }
  }
}

/** The mean of a distribution (for steady-state shares). */
export function meanOf (d: Distribution): number {
  switch (d.distribution) {
    case 'fixed': return d.value
    case 'exponential': return d.mean
    case 'weibull': return d.scale * gamma(1 + 1 / d.shape)
    case 'lognormal': return d.median * Math.exp(d.sigma * d.sigma / 2)
  }
}

/** The gamma function (Lanczos approximation, g = 7), for the Weibull mean. */
function gamma (z: number): number {
  if (z < 0.5) return Math.PI / (Math.sin(Math.PI * z) * gamma(1 - z))
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7]
  const x = z - 1
  let a = c[0] as number
  const t = x + 7.5
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (x + i)
  return Math.sqrt(2 * Math.PI) * Math.pow(t, x + 0.5) * Math.exp(-t) * a
}
