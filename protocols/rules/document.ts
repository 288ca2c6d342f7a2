import { MAX_SIGNED_RULE_SET_BYTES, RULES_PROTOCOL, RULES_TOPIC } from './constants.js'
import { openRuleSet } from './rule-set.js'
import type { VerifiedRuleSet } from './rule-set.js'
import type { DocumentKind } from '../documents/kind.js'

/** Where the rule set travels and its size limit: what a document server needs. */
export const RULE_SET_DOCUMENT: Omit<DocumentKind<VerifiedRuleSet>, 'open'> = {
  name: 'rule set',
  topic: RULES_TOPIC,
  protocol: RULES_PROTOCOL,
  maxBytes: MAX_SIGNED_RULE_SET_BYTES
}

/** The rule set as a versioned document, checked against `trustedKeys`: what a document watcher needs. */
export function ruleSetDocument (trustedKeys: ReadonlySet<string>): DocumentKind<VerifiedRuleSet> {
  return { ...RULE_SET_DOCUMENT, open: async (bytes) => openRuleSet(bytes, trustedKeys) }
}
