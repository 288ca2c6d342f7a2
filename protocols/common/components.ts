/**
 * A component or service a node may not have (pubsub with gossip off, a
 * watcher a role did not add). libp2p's components object throws for a
 * missing name instead of answering undefined; service factories that take
 * optional dependencies read them through this.
 */
export function optionalComponent<T> (components: Record<string, unknown>, name: string): T | undefined {
  try {
    return components[name] as T | undefined
  } catch {
    return undefined
  }
}
