/** One bucket of `GET /api/earnings/series`: what started in [t, t + bucketMs). */
export interface SeriesBucket {
  t: number
  connections: number
  jobs: number
  /** both directions */
  bytes: number
  earnedMicroUnits: number
}

/** An answer of `GET /api/earnings/series`. */
export interface EarningsSeries {
  since: number
  bucketMs: number
  buckets: SeriesBucket[]
  truncated: boolean
}
