import { MAX_RULE_SET_CATEGORIES, MAX_RULE_SET_DOMAINS } from './constants.js'

const DOMAIN = '^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,62})(\\.[a-z0-9_]([a-z0-9_-]{0,62}))*$'

/**
 * The JSON Schema of a rule set document. Precompiled into
 * validator.generated.js by `npm run generate`, so no node compiles it at run time.
 */
export const RULE_SET_SCHEMA = {
  type: 'object',
  properties: {
    blockedPorts: {
      type: 'array',
      maxItems: 1024,
      items: {
        type: 'object',
        properties: { port: { type: 'integer', minimum: 1, maximum: 65535 }, rationale: { type: 'string', maxLength: 200 } },
        required: ['port'],
        additionalProperties: false
      }
    },
    categories: {
      type: 'object',
      maxProperties: MAX_RULE_SET_CATEGORIES,
      propertyNames: { pattern: '^[a-z0-9][a-z0-9-]{0,31}$' },
      additionalProperties: {
        type: 'object',
        properties: {
          domains: { type: 'array', maxItems: MAX_RULE_SET_DOMAINS, items: { type: 'string', pattern: DOMAIN } },
          optIn: { type: 'boolean' },
          rationale: { type: 'string', maxLength: 200 }
        },
        required: ['domains', 'optIn'],
        additionalProperties: false
      }
    },
    rates: {
      type: 'object',
      properties: {
        customerOpensPerSecond: { type: 'integer', minimum: 0, maximum: 100_000 },
        customerDestinationOpensPerSecond: { type: 'integer', minimum: 0, maximum: 100_000 }
      },
      additionalProperties: false
    }
  },
  additionalProperties: false
}
