// Types of the generated validator (scripts/generate-validators.ts).
import type { ErrorObject } from 'ajv'

interface Validator {
  (data: unknown): boolean
  errors?: ErrorObject[] | null
}

export const workflowDocument: Validator
