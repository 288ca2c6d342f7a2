/**
 * @packageDocumentation
 *
 * The network's abuse rules as data: a JSON document (blocked ports,
 * destination categories with their domains and whether providers may opt
 * in, network-wide open rates), versioned and signed by a rendezvous key.
 * This module is the format: parsing with readable errors, signing,
 * verifying, and evaluating a destination against the rules. The rendezvous
 * publishes sets on RULES_TOPIC and serves them on RULES_PROTOCOL.
 *
 * @example
 *
 * ```TypeScript
 * const bytes = await signRuleSet(key, { version: 2, issuedAtMs: Date.now(), json: await readFile('rules.json', 'utf8') })
 * const set = await openRuleSet(bytes, trustedKeys)
 * ruleSetRefusal(set.rules, { host: 'evil.test', port: 443 }, optedIn) // 'category malware'
 * ```
 */

export * from './constants.js'
export * from './document.js'
export * from './domain-set.js'
export * from './errors.js'
export * from './rule-set.js'
export { RuleSet, SignedRuleSet } from './pb/rules.js'
