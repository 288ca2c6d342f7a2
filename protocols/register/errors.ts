import { RegisterResponse } from './pb/register.js'

/** What a person is told for each refusal of the rendezvous. */
const REFUSALS: Partial<Record<RegisterResponse.Status, string>> = {
  [RegisterResponse.Status.UNKNOWN_KEY]: 'the rendezvous knows no account with this enrollment key; check --enroll (the operator creates accounts with `peergrid account create`)',
  [RegisterResponse.Status.DISABLED]: 'the account is disabled at the rendezvous; ask its operator',
  [RegisterResponse.Status.RATE_LIMITED]: 'the rendezvous asks to register less often'
}

/** The rendezvous answered a registration with something other than a credential. */
export class RegistrationRefusedError extends Error {
  static override name = 'RegistrationRefusedError'
  override name = 'RegistrationRefusedError'
  code = 'ERR_REGISTRATION_REFUSED'
  readonly status: RegisterResponse.Status
  /** true when retrying soon cannot help (unknown key, disabled account) */
  readonly final: boolean

  constructor (status: RegisterResponse.Status) {
    super(`Registration refused: ${REFUSALS[status] ?? `status ${String(status)}`}`)
    this.status = status
    this.final = status === RegisterResponse.Status.UNKNOWN_KEY || status === RegisterResponse.Status.DISABLED
  }
}
