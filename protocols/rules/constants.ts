/** Domain separation prefix of rule set signatures. */
export const RULES_SIGNATURE_DOMAIN = 'peergrid-rules/1'

/** Hard limit on an encoded SignedRuleSet. */
export const MAX_SIGNED_RULE_SET_BYTES = 256 * 1024

/** Most domains all categories of a rule set list together. */
export const MAX_RULE_SET_DOMAINS = 10_000

/** Most categories a rule set defines. */
export const MAX_RULE_SET_CATEGORIES = 64

/** Gossipsub topic on which the rendezvous publishes each new rule set. */
export const RULES_TOPIC = '/peergrid/rules/1'

/** Protocol id of fetching the current rule set from a rendezvous (DocumentRequest/DocumentResponse). */
export const RULES_PROTOCOL = '/peergrid/rules/1.0.0'

/**
 * The rule set a new rendezvous publishes before its operator sets one, so
 * that providers (which refuse everything without a rule set) can serve:
 * nothing beyond the built-in port list and address rules.
 */
export const DEFAULT_RULES_JSON = '{}'
