import { generateKeyPair } from '@libp2p/crypto/keys'
import { Rendezvous } from '../../rendezvous/index.js'
import { SequenceRepository } from '../db/sequence-repository.js'
import { TransparencyRepository } from '../db/transparency-repository.js'
import { Gateway } from '../gateway/index.js'
import { CredentialKeeper } from '../identity/credential-keeper.js'
import { DocumentWatcher, revocationListKind, ruleSetKind } from '../identity/document-watcher.js'
import { createDocumentMetrics } from '../identity/metrics.js'
import { Bootstrapper } from '../libp2p/bootstrap.js'
import { RENDEZVOUS_MAX_CONNECTIONS } from '../libp2p/constants.js'
import { createPeergridLibp2p } from '../libp2p/create-libp2p.js'
import { componentLogger } from '../logger.js'
import { Provider } from '../provider/index.js'
import type { NodeDatabase } from '../db/open.js'
import type { GatewayInit } from '../gateway/index.js'
import type { VerifiedRevocationList } from '../../protocols/identity/index.js'
import type { VerifiedRuleSet } from '../../protocols/rules/index.js'
import type { CredentialKeeperInit } from '../identity/credential-keeper.js'
import type { PeergridLibp2p } from '../libp2p/create-libp2p.js'
import type { Logger } from '../logger.js'
import type { ProviderInit } from '../provider/index.js'
import type { PeerId, PrivateKey } from '@libp2p/interface'
import type { Registry } from 'prom-client'

/** The roles a node can take. */
export type Role = 'rendezvous' | 'provider' | 'gateway'

/** Everything a node of one role needs to start. */
export interface StartNodeInit {
  role: Role
  privateKey: PrivateKey
  /** the node's database (providers keep their record seq in it) */
  db: NodeDatabase
  listen: string[]
  announce?: string[]
  transport?: 'tcp' | 'memory'
  privateNetwork?: boolean
  gossip?: boolean
  maxConnections?: number
  /** multiaddrs of rendezvous servers, each with /p2p/<id> */
  bootstrap?: string[]
  logger: Logger
  registry: Registry
  /** also collect libp2p's own metrics (costs CPU; only when --metrics is on) */
  libp2pMetrics?: boolean
  /** register at the rendezvous and keep a credential (providers and gateways) */
  identity?: CredentialKeeperInit
  /** where a provider keeps the newest revocation list (default: memory only) */
  revocationsPath?: string
  /** where a provider keeps the newest rule set (default: memory only) */
  rulesPath?: string
  /** the rendezvous's credential signing key (default: a fresh key for this run, as tests want) */
  credentialKey?: PrivateKey
  /** required for the provider role */
  provider?: ProviderInit
  gateway?: GatewayInit
}

/** A started node of one role. */
export interface RunningNode {
  role: Role
  libp2p: PeergridLibp2p
  bootstrapper: Bootstrapper
  provider?: Provider
  gateway?: Gateway
  rendezvous?: Rendezvous
  /** this node's credential, when it registers (`identity`) */
  credentials?: CredentialKeeper
  /** a provider's copy of the revocation list, when its exit trusts a rendezvous key */
  revocations?: DocumentWatcher<VerifiedRevocationList>
  /** a provider's copy of the network rule set, when its exit trusts a rendezvous key */
  rules?: DocumentWatcher<VerifiedRuleSet>
  /** stops the role, the bootstrapper and libp2p; idempotent */
  stop(): Promise<void>
}

/** Assembles libp2p, the role and the bootstrapper, and starts them. */
export async function startNode (init: StartNodeInit): Promise<RunningNode> {
  const { role, logger, registry } = init
  if (role === 'provider' && init.provider == null) {
    throw new Error('The provider role needs provider settings')
  }
  const libp2p = await createPeergridLibp2p({
    privateKey: init.privateKey,
    listen: init.listen,
    announce: init.announce,
    transport: init.transport,
    dhtServer: role !== 'gateway',
    privateNetwork: init.privateNetwork,
    gossip: init.gossip,
    gossipPeerExchange: role === 'rendezvous',
    maxConnections: init.maxConnections ?? (role === 'rendezvous' ? RENDEZVOUS_MAX_CONNECTIONS : undefined),
    metricsRegistry: init.libp2pMetrics === true ? registry : undefined
  })
  let service: Provider | Gateway | Rendezvous
  const bootstrapper = new Bootstrapper({ libp2p, logger: componentLogger(logger, 'bootstrap') }, init.bootstrap ?? [])
  const credentials = init.identity == null
    ? undefined
    : new CredentialKeeper({ libp2p, logger: componentLogger(logger, 'identity'), issuers: () => bootstrapper.connectedPeers() }, init.identity)
  const trustedKeys = init.provider?.exit?.trustedKeys
  const documentMetrics = init.role !== 'rendezvous' ? createDocumentMetrics(registry) : undefined
  const revocations = init.role !== 'provider' || trustedKeys == null || trustedKeys.size === 0
    ? undefined
    : new DocumentWatcher({ libp2p, logger: componentLogger(logger, 'identity:revocations'), metrics: documentMetrics, issuers: () => bootstrapper.connectedPeers() }, { kind: revocationListKind(trustedKeys), path: init.revocationsPath })
  // exits enforce the rule set; a gateway that trusts a rendezvous keeps it too, so any node can show it
  const ruleKeys = init.role === 'provider' ? (revocations != null ? trustedKeys : undefined) : init.role === 'gateway' ? init.identity?.trustedKeys : undefined
  const rules = ruleKeys == null || ruleKeys.size === 0
    ? undefined
    : new DocumentWatcher({ libp2p, logger: componentLogger(logger, 'rules'), metrics: documentMetrics, issuers: () => bootstrapper.connectedPeers() }, { kind: ruleSetKind(ruleKeys), path: init.rulesPath })
  try {
    service = await createRole(init, libp2p, () => bootstrapper.connectedPeers(), credentials, revocations, rules)
    await revocations?.start()
    await rules?.start()
    await service.start()
  } catch (err) {
    await libp2p.stop()
    throw err
  }
  bootstrapper.start()
  // a credential is asked for as soon as a rendezvous is connected
  bootstrapper.addEventListener('connected', () => {
    credentials?.wake()
    void revocations?.refresh()
    void rules?.refresh()
  })
  await credentials?.start()

  let stopping: Promise<void> | undefined
  return {
    role,
    libp2p,
    bootstrapper,
    credentials,
    revocations,
    rules,
    [role]: service,
    async stop () {
      stopping ??= (async () => {
        await credentials?.stop()
        await revocations?.stop()
        await rules?.stop()
        await bootstrapper.stop()
        await service.stop()
        await libp2p.stop()
      })()
      await stopping
    }
  }
}

async function createRole (init: StartNodeInit, libp2p: PeergridLibp2p, issuers: () => PeerId[], credentials?: CredentialKeeper, revocations?: DocumentWatcher<VerifiedRevocationList>, rules?: DocumentWatcher<VerifiedRuleSet>): Promise<Provider | Gateway | Rendezvous> {
  const { logger, registry } = init
  switch (init.role) {
    case 'provider':
      return new Provider({
        libp2p,
        privateKey: init.privateKey,
        sequences: new SequenceRepository(init.db),
        transparency: new TransparencyRepository(init.db),
        logger,
        registry
      }, { privateNetwork: init.privateNetwork, ...init.provider as ProviderInit, exit: {
          ...init.provider?.exit,
          revocations: () => revocations?.current(),
          ...(rules != null ? { ruleSet: () => rules.current(), optedInCategories: new Set(init.provider?.policy?.categories ?? []) } : {})
        }
      })
    case 'gateway':
      return new Gateway({ libp2p, logger, registry, credential: () => credentials?.current()?.bytes, issuers }, init.gateway)
    case 'rendezvous':
      return new Rendezvous({
        libp2p,
        logger: componentLogger(logger, 'rendezvous'),
        registry,
        db: init.db,
        credentialKey: init.credentialKey ?? await generateKeyPair('Ed25519')
      })
  }
}
