import { MAX_EXPRESSION_LENGTH, MAX_MAP_ITEMS, MAX_NODE_ID_LENGTH, NODE_ID } from './constants.js'

const expression = { type: 'string', minLength: 1, maxLength: MAX_EXPRESSION_LENGTH }
const schema = { type: ['object', 'boolean'] }
const base = {
  id: { type: 'string', pattern: NODE_ID.source, maxLength: MAX_NODE_ID_LENGTH },
  type: { enum: ['transform', 'job', 'fetch', 'switch', 'map', 'merge', 'assert'] },
  description: { type: 'string', maxLength: 1000 },
  when: expression,
  inputSchema: schema,
  outputSchema: schema
}

/** Each node type's own fields; `required` besides id and type. */
const TYPES: Record<string, { properties: Record<string, unknown>, required: string[] }> = {
  transform: { properties: { value: expression }, required: ['value'] },
  job: {
    properties: {
      module: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      args: expression,
      stdin: expression,
      files: expression,
      env: expression,
      memoryMiB: { type: 'integer', minimum: 1, maximum: 65_536 },
      timeoutMs: { type: 'integer', minimum: 1, maximum: 3_600_000 },
      country: { type: 'string', pattern: '^[A-Za-z]{2}$' }
    },
    required: ['module']
  },
  fetch: {
    properties: {
      url: expression,
      method: { enum: ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH'] },
      headers: expression,
      body: expression,
      country: expression,
      session: expression
    },
    required: ['url']
  },
  switch: {
    properties: {
      cases: {
        type: 'array',
        minItems: 1,
        maxItems: 100,
        items: { type: 'object', properties: { case: { type: 'string', minLength: 1, maxLength: 100 }, when: expression }, required: ['case', 'when'], additionalProperties: false }
      },
      default: { type: 'string', minLength: 1, maxLength: 100 }
    },
    required: ['cases']
  },
  map: {
    properties: {
      over: expression,
      as: { type: 'string', pattern: NODE_ID.source, maxLength: MAX_NODE_ID_LENGTH },
      indexAs: { type: 'string', pattern: NODE_ID.source, maxLength: MAX_NODE_ID_LENGTH },
      nodes: { $ref: '#/$defs/nodes' },
      value: expression,
      maxItems: { type: 'integer', minimum: 0, maximum: MAX_MAP_ITEMS },
      concurrency: { type: 'integer', minimum: 1, maximum: 256 }
    },
    required: ['over', 'nodes', 'value']
  },
  merge: {
    properties: {
      from: { type: 'array', minItems: 1, maxItems: 100, items: { type: 'string', pattern: NODE_ID.source } },
      mode: { enum: ['first', 'all', 'object'] }
    },
    required: ['from']
  },
  assert: { properties: { check: expression, message: expression }, required: ['check'] }
}

/**
 * The JSON Schema (2020-12) of workflow documents, for editors and for the
 * engine's first check. Each node type's fields are checked only for nodes
 * of that type (one branch per type, chosen by `type`: OpenAPI's
 * discriminator, which ajv supports), so an error names the fields of the
 * node's own type.
 */
export const WORKFLOW_DOCUMENT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://peergrid.dev/schemas/workflow-1.json',
  type: 'object',
  properties: {
    workflow: { const: 1 },
    name: { type: 'string', maxLength: 200 },
    description: { type: 'string', maxLength: 4000 },
    inputSchema: schema,
    outputSchema: schema,
    nodes: { $ref: '#/$defs/nodes' },
    output: expression
  },
  required: ['workflow', 'nodes', 'output'],
  additionalProperties: false,
  $defs: {
    nodes: { type: 'array', minItems: 1, items: { $ref: '#/$defs/node' } },
    node: {
      type: 'object',
      required: ['id', 'type'],
      properties: base,
      // a discriminator picks the one branch by `type` (ajv checks only that branch: no failed
      // alternatives to build errors for, which a 1,000-node document otherwise paid for on every check)
      discriminator: { propertyName: 'type' },
      oneOf: Object.entries(TYPES).map(([type, own]) => ({
        properties: { ...base, type: { const: type }, ...own.properties },
        required: ['id', 'type', ...own.required],
        additionalProperties: false
      }))
    }
  }
} as const
