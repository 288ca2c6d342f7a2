/**
 * @packageDocumentation
 *
 * Metering receipts: the cumulative state of one proxy session
 * `{session, provider, customer, paying account, price, bytes up, bytes
 * down, amount, seq, time}`, signed by the customer's gateway and
 * counter-signed by the provider's exit. A format, not a protocol: the
 * metering exchange during a session and the submission to the rendezvous
 * carry it.
 *
 * @example
 *
 * ```TypeScript
 * const signed = await signReceipt(gatewayKey, gatewayCredential, { session, provider, customer, payingAccount, pricePerGiB, bytesUp, bytesDown, amount: receiptAmount(bytesUp, bytesDown, pricePerGiB), seq, atMs })
 * const both = await counterSignReceipt(exitKey, exitCredential, signed)
 * const receipt = await openReceipt(both, { trustedKeys, countersigned: true })
 * ```
 */

export * from './constants.js'
export * from './errors.js'
export * from './receipt.js'
export { Receipt, SignedReceipt } from './pb/receipt.js'
export * from './exchange.js'
export * from './server.js'
export * from './submitter.js'
export { SubmitReceipts, SubmitReceiptsResult, ReceiptAnswer } from './pb/submit.js'
