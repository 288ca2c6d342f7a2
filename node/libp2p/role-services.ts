import type { Bootstrapper } from './bootstrap.js'
import type { Reachability } from './reachability.js'
import type { Puncher } from '../../protocols/punch/index.js'
import type { ApiKeyClient } from '../../protocols/apikey/index.js'
import type { CapabilityClient, CapabilityServer } from '../../protocols/capability/index.js'
import type { DocumentWatcher } from '../../protocols/documents/index.js'
import type { ProxyClient, ProxyServer } from '../../protocols/proxy/index.js'
import type { MeterClient, MeterServer } from '../../protocols/meter/index.js'
import type { ReceiptSubmitter } from '../../protocols/receipts/index.js'
import type { RegisterClient } from '../../protocols/register/index.js'
import type { StatementClient } from '../../protocols/statement/index.js'
import type { JobClient, JobServer } from '../../protocols/job/index.js'
import type { VerifiedRevocationList } from '../../protocols/revocations/index.js'
import type { VerifiedRuleSet } from '../../protocols/rules/index.js'
import type { RendezvousServices } from '../../rendezvous/index.js'
import type { Gateway } from '../gateway/index.js'
import type { ProviderPaths } from '../gateway/paths.js'
import type { LoggedDecision } from '../provider/exit/exit.js'
import type { Provider } from '../provider/index.js'

/**
 * The services a role adds to its libp2p node, by the name each is
 * registered under (node/daemon/start-node.ts builds them).
 */
export interface RoleServices extends RendezvousServices {
  /** keeps the rendezvous connected; the `rendezvous` hook of the clients below */
  rendezvousPeers: Bootstrapper
  /** providers and gateways that enroll: the node's credential */
  credentials: RegisterClient
  /** providers whose exit trusts a rendezvous key: the newest revocation list */
  revocations: DocumentWatcher<VerifiedRevocationList>
  /** exits, and gateways that trust a rendezvous key: the newest rule set */
  rules: DocumentWatcher<VerifiedRuleSet>
  /** providers and gateways on TCP: whether the node can be dialled; its relay reservations */
  reachability: Reachability
  /** providers and gateways on TCP: hole punching */
  puncher: Puncher
  provider: Provider
  capabilityServer: CapabilityServer
  /** providers: hands counter-signed receipts to the rendezvous */
  receiptSubmitter: ReceiptSubmitter
  /** providers: reads what the rendezvous booked for them (peergrid earnings --verify) */
  statementClient: StatementClient
  /** providers offering the proxy service: counter-signs customers' receipts */
  meterServer: MeterServer
  /** gateways: has exits counter-sign their receipts */
  meterClient: MeterClient
  /** providers offering the compute service: runs customers' WebAssembly jobs */
  jobServer: JobServer
  /** gateways: sends jobs to providers */
  jobClient: JobClient
  /** providers offering the proxy service: the exit */
  proxyServer: ProxyServer<LoggedDecision>
  gateway: Gateway
  /** gateways: how each provider is reached (direct, hole-punched, relayed) */
  providerPaths: ProviderPaths
  capabilityClient: CapabilityClient
  proxyClient: ProxyClient
  /** hosted gateways: API key checks */
  apiKeys: ApiKeyClient
}
