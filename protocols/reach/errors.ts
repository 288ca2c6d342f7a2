/** The rendezvous found the reach request malformed. */
export class ReachRefusedError extends Error {
  static override name = 'ReachRefusedError'
  override name = 'ReachRefusedError'
  code = 'ERR_REACH_REFUSED'
}
