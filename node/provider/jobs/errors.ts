/** The job ran past its wall-time limit and its sandbox was killed. */
export class JobTimeoutError extends Error {
  static override name = 'JobTimeoutError'
  override name = 'JobTimeoutError'
  code = 'ERR_JOB_TIMEOUT'
}

/** Too many jobs wait already: try later or elsewhere. */
export class JobsBusyError extends Error {
  static override name = 'JobsBusyError'
  override name = 'JobsBusyError'
  code = 'ERR_JOBS_BUSY'
}

/** The sandbox process died or could not start (not the job's doing). */
export class SandboxFailedError extends Error {
  static override name = 'SandboxFailedError'
  override name = 'SandboxFailedError'
  code = 'ERR_SANDBOX_FAILED'
}

/** The customer went away (or the provider is stopping) before the job finished: it was stopped, and nothing is owed. */
export class JobCancelledError extends Error {
  static override name = 'JobCancelledError'
  override name = 'JobCancelledError'
  code = 'ERR_JOB_CANCELLED'
}
