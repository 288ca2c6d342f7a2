import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNatLab } from '../nat-lab.js'
import type { NatLab } from '../nat-lab.js'
import type { Server } from 'node:net'

/** A script for `node -e` inside a namespace: connects from `localPort` and prints what the server saw of it. */
const CONNECT = (host: string, port: number, localPort: number): string =>
  `const s=require('net').connect({host:'${host}',port:${port},localPort:${localPort}});s.setEncoding('utf8');let seen='';s.on('data',d=>{seen+=d});s.on('end',()=>{process.stdout.write(seen);process.exit(0)});s.on('error',e=>{process.stdout.write('error '+e.code);process.exit(0)})`

describe('the NAT lab the NAT tests build on: real masquerading routers in network namespaces (about 2 s)', () => {
  let lab: NatLab
  let server: Server
  let port: number
  beforeAll(async () => {
    lab = await createNatLab(['port-restricted', 'symmetric', 'none'])
    // on the public network: answers each connection with the address and port it came from
    server = createServer(socket => { socket.end(`${socket.remoteAddress}:${socket.remotePort}`) })
    await new Promise<void>(resolve => server.listen(0, lab.publicIp, resolve))
    port = (server.address() as { port: number }).port
  })
  afterAll(async () => {
    server?.close()
    await lab?.destroy()
  })

  const seenFrom = async (ns: string, localPort: number): Promise<string> => lab.exec(ns, process.execPath, ['-e', CONNECT(lab.publicIp, port, localPort)])

  it('a host behind a port-restricted NAT reaches the public network from its router\'s address, keeping its port', async () => {
    const [home] = lab.homes
    expect(await seenFrom(home!.ns, 41_000)).toBe(`${home!.publicIp}:41000`)
  })

  it('a host behind a symmetric NAT gets a port of the router\'s choosing', async () => {
    const home = lab.homes[1]!
    const seen = [await seenFrom(home.ns, 41_001), await seenFrom(home.ns, 41_002)]
    for (const s of seen) expect(s.startsWith(`${home.publicIp}:`)).toBe(true)
    // fully random: both keeping their ports would be a 1 in 4 billion chance
    expect(seen.some((s, i) => s !== `${home.publicIp}:${41_001 + i}`)).toBe(true)
  })

  it('a public host is seen as itself', async () => {
    const home = lab.homes[2]!
    expect(await seenFrom(home.ns, 41_003)).toBe(`${home.ip}:41003`)
  })

  it('nothing reaches a home from outside unasked, and a router reboot (its conntrack flushed) keeps it working', async () => {
    const home = lab.homes[0]!
    const inbound = await lab.exec(lab.homes[2]!.ns, process.execPath, ['-e',
      `const s=require('net').connect({host:'${home.publicIp}',port:41000,timeout:1000});s.on('connect',()=>{process.stdout.write('connected');process.exit(0)});s.on('error',e=>{process.stdout.write(e.code);process.exit(0)});s.on('timeout',()=>{process.stdout.write('timeout');process.exit(0)})`])
    expect(inbound).not.toBe('connected')
    await lab.rebootRouter(home)
    expect(await seenFrom(home.ns, 41_004)).toBe(`${home.publicIp}:41004`)
  })
})
