import type { JobEvent } from './pb/job.js'

/** The provider refused the job (its status says why) or could not run it. */
export class JobRefusedError extends Error {
  static override name = 'JobRefusedError'
  override name = 'JobRefusedError'
  code = 'ERR_JOB_REFUSED'
  readonly status: JobEvent.Status
  /** PRICE: the provider's price, micro-units per CPU-second */
  readonly pricePerCpuSecond?: number

  constructor (message: string, status: JobEvent.Status, pricePerCpuSecond?: number) {
    super(message)
    this.status = status
    this.pricePerCpuSecond = pricePerCpuSecond
  }
}

/** A submit that breaks the protocol's rules (sizes, paths, names): refused before anything runs. */
export class InvalidJobError extends Error {
  static override name = 'InvalidJobError'
  override name = 'InvalidJobError'
  code = 'ERR_INVALID_JOB'
}

/** The provider went silent for longer than the event timeout, or closed the stream without a final event. */
export class JobLostError extends Error {
  static override name = 'JobLostError'
  override name = 'JobLostError'
  code = 'ERR_JOB_LOST'
}

/** The provider asked to be paid and the gateway would not (or could not) sign a receipt for it: no result. */
export class JobPaymentError extends Error {
  static override name = 'JobPaymentError'
  override name = 'JobPaymentError'
  code = 'ERR_JOB_PAYMENT'
  /** the gateway went away (closed or reset the stream) rather than refusing to pay */
  readonly gatewayLeft: boolean

  constructor (message: string, options: { gatewayLeft?: boolean } = {}) {
    super(message)
    this.gatewayLeft = options.gatewayLeft === true
  }
}
