/** Domain separation prefix of rule set signatures. */
export const RULES_SIGNATURE_DOMAIN = 'peergrid-rules/1'

/** Hard limit on an encoded SignedRuleSet. */
export const MAX_SIGNED_RULE_SET_BYTES = 256 * 1024

/** Most domains all categories of a rule set list together. */
export const MAX_RULE_SET_DOMAINS = 10_000

/** Most categories a rule set defines. */
export const MAX_RULE_SET_CATEGORIES = 64
