import { ProxyOpenResult } from '../../../protocols/proxy/index.js'
import { UnfundedAccountError } from '../../../protocols/revocations/index.js'
import type { OwnerPolicy } from './owner-policy.js'
import type { RateLimiter } from '../../utils/rate-limit.js'
import type { CompiledRules } from '../../../protocols/rules/index.js'

const Status = ProxyOpenResult.Status

/** The network rule set as the exit holds it: compiled once per version, with its open rates. */
export interface NetworkRules {
  version: number
  rules: CompiledRules
  customerRate?: RateLimiter
  destinationRate?: RateLimiter
}

/** A token to spend once the decision is made: the open passed this limiter's check. */
export interface Spend {
  limiter: RateLimiter
  key: string
}

/** Everything admission looks at, gathered before any DNS lookup or dial. */
export interface AdmissionInput {
  /** the customer: the connection's noise-authenticated peer id */
  customer: string
  host: string
  port: number
  /** the credential check's verdict: the customer's account, or the name of the error that refused it */
  credential: { account: string } | { refusedBy: string }
  /**
   * the network rule set: absent when the exit enforces none (it trusts no
   * rendezvous key); `current` absent while it holds none (fail closed)
   */
  network?: { current?: NetworkRules, optedIn: ReadonlySet<string> }
  owner?: Pick<OwnerPolicy, 'checkCustomer' | 'checkName'>
  /** the owner's own open rates */
  customerRate?: RateLimiter
  destinationRate?: RateLimiter
  /** proxy streams open now, in total and of this customer, this one included */
  activeStreams: number
  customerStreams: number
  maxStreams: number
  maxStreamsPerCustomer: number
  /** the time the limiters are read at, unix ms */
  nowMs: number
  /** the owner's controls: serve now or not, and why (absent: always serve) */
  serving?: { serve: boolean, reasons: Array<{ code: string }> }
  /** a metering exit: the price the open offers and the exit's current price, micro-units per GiB (absent: the exit does not meter) */
  price?: { offered?: number, current: number }
  /** a metering exit: the customer's traffic not yet covered by a receipt, and the bound past which it is not served */
  unreceipted?: { bytes: number, bound: number }
}

/** Serve, with the tokens to spend; or refuse with the status and rule to answer and log. */
export type Admission =
  | { admitted: true, account: string, spend: Spend[] }
  | { admitted: false, status: ProxyOpenResult.Status, rule?: string, account?: string, spend: Spend[] }

/** The name of the credential check's error for an account out of credit. */
const UNFUNDED_ERROR = UnfundedAccountError.name

/**
 * The exit's admission decision, before any DNS lookup or dial, in order:
 * a valid credential; the owner's controls (paused, data cap, schedule,
 * busy machine); on a metering exit, a price at least its own and
 * the customer's unreceipted traffic within the bound; the network rule set (none yet: refuse; a blocked
 * port or category; its open rates); the owner's customer list and denied
 * names; the owner's open rates; the stream caps. A pure function: it reads
 * the limiters at `nowMs` and returns the tokens the checks that passed
 * would spend (the caller spends them, served or not, so a refused burst
 * still costs what it passed), never touching them itself.
 */
export function decideAdmission (input: AdmissionInput): Admission {
  const spend: Spend[] = []
  if ('refusedBy' in input.credential) {
    // out of credit is not a bad credential: the customer is told to pay, not to log in again
    const status = input.credential.refusedBy === UNFUNDED_ERROR ? Status.UNFUNDED : Status.UNAUTHORIZED
    return { admitted: false, status, rule: input.credential.refusedBy, spend }
  }
  const account = input.credential.account
  const refuse = (status: ProxyOpenResult.Status, rule?: string): Admission => ({ admitted: false, status, rule, account, spend })
  if (input.serving != null && !input.serving.serve) return refuse(Status.NOT_SERVING, input.serving.reasons.map(r => r.code).join(', '))
  if (input.price != null && (input.price.offered ?? -1) < input.price.current) {
    return refuse(Status.PRICE, `price ${input.price.current} micro-units per GiB`)
  }
  if (input.unreceipted != null && input.unreceipted.bytes > input.unreceipted.bound) {
    return refuse(Status.POLICY, `${input.unreceipted.bytes} bytes not covered by a receipt (bound ${input.unreceipted.bound})`)
  }
  const rate = (limiter: RateLimiter | undefined, key: string): boolean => {
    if (limiter == null) return true
    if (!limiter.allows(key, input.nowMs)) return false
    spend.push({ limiter, key })
    return true
  }

  if (input.network != null) {
    const current = input.network.current
    if (current == null) return refuse(Status.RULES, 'no rule set yet')
    const rule = current.rules.refusal({ host: input.host, port: input.port }, input.network.optedIn)
    if (rule != null) return refuse(Status.RULES, `${rule} (rule set ${current.version})`)
    if (!rate(current.customerRate, input.customer)) return refuse(Status.OVER_RATE, 'network customer open rate')
    if (!rate(current.destinationRate, `${input.customer} ${input.host}`)) return refuse(Status.OVER_RATE, 'network customer open rate to one destination')
  }
  const ownerRule = input.owner?.checkCustomer(account, input.customer) ?? input.owner?.checkName(input.host)
  if (ownerRule != null) return refuse(Status.POLICY, ownerRule)
  if (!rate(input.customerRate, input.customer)) return refuse(Status.OVER_RATE, 'customer open rate')
  if (!rate(input.destinationRate, `${input.customer} ${input.host}`)) return refuse(Status.OVER_RATE, 'customer open rate to one destination')
  if (input.activeStreams > input.maxStreams || input.customerStreams > input.maxStreamsPerCustomer) return refuse(Status.OVER_CAPACITY)
  return { admitted: true, account, spend }
}
