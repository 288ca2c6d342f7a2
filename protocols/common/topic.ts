import type { GossipSub, TopicValidatorFn } from '@libp2p/gossipsub'

/**
 * One service's subscription to a gossipsub topic, with its validator.
 * Subscribe once gossipsub runs (a service's afterStart); unsubscribe in
 * beforeStop, before libp2p stops gossipsub. Both are idempotent, and
 * unsubscribing never throws: a stopped gossipsub has dropped every
 * subscription already.
 */
export class TopicSubscription {
  private readonly pubsub?: Pick<GossipSub, 'topicValidators' | 'subscribe' | 'unsubscribe'>
  private readonly topic: string
  private readonly validator?: TopicValidatorFn
  private subscribed = false

  /** `pubsub` absent: the node takes no part in gossip and nothing happens. */
  constructor (pubsub: Pick<GossipSub, 'topicValidators' | 'subscribe' | 'unsubscribe'> | undefined, topic: string, validator?: TopicValidatorFn) {
    this.pubsub = pubsub
    this.topic = topic
    this.validator = validator
  }

  subscribe (): void {
    if (this.pubsub == null || this.subscribed) return
    if (this.validator != null) this.pubsub.topicValidators.set(this.topic, this.validator)
    this.pubsub.subscribe(this.topic)
    this.subscribed = true
  }

  unsubscribe (): void {
    if (this.pubsub == null || !this.subscribed) return
    this.subscribed = false
    if (this.validator != null && this.pubsub.topicValidators.get(this.topic) === this.validator) this.pubsub.topicValidators.delete(this.topic)
    try {
      this.pubsub.unsubscribe(this.topic)
    } catch {
      // gossipsub stopped first: it holds no subscription any more
    }
  }
}
