/** SQLSTATE classes and codes that mean the database went away, not that a statement was wrong. */
export function unreachable (err: any): boolean {
  const code = String(err?.code ?? '')
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') return true
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN'].includes(code)) return true
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection not open/i.test(String(err?.message ?? ''))
}
