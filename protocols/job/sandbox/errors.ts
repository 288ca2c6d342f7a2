/** Bytes that are not a WebAssembly module we can run: bad magic, a malformed section, an import outside WASI preview 1. */
export class InvalidModuleError extends Error {
  static override name = 'InvalidModuleError'
  override name = 'InvalidModuleError'
  code = 'ERR_INVALID_MODULE'
}

/** A module or a job over a limit: memory it needs at start, output it writes, files it makes. */
export class JobLimitError extends Error {
  static override name = 'JobLimitError'
  override name = 'JobLimitError'
  code = 'ERR_JOB_LIMIT'
}

/** The module trapped (unreachable, out of bounds, stack overflow…) or called something the sandbox refuses. */
export class JobTrapError extends Error {
  static override name = 'JobTrapError'
  override name = 'JobTrapError'
  code = 'ERR_JOB_TRAP'
}
