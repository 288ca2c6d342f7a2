/** The configuration has one or more bad keys; the message lists every one, for a person. */
export class ConfigError extends Error {
  static override name = 'ConfigError'
  override name = 'ConfigError'
  code = 'ERR_CONFIG'
  /** one line per problem */
  readonly problems: string[]

  constructor (problems: string[]) {
    super(problems.length === 1 ? `Invalid configuration: ${problems[0]}` : `Invalid configuration:\n  - ${problems.join('\n  - ')}`)
    this.problems = problems
  }
}
