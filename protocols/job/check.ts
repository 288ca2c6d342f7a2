import { JOB_SEED_BYTES, MAX_ARG_LENGTH, MAX_ARGS, MAX_ENV, MAX_INPUT_FILE_BYTES, MAX_INPUT_FILES, MAX_MODULE_BYTES, MAX_OUTPUT_BYTES, MAX_PATH_LENGTH, MAX_STDIN_BYTES } from './constants.js'
import { InvalidJobError } from './errors.js'
import type { JobSubmit } from './pb/job.js'

const ENV_ENTRY = /^[A-Za-z_][A-Za-z0-9_]{0,63}=/
const ACCOUNT_ID = /^[A-Za-z0-9_.-]{1,64}$/

/** Throws InvalidJobError unless a submit keeps to the protocol's sizes and forms (the provider's own limits come after). */
export function checkSubmit (submit: JobSubmit): void {
  if (submit.module != null && submit.module.byteLength > MAX_MODULE_BYTES) throw new InvalidJobError(`The module is ${submit.module.byteLength} bytes; the limit is ${MAX_MODULE_BYTES}`)
  if (submit.module == null && submit.moduleSha256.byteLength !== 32) throw new InvalidJobError('A job needs its module or the module\'s sha-256')
  if (submit.moduleSha256.byteLength !== 0 && submit.moduleSha256.byteLength !== 32) throw new InvalidJobError('module_sha256 must be 32 bytes')
  if (submit.args.length > MAX_ARGS || submit.args.some(a => a.length > MAX_ARG_LENGTH)) throw new InvalidJobError(`At most ${MAX_ARGS} arguments of ${MAX_ARG_LENGTH} characters`)
  if (submit.env.length > MAX_ENV || submit.env.some(e => e.length > MAX_ARG_LENGTH || !ENV_ENTRY.test(e))) throw new InvalidJobError(`At most ${MAX_ENV} environment entries, each NAME=value with NAME of letters, digits and _`)
  if (submit.stdin.byteLength > MAX_STDIN_BYTES) throw new InvalidJobError(`stdin is ${submit.stdin.byteLength} bytes; the limit is ${MAX_STDIN_BYTES}`)
  if (submit.files.length > MAX_INPUT_FILES) throw new InvalidJobError(`At most ${MAX_INPUT_FILES} input files`)
  let total = 0
  const paths = new Set<string>()
  for (const file of submit.files) {
    checkPath(file.path)
    if (paths.has(file.path)) throw new InvalidJobError(`The file ${file.path} is given twice`)
    paths.add(file.path)
    total += file.data.byteLength
  }
  if (total > MAX_INPUT_FILE_BYTES) throw new InvalidJobError(`The input files hold ${total} bytes; the limit is ${MAX_INPUT_FILE_BYTES}`)
  if (submit.limits == null) throw new InvalidJobError('A job needs its limits')
  if (submit.limits.memoryBytes <= 0 || submit.limits.wallMs <= 0 || submit.limits.outputBytes <= 0) throw new InvalidJobError('Every limit must be above zero')
  if (submit.limits.outputBytes > MAX_OUTPUT_BYTES) throw new InvalidJobError(`The output limit is at most ${MAX_OUTPUT_BYTES} bytes`)
  if (submit.payingAccount != null && !ACCOUNT_ID.test(submit.payingAccount)) throw new InvalidJobError('The paying account is malformed')
  if (submit.seed != null && submit.seed.byteLength !== JOB_SEED_BYTES) throw new InvalidJobError(`The seed must be ${JOB_SEED_BYTES} bytes`)
}

/** Throws InvalidJobError unless `path` is a relative path inside the job's filesystem. */
export function checkPath (path: string): void {
  if (path.length === 0 || path.length > MAX_PATH_LENGTH) throw new InvalidJobError(`A file path must be 1-${MAX_PATH_LENGTH} characters`)
  const parts = path.split('/')
  if (path.startsWith('/') || parts.some(p => p === '' || p === '.' || p === '..') || /[\0\\]/.test(path)) throw new InvalidJobError(`The file path ${JSON.stringify(path.slice(0, 40))} must be relative, without '.', '..' or empty parts`)
}
