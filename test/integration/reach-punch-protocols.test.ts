import { lpStream, pbStream } from '@libp2p/utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PUNCH_PROTOCOL, PunchMessage } from '../../protocols/punch/index.js'
import { REACH_PROTOCOL, ReachRequest, ReachResponse, askReach } from '../../protocols/reach/index.js'
import { waitFor } from '../helpers.js'
import { createTestnet } from '../testnet.js'
import type { Testnet } from '../testnet.js'

/**
 * `/peergrid/reach/1.0.0` and `/peergrid/punch/1.0.0` on a loopback testnet:
 * what a well-behaved node learns, and what bad input from a peer costs
 * (a refusal or a reset stream, nothing else). The NAT cases themselves
 * are in nat-traversal.test.ts, behind real NATs.
 */
describe('the reach and punch protocols on loopback (about 3 s)', () => {
  let net: Testnet
  beforeAll(async () => {
    net = await createTestnet(2, { gateways: 1 })
  })
  afterAll(async () => {
    await net?.destroy()
  })

  it('a node on the same network as its rendezvous is public: dialled back on its port, no NAT', async () => {
    const provider = net.providers[0]!
    await waitFor(() => provider.reachability?.state().checkedAt != null, 'the first check')
    const state = provider.reachability!.state()
    expect(state.status).toBe('public')
    expect(state.nat).toBe('none')
    expect(state.relays).toEqual([])
    const port = /\/tcp\/(\d+)/.exec(provider.libp2p.getMultiaddrs()[0]!.toString())?.[1]
    expect(state.publicAddrs).toContain(`/ip4/127.0.0.1/tcp/${port}`)
  })

  it('the rendezvous tells what its relay allows: signalling only by default', async () => {
    const gateway = net.gateways[0]!
    const connection = gateway.libp2p.getConnections(net.rendezvous.libp2p.peerId)[0]!
    const answer = await askReach(connection, [])
    expect(answer.relay).toMatchObject({ enabled: true, data: false })
    expect(answer.relay.maxBytes).toBeGreaterThan(0)
    expect(answer.observed.toString()).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+(\/p2p\/\w+)?$/)
  })

  it('a reach request for a port out of range is refused; one over the size limits, or that does not decode, resets the stream', async () => {
    const gateway = net.gateways[0]!
    const rendezvous = net.rendezvous.libp2p.peerId
    // one reach stream per connection at a time (MAX_REACH_STREAMS_PER_CONNECTION): each on a connection of its own
    const ask = async (bytes: Uint8Array): Promise<ReachResponse> => {
      await gateway.libp2p.hangUp(rendezvous)
      const lp = lpStream(await gateway.libp2p.dialProtocol(rendezvous, REACH_PROTOCOL))
      await lp.write(bytes)
      return ReachResponse.decode(await lp.read())
    }
    expect((await ask(ReachRequest.encode({ dialBackPorts: [0] }))).status).toBe(ReachResponse.Status.BAD_REQUEST)
    // MAX_DIAL_BACK_PORTS is the decoder's limit too
    await expect(ask(ReachRequest.encode({ dialBackPorts: [1, 2, 3, 4, 5] }))).rejects.toThrow()
    await expect(ask(new Uint8Array([0xff, 0xff, 0xff]))).rejects.toThrow()
    // the rendezvous still answers
    await gateway.libp2p.hangUp(rendezvous)
    const again = await askReach(await gateway.libp2p.dial(rendezvous), [])
    expect(again.relay.enabled).toBe(true)
  })

  it('a punch asked over a direct connection is refused without a dial; a message that is not CONNECT resets the stream', async () => {
    const gateway = net.gateways[0]!
    const provider = net.providers[0]!.libp2p.peerId
    await gateway.libp2p.dial(provider)
    const stream = await gateway.libp2p.dialProtocol(provider, PUNCH_PROTOCOL)
    const messages = pbStream(stream).pb(PunchMessage)
    await messages.write({ type: PunchMessage.Type.CONNECT, ip: '127.0.0.1', port: 9, reason: '' })
    const answer = await messages.read()
    expect(answer.type).toBe(PunchMessage.Type.REFUSE)
    expect(answer.reason).toBe('the connection is already direct')

    // one punch stream per connection at a time: the next on a connection of its own
    await gateway.libp2p.hangUp(provider)
    const wrong = pbStream(await gateway.libp2p.dialProtocol(provider, PUNCH_PROTOCOL)).pb(PunchMessage)
    await wrong.write({ type: PunchMessage.Type.SYNC, ip: '', port: 0, reason: '' })
    await expect(wrong.read()).rejects.toThrow()
    // a reset stream, not a closed connection
    const after = gateway.libp2p.getConnections(provider)
    expect(after.length).toBeGreaterThan(0)
    expect(after.every(c => c.status === 'open')).toBe(true)
  })
})
