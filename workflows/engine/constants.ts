/** The version of workflow documents this engine reads (`"workflow": 1`). */
export const WORKFLOW_VERSION = 1

/** Most nodes in a document, counting those inside `map` sub-graphs. */
export const MAX_NODES = 10_000

/** Deepest nesting of `map` sub-graphs. */
export const MAX_MAP_DEPTH = 4

/** Longest node id, and its form: an identifier expressions can name. */
export const MAX_NODE_ID_LENGTH = 64
export const NODE_ID = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Longest expression, in characters. */
export const MAX_EXPRESSION_LENGTH = 4096

/** Parse-time limits of one expression (CEL is not Turing-complete: with these, evaluation is bounded by the data). */
export const EXPRESSION_LIMITS = { maxAstNodes: 2000, maxDepth: 64, maxListElements: 1000, maxMapEntries: 1000, maxCallArguments: 32 }

/** Parsed expressions kept by their text (an editor re-checks a document on each change; most expressions did not change). */
export const EXPRESSION_CACHE_SIZE = 20_000

/** Most items a `map` node runs its sub-graph for, unless it says fewer. */
export const MAX_MAP_ITEMS = 10_000

/** Items of a `map` node in flight at once, unless it says fewer. */
export const DEFAULT_MAP_CONCURRENCY = 16

/** Effects (jobs, fetches) of one run in flight at once, unless the host says otherwise. */
export const DEFAULT_MAX_CONCURRENT_EFFECTS = 16

/** Largest JSON value one node may produce (its serialised length, in characters). */
export const MAX_VALUE_CHARS = 16 * 1024 * 1024

/** Largest workflow input (its serialised length, in characters). */
export const MAX_INPUT_CHARS = 16 * 1024 * 1024

/** Longest error message a node's record keeps. */
export const MAX_ERROR_MESSAGE_LENGTH = 500

/** Most problems one check of a document reports. */
export const MAX_PROBLEMS = 50
