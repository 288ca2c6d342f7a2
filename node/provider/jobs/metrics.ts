import { Counter } from 'prom-client'
import type { Registry } from 'prom-client'

/** The provider's job metrics. */
export interface JobMetrics {
  /** jobs by outcome: exited, the error that stopped them, or why they were refused */
  jobs: Counter<'outcome'>
  /** CPU time jobs used */
  cpuSeconds: Counter
}

/** Declares the job metrics in `registry`. */
export function createJobMetrics (registry: Registry): JobMetrics {
  return {
    jobs: new Counter({ name: 'peergrid_provider_jobs_total', help: 'Jobs by outcome: exited, the error that stopped them, or why they were refused', labelNames: ['outcome'], registers: [registry] }),
    cpuSeconds: new Counter({ name: 'peergrid_provider_job_cpu_seconds_total', help: 'CPU time jobs used', registers: [registry] })
  }
}
