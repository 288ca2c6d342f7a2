/** A provider asked more for a job than was agreed: the gateway does not sign it. */
export class JobBillError extends Error {
  static override name = 'JobBillError'
  override name = 'JobBillError'
  code = 'ERR_JOB_BILL'
}
