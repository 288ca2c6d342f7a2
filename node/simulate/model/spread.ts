import { DHT_ALPHA, DHT_BITS_PER_HOP, DHT_BUCKET_SIZE, DHT_STEP_RTTS, GOSSIP_DUPLICATES_PER_DELIVERY, DHT_LOOKUPS_PER_HOUR, DHT_PEER_TIMEOUT_MS, GOSSIP_MESH_DEGREE, REVOCATIONS_PER_HOUR, REVOCATION_SAMPLE_NODES } from './assumptions.js'
import { latencyMs } from './links.js'
import type { Random } from '../random.js'
import type { Scenario } from '../scenario.js'

/**
 * How things spread through the mesh in the model: a gossip message reaches
 * a node after as many hops as a mesh of degree D needs to cover the network
 * (log_D N, each hop one link's latency between two nodes' countries), a
 * Kademlia lookup takes log2(N) / DHT_BITS_PER_HOP steps of DHT_ALPHA
 * parallel requests, each step waiting for the fastest peer that is online.
 */
export class NetworkSpread {
  private readonly scenario: Scenario
  private readonly random: Random
  private readonly hops: number
  private readonly lookupHops: number
  private readonly countries: Record<string, number>

  constructor (scenario: Scenario, nodes: number, random: Random) {
    this.scenario = scenario
    this.random = random
    this.hops = Math.max(1, Math.ceil(Math.log(Math.max(2, nodes)) / Math.log(GOSSIP_MESH_DEGREE)))
    // the k closest peers hold a key's records: a lookup closes in on them DHT_BITS_PER_HOP bits a step
    this.lookupHops = Math.max(1, Math.ceil(Math.log2(Math.max(1, nodes / DHT_BUCKET_SIZE)) / DHT_BITS_PER_HOP))
    // where nodes are: providers' and gateways' countries, by their counts
    this.countries = {}
    const add = (shares: Record<string, number>, count: number): void => {
      const total = Object.values(shares).reduce((n, v) => n + v, 0)
      for (const [country, weight] of Object.entries(shares)) this.countries[country] = (this.countries[country] ?? 0) + count * weight / total
    }
    add(scenario.nodes.providers.countries, scenario.nodes.providers.count)
    add(scenario.nodes.gateways.countries, scenario.nodes.gateways.count)
  }

  /** One link between two nodes drawn by where nodes are, one way, ms. */
  private linkMs (): number {
    return latencyMs(this.scenario.links, this.random.pick(this.countries), this.random.pick(this.countries))
  }

  /** From a publish to a node that is `hops` hops away. */
  private pathMs (hops: number): number {
    let total = 0
    for (let i = 0; i < hops; i++) total += this.linkMs()
    return total
  }

  /** From a publish to (most of) the network: the mesh's diameter in hops. */
  gossipDelayMs (): number {
    return this.pathMs(this.hops)
  }

  /** To one node: between one hop and the diameter. */
  private nodeDelayMs (): number {
    return this.pathMs(1 + this.random.int(this.hops))
  }

  /** One DHT lookup, when `offline` of the peers in routing tables are gone. */
  dhtLookupMs (offline: number): number {
    let total = 0
    for (let step = 0; step < this.lookupHops; step++) {
      let fastest = Infinity
      for (let i = 0; i < DHT_ALPHA; i++) {
        if (!this.random.chance(offline)) fastest = Math.min(fastest, DHT_STEP_RTTS * 2 * this.linkMs())
      }
      // every peer asked in this step is gone: wait them out, ask the next ones
      total += fastest === Infinity ? DHT_PEER_TIMEOUT_MS + DHT_STEP_RTTS * 2 * this.linkMs() : fastest
    }
    return total
  }

  nextLookupMs (): number {
    return this.random.draw({ distribution: 'exponential', mean: 3_600_000 / DHT_LOOKUPS_PER_HOUR })
  }

  nextRevocationMs (): number {
    return this.random.draw({ distribution: 'exponential', mean: 3_600_000 / REVOCATIONS_PER_HOUR })
  }

  /** A revocation list's arrival at a sample of nodes, ms after it was published. */
  revocationDelaysMs (): number[] {
    return Array.from({ length: REVOCATION_SAMPLE_NODES }, () => this.nodeDelayMs())
  }

  /**
   * gossipsub's tracestat counts for the run, by topic. Capability records
   * go to the topic's subscribers, the gateways and rendezvous (S nodes): a
   * joining provider publishes its record once per subscriber it meets
   * (the copies after the first are ignored: the same record), and once per
   * announce interval while online. Revocation lists go to every provider
   * online. Each receiver hears a message from several mesh peers: the
   * copies beyond the first (up to GOSSIP_DUPLICATES_PER_DELIVERY) are
   * duplicates.
   */
  deliveries (counts: { joins: number, announces: number, revocations: number, meanOnlineProviders: number }): { published: number, delivered: number, duplicates: number, ignored: number } {
    const { gateways, rendezvous } = this.scenario.nodes
    const subscribers = gateways.count + rendezvous
    const providers = Math.round(counts.meanOnlineProviders)
    const firstCopies = (counts.joins * subscribers + counts.announces) * subscribers
    const revocationCopies = counts.revocations * providers
    const ignored = counts.joins * (subscribers - 1) * subscribers
    const extra = (receivers: number): number => Math.max(0, Math.min(GOSSIP_MESH_DEGREE - 1, GOSSIP_DUPLICATES_PER_DELIVERY, receivers - 1))
    return {
      published: counts.joins * subscribers + counts.announces + counts.revocations,
      delivered: firstCopies - ignored + revocationCopies,
      duplicates: firstCopies * extra(subscribers) + revocationCopies * extra(providers),
      ignored
    }
  }
}
