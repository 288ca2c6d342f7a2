import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import fc from 'fast-check'
import { ApiKeyRequest, ApiKeyResponse } from '../../protocols/apikey/index.js'
import { CapabilityRecord, CapabilityRequest, CapabilityResponse, SignedCapabilityRecord, openCapabilityRecord, signCapabilityRecord } from '../../protocols/capability/index.js'
import { decodeMessage } from '../../protocols/common/index.js'
import { Credential, SignedCredential, credentialKeyId, signCredential, verifyCredential } from '../../protocols/credential/index.js'
import { MeterRequest, MeterResponse } from '../../protocols/meter/index.js'
import { StatementRequest, StatementResponse } from '../../protocols/statement/index.js'
import { JobEvent, JobPay, JobSubmit, checkSubmit } from '../../protocols/job/index.js'
import { inspectModule } from '../../protocols/job/sandbox/wasm-module.js'
import { compileTestModule } from '../modules/compile.js'
import { Receipt, ReceiptAnswer, SignedReceipt, SubmitReceipts, SubmitReceiptsResult, counterSignReceipt, openReceipt, receiptAmount, signReceipt } from '../../protocols/receipts/index.js'
import { DocumentRequest, DocumentResponse } from '../../protocols/documents/index.js'
import { FrameDecoder, MAX_PROXY_FRAME_BYTES, ProxyClose, ProxyOpen, ProxyOpenResult, encodeFrame } from '../../protocols/proxy/index.js'
import { RegisterRequest, RegisterResponse } from '../../protocols/register/index.js'
import { RevocationList, SignedRevocationList, openRevocationList, signRevocationList } from '../../protocols/revocations/index.js'
import { RuleSet, SignedRuleSet, openRuleSet, parseRules, signRuleSet } from '../../protocols/rules/index.js'
import { resolveConfig } from '../../node/config/load.js'
import { SETTINGS, envName } from '../../node/config/settings.js'
import { parseAuthority, parseBasic, parseForwardTarget } from '../../node/gateway/http-proxy/targets.js'
import { parseProxyOptions } from '../../node/gateway/proxy-options.js'
import { recordInit } from '../fixtures.js'
import { bytesFrom, textFrom } from './mutate.js'
import { socksExchange, socksSeeds } from './socks.js'
import type { MessageCodec } from '../../protocols/common/index.js'

/** One fuzz target: inputs, and what a run of one input must do. */
export interface FuzzTarget<T = any> {
  name: string
  /** makes the valid inputs that mutations start from */
  prepare?(): Promise<void>
  inputs(): fc.Arbitrary<T>
  /** processes one input; may throw only errors named in `typed` */
  run(input: T): void | Promise<void>
  /** run() returns a promise (the harness awaits it, and a run that never ends is a hang) */
  async?: boolean
  /** the error names the target may throw: its typed errors */
  typed: readonly string[]
}

/** The valid encodings mutations start from, per message (filled by prepare()). */
const seeds = new Map<string, Uint8Array[]>()
const seedsOf = (name: string): Uint8Array[] => seeds.get(name) ?? [new Uint8Array(0)]

/** A decoder target: the message as a peer would send it, decoded as our request/response engine does. */
function decoder<T> (name: string, codec: MessageCodec<T>): FuzzTarget<Uint8Array> {
  return {
    name: `decode ${name}`,
    inputs: () => bytesFrom(seedsOf(name)),
    run: (bytes) => { decodeMessage(codec, bytes, name) },
    typed: ['InvalidMessageError']
  }
}

let trusted: ReadonlySet<string> = new Set()

async function prepare (): Promise<void> {
  if (seeds.size > 0) return
  const key = await generateKeyPair('Ed25519')
  const holder = await generateKeyPair('Ed25519')
  trusted = new Set([credentialKeyId(key)])
  const now = Date.now()
  const record = await signCapabilityRecord(holder, recordInit())
  const credential = await signCredential(key, { peerId: peerIdFromPrivateKey(holder), account: 'acct-fuzz', role: 'customer', issuedAtMs: now, expiresAtMs: now + 3_600_000 })
  const revocations = await signRevocationList(key, { version: 3, issuedAtMs: now, accounts: ['acct-1', 'acct-2'], peers: [peerIdFromPrivateKey(holder)], unfunded: ['acct-3'] })
  const rules = await signRuleSet(key, { version: 2, issuedAtMs: now, json: RULES_JSON })
  const exitKey = await generateKeyPair('Ed25519')
  const exitCredential = await signCredential(key, { peerId: peerIdFromPrivateKey(exitKey), account: 'acct-exit', role: 'provider', issuedAtMs: now, expiresAtMs: now + 3_600_000 })
  const receipt = await counterSignReceipt(exitKey, exitCredential, await signReceipt(holder, credential, {
    session: '0123456789abcdef', provider: peerIdFromPrivateKey(exitKey), customer: peerIdFromPrivateKey(holder), payingAccount: 'acct-fuzz', pricePerGiB: 500_000, bytesUp: 1234, bytesDown: 987654, amount: receiptAmount(1234, 987654, 500_000), seq: 3, atMs: now
  }))
  const put = (name: string, ...values: Uint8Array[]): void => { seeds.set(name, values) }
  put('SignedCapabilityRecord', record)
  put('CapabilityRecord', SignedCapabilityRecord.decode(record).record)
  put('CapabilityRequest', CapabilityRequest.encode({ knownSeq: 42 }))
  put('CapabilityResponse', CapabilityResponse.encode({ status: CapabilityResponse.Status.OK, record: record as Uint8Array<ArrayBuffer> }), CapabilityResponse.encode({ status: CapabilityResponse.Status.NOT_MODIFIED }))
  put('ProxyOpen', ProxyOpen.encode({ host: 'example.com', port: 443, sessionId: 's1', credential: credential as Uint8Array<ArrayBuffer> }))
  put('ProxyOpenResult', ProxyOpenResult.encode({ status: ProxyOpenResult.Status.OK, dialled: '[2001:db8::1]:443' }), ProxyOpenResult.encode({ status: ProxyOpenResult.Status.RULES, rule: '10.0.0.0/8' }))
  put('ProxyClose', ProxyClose.encode({ bytesSent: 123n, bytesReceived: 456789n, durationMs: 1000 }))
  put('SignedCredential', credential)
  put('Credential', SignedCredential.decode(credential).credential)
  put('RegisterRequest', RegisterRequest.encode({ enrollmentKey: 'pge_0123456789abcdef' }))
  put('RegisterResponse', RegisterResponse.encode({ status: RegisterResponse.Status.OK, credential: credential as Uint8Array<ArrayBuffer> }))
  put('ApiKeyRequest', ApiKeyRequest.encode({ keyHash: 'ab'.repeat(32) }))
  put('ApiKeyResponse', ApiKeyResponse.encode({ status: ApiKeyResponse.Status.OK, account: 'acct-1' }))
  put('DocumentRequest', DocumentRequest.encode({ knownVersion: 7 }))
  put('DocumentResponse', DocumentResponse.encode({ status: DocumentResponse.Status.OK, document: rules as Uint8Array<ArrayBuffer> }))
  put('SignedRevocationList', revocations)
  put('RevocationList', SignedRevocationList.decode(revocations).list)
  put('SignedRuleSet', rules)
  put('RuleSet', SignedRuleSet.decode(rules).ruleSet)
  put('SignedReceipt', receipt)
  put('Receipt', SignedReceipt.decode(receipt).receipt)
  put('SubmitReceipts', SubmitReceipts.encode({ receipts: [receipt as Uint8Array<ArrayBuffer>, receipt as Uint8Array<ArrayBuffer>] }))
  put('SubmitReceiptsResult', SubmitReceiptsResult.encode({ status: SubmitReceiptsResult.Status.OK, answers: [{ outcome: ReceiptAnswer.Outcome.BOOKED }, { outcome: ReceiptAnswer.Outcome.BAD_SIGNATURE, reason: 'The provider counter-signature does not verify' }] }))
  put('MeterRequest', MeterRequest.encode({ receipt: receipt as Uint8Array<ArrayBuffer> }))
  put('MeterResponse', MeterResponse.encode({ status: MeterResponse.Status.OK, receipt: receipt as Uint8Array<ArrayBuffer> }), MeterResponse.encode({ status: MeterResponse.Status.REFUSED, reason: 'seq 3 is not after 4' }))
  put('StatementRequest', StatementRequest.encode({ sinceMs: 1_800_000_000_000, after: 'sess-1', limit: 500 }))
  put('StatementResponse', StatementResponse.encode({ status: StatementResponse.Status.OK, sessions: [{ session: 'sess-1', seq: 4, bytesUp: 10, bytesDown: 20_000, amount: 9, pricePerGib: 500_000, payingAccount: 'acct-c', providerAccount: 'acct-p', lastAtMs: 1_800_000_000_000, cpuMs: 0, pricePerCpuSecond: 0 }, { session: 'job-1', seq: 1, bytesUp: 0, bytesDown: 0, amount: 12, pricePerGib: 0, payingAccount: 'acct-c', providerAccount: 'acct-p', lastAtMs: 1_800_000_000_000, cpuMs: 1234, pricePerCpuSecond: 10_000 }], next: 'sess-1' }))
  const hello = await compileTestModule('hello')
  put('module', hello, await compileTestModule('table'), await compileTestModule('files'))
  put('JobSubmit', JobSubmit.encode({ module: hello as Uint8Array<ArrayBuffer>, moduleSha256: new Uint8Array(32) as Uint8Array<ArrayBuffer>, args: ['a', 'b'], env: ['X=1'], stdin: new Uint8Array([1, 2]) as Uint8Array<ArrayBuffer>, files: [{ path: 'in.txt', data: new Uint8Array([3]) as Uint8Array<ArrayBuffer> }], limits: { memoryBytes: 65_536, wallMs: 1000, outputBytes: 100 }, pricePerCpuSecond: 5, seed: new Uint8Array(16) as Uint8Array<ArrayBuffer>, clockStartNs: 5n }))
  put('JobEvent', JobEvent.encode({ status: JobEvent.Status.DONE, jobId: 'j', result: { exitCode: 0, stdout: new Uint8Array([104]) as Uint8Array<ArrayBuffer>, stderr: new Uint8Array(0) as Uint8Array<ArrayBuffer>, files: [], outputsSha256: new Uint8Array(32) as Uint8Array<ArrayBuffer>, cpuMs: 1, wallMs: 2, memoryBytes: 65_536, seed: new Uint8Array(16) as Uint8Array<ArrayBuffer>, clockStartNs: 1n } }), JobEvent.encode({ status: JobEvent.Status.PAYMENT, jobId: 'j', payment: { session: '0123456789abcdef0123456789abcdef', cpuMs: 1234, pricePerCpuSecond: 20, amount: 24 } }))
  put('JobPay', JobPay.encode({ receipt: receipt as Uint8Array<ArrayBuffer> }))
  put('frames', Uint8Array.from([...encodeFrame(new Uint8Array(300).fill(7)).subarray(), ...encodeFrame(new Uint8Array(0)).subarray(), ...encodeFrame(ProxyClose.encode({ bytesSent: 1n, bytesReceived: 2n, durationMs: 3 })).subarray()]))
}

const RULES_JSON = JSON.stringify({
  blockedPorts: [{ port: 6667, rationale: 'IRC botnets' }],
  categories: { malware: { domains: ['evil.test', 'bad.example'], optIn: false, rationale: 'known malware' }, adult: { domains: ['adult.test'], optIn: true } },
  rates: { customerOpensPerSecond: 10, customerDestinationOpensPerSecond: 2 }
})

const PROVIDER_CONFIG = JSON.stringify({
  country: 'DE',
  listen: ['/ip4/0.0.0.0/tcp/4001'],
  bootstrap: ['/ip4/127.0.0.1/tcp/7400/p2p/12D3KooWM9jwLhtkcEZiWpCA1MpP1vtLd5dy42wyri5b47ggGW3w'],
  priceMicrosPerGiB: 400000,
  exitAllow: ['127.0.0.0/8'],
  denyDestinations: ['example.com', '203.0.113.0/24'],
  categories: ['adult'],
  maxProxyStreams: 100
})

const usernames = ['alice-country-de-session-abc123-ttl-600', 'country-us', 'session-s1', 'acct.1-country-jp', 'x-country-de-session-a-ttl-1']

/** Every fuzz target. */
export const TARGETS: Array<FuzzTarget<any>> = [
  decoder('SignedCapabilityRecord', SignedCapabilityRecord),
  decoder('CapabilityRecord', CapabilityRecord),
  decoder('CapabilityRequest', CapabilityRequest),
  decoder('CapabilityResponse', CapabilityResponse),
  decoder('ProxyOpen', ProxyOpen),
  decoder('ProxyOpenResult', ProxyOpenResult),
  decoder('ProxyClose', ProxyClose),
  decoder('SignedCredential', SignedCredential),
  decoder('Credential', Credential),
  decoder('RegisterRequest', RegisterRequest),
  decoder('RegisterResponse', RegisterResponse),
  decoder('ApiKeyRequest', ApiKeyRequest),
  decoder('ApiKeyResponse', ApiKeyResponse),
  decoder('DocumentRequest', DocumentRequest),
  decoder('DocumentResponse', DocumentResponse),
  decoder('SignedRevocationList', SignedRevocationList),
  decoder('RevocationList', RevocationList),
  decoder('SignedRuleSet', SignedRuleSet),
  decoder('RuleSet', RuleSet),
  decoder('SignedReceipt', SignedReceipt),
  decoder('Receipt', Receipt),
  decoder('SubmitReceipts', SubmitReceipts),
  decoder('SubmitReceiptsResult', SubmitReceiptsResult),
  decoder('MeterRequest', MeterRequest),
  decoder('MeterResponse', MeterResponse),
  decoder('StatementRequest', StatementRequest),
  decoder('StatementResponse', StatementResponse),
  decoder('JobSubmit', JobSubmit),
  decoder('JobEvent', JobEvent),
  decoder('JobPay', JobPay),
  {
    name: 'inspect a WebAssembly module (before it compiles)',
    inputs: () => bytesFrom(seedsOf('module'), 2000),
    run: (bytes: Uint8Array) => { inspectModule(bytes, 16 * 1024 * 1024) },
    typed: ['InvalidModuleError', 'JobLimitError']
  },
  {
    name: 'check a job submit',
    inputs: () => bytesFrom(seedsOf('JobSubmit'), 2000),
    run: (bytes: Uint8Array) => { checkSubmit(decodeMessage<JobSubmit>(JobSubmit, bytes, 'job')) },
    typed: ['InvalidMessageError', 'InvalidJobError']
  },
  {
    name: 'open a capability record',
    async: true,
    inputs: () => bytesFrom(seedsOf('SignedCapabilityRecord'), 5000),
    run: async (bytes: Uint8Array) => { await openCapabilityRecord(bytes) },
    typed: ['InvalidCapabilityRecordError', 'CapabilityRecordTooLargeError', 'InvalidRecordSignatureError', 'ExpiredRecordError', 'RecordValidityError']
  },
  {
    name: 'open a receipt',
    async: true,
    inputs: () => bytesFrom(seedsOf('SignedReceipt'), 3500),
    run: async (bytes: Uint8Array) => { await openReceipt(bytes, { trustedKeys: trusted, countersigned: true }) },
    typed: ['InvalidReceiptError', 'InvalidReceiptSignatureError', 'ReceiptCredentialError']
  },
  {
    name: 'verify a credential',
    async: true,
    inputs: () => bytesFrom(seedsOf('SignedCredential'), 1200),
    run: async (bytes: Uint8Array) => { await verifyCredential(bytes, { trustedKeys: trusted, roles: ['customer'] }) },
    typed: ['InvalidCredentialError', 'CredentialTooLargeError', 'UntrustedCredentialKeyError', 'InvalidCredentialSignatureError', 'ExpiredCredentialError', 'CredentialValidityError', 'WrongCredentialRoleError']
  },
  {
    name: 'open a revocation list',
    async: true,
    inputs: () => bytesFrom(seedsOf('SignedRevocationList')),
    run: async (bytes: Uint8Array) => { await openRevocationList(bytes, trusted) },
    typed: ['InvalidRevocationListError']
  },
  {
    name: 'open a rule set',
    async: true,
    inputs: () => bytesFrom(seedsOf('SignedRuleSet')),
    run: async (bytes: Uint8Array) => { await openRuleSet(bytes, trusted) },
    typed: ['UntrustedRuleSetError', 'InvalidRuleSetError']
  },
  {
    name: 'proxy frames',
    inputs: () => fc.array(bytesFrom(seedsOf('frames'), 600), { maxLength: 4 }),
    run: (chunks: Uint8Array[]) => {
      const decoder = new FrameDecoder(MAX_PROXY_FRAME_BYTES)
      for (const chunk of chunks) {
        decoder.push(chunk)
        while (decoder.next() != null) { /* drain */ }
      }
    },
    typed: ['ProxyProtocolError']
  },
  {
    name: 'SOCKS5 handshake (the gateway front, over an in-memory socket)',
    async: true,
    inputs: () => fc.array(bytesFrom(socksSeeds(), 600), { minLength: 1, maxLength: 3 }),
    run: async (chunks: Uint8Array[]) => { await socksExchange(chunks) },
    typed: []
  },
  {
    name: 'HTTP proxy targets and credentials',
    inputs: () => fc.tuple(
      textFrom(['example.com:443', '[2001:db8::1]:8443', '127.0.0.1:80']),
      textFrom(['http://example.com/a?b=c', 'http://[::1]:8080/', 'https://x.test/']),
      textFrom(['Basic YWxpY2U6c2VjcmV0', 'Basic Y291bnRyeS1kZTpwZ2hfa2V5', 'Bearer x'])
    ),
    run: ([authority, url, header]: [string, string, string]) => {
      const target = parseAuthority(authority)
      if (target != null && !(target.port >= 1 && target.port <= 65535)) throw new Error(`parseAuthority let port ${target.port} through`)
      const forward = parseForwardTarget(url)
      if (!('refused' in forward) && !(forward.port >= 1 && forward.port <= 65535)) throw new Error(`parseForwardTarget let port ${forward.port} through`)
      parseBasic(header)
    },
    typed: []
  },
  {
    name: 'proxy username options',
    inputs: () => textFrom(usernames, 300),
    run: (username: string) => { parseProxyOptions(username) },
    typed: ['InvalidProxyOptionsError']
  },
  {
    name: 'rule set JSON',
    inputs: () => fc.oneof(textFrom([RULES_JSON, '{}'], 2000), fc.jsonValue({ maxDepth: 4 }).map(v => JSON.stringify(v))),
    run: (json: string) => { parseRules(json) },
    typed: ['InvalidRuleSetError']
  },
  {
    name: 'config (file, environment, flags)',
    inputs: () => fc.record({
      role: fc.constantFrom('rendezvous' as const, 'provider' as const, 'gateway' as const),
      text: fc.oneof(textFrom([PROVIDER_CONFIG, '{}'], 2000), fc.jsonValue({ maxDepth: 3 }).map(v => JSON.stringify(v))),
      env: fc.dictionary(fc.constantFrom(...SETTINGS.map(s => envName(s.key)), 'PEERGRID_HOME'), textFrom(['DE', '7400', 'true', '/ip4/1.2.3.4/tcp/1', 'a,b,c'], 100), { maxKeys: 4 }),
      flags: fc.dictionary(fc.constantFrom(...SETTINGS.map(s => s.key), 'nope'), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 3 })), { maxKeys: 3 })
    }),
    run: ({ role, text, env, flags }) => {
      resolveConfig(role, {
        file: { path: 'fuzz.json', text },
        env: { PEERGRID_HOME: '/tmp/peergrid-fuzz', ...env },
        flags: Object.fromEntries(Object.entries(flags).map(([key, value]) => [key, { value, flag: `--${key}` }]))
      })
    },
    typed: ['ConfigError']
  }
]

/** Makes every target's valid seed inputs. */
export async function prepareTargets (): Promise<void> {
  await prepare()
  await Promise.all(TARGETS.map(async target => target.prepare?.()))
}
