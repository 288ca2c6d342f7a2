// Types of the generated validators (scripts/generate-validators.ts).
import type { ErrorObject } from 'ajv'

interface Validator {
  (data: unknown): boolean
  errors?: ErrorObject[] | null
}

export const rendezvous: Validator
export const provider: Validator
export const gateway: Validator
