/** A receipt that does not decode, or whose fields are out of range or inconsistent (an amount that is not price × bytes). */
export class InvalidReceiptError extends Error {
  static override name = 'InvalidReceiptError'
  override name = 'InvalidReceiptError'
  code = 'ERR_INVALID_RECEIPT'
}

/** A receipt whose customer or provider signature does not verify, or is missing. */
export class InvalidReceiptSignatureError extends Error {
  static override name = 'InvalidReceiptSignatureError'
  override name = 'InvalidReceiptSignatureError'
  code = 'ERR_INVALID_RECEIPT_SIGNATURE'
}

/** A receipt whose credentials do not back its signers: untrusted, expired or revoked at the receipt's time, wrong holder or role, or an account that may not pay. */
export class ReceiptCredentialError extends Error {
  static override name = 'ReceiptCredentialError'
  override name = 'ReceiptCredentialError'
  code = 'ERR_RECEIPT_CREDENTIAL'
}

/** The rendezvous did not settle a submission now (BUSY or FAILURE): the receipts stay and go again later. */
export class SubmitRetryError extends Error {
  static override name = 'SubmitRetryError'
  override name = 'SubmitRetryError'
  code = 'ERR_SUBMIT_RETRY'
}

/** The rendezvous refused a submission as malformed (BAD_REQUEST). */
export class SubmitRefusedError extends Error {
  static override name = 'SubmitRefusedError'
  override name = 'SubmitRefusedError'
  code = 'ERR_SUBMIT_REFUSED'
}
