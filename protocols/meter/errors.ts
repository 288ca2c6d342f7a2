/** The exit did not counter-sign a receipt (REFUSED or UNKNOWN_SESSION). */
export class MeterRefusedError extends Error {
  static override name = 'MeterRefusedError'
  override name = 'MeterRefusedError'
  code = 'ERR_METER_REFUSED'
  readonly status: string

  constructor (status: string, message: string) {
    super(message)
    this.status = status
  }
}
