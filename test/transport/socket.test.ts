import { expect } from 'chai'
import type { AddressInfo } from 'node:net'
import { ReplaySubject, filter, firstValueFrom, skip } from 'rxjs'
import { WebSocket, WebSocketServer, type WebSocket as ServerSocket } from 'ws'
import {
  CLOSE_GRACE_MS,
  createSocket,
  type ManagedSocket,
  type SocketEvent,
  type TopicOptions,
} from '../../lib/transport/socket.js'
import { recordingWebSocket } from '../support/recorded-ws.js'

/** What the loopback server saw, in order: `<connection> <what>`. */
interface Seen {
  readonly conn: number
  readonly kind: 'message' | 'close'
  readonly text: string
}

/** A real `ws` server on 127.0.0.1, port 0, that records everything and waits for nothing. */
class LoopbackServer {
  readonly sockets: ServerSocket[] = []
  readonly seen$ = new ReplaySubject<Seen>()
  readonly log: Seen[] = []

  private constructor(private readonly wss: WebSocketServer) {
    wss.on('connection', (ws) => {
      const conn = this.sockets.push(ws) - 1
      const record = (seen: Seen): void => {
        this.log.push(seen)
        this.seen$.next(seen)
      }
      ws.on('message', (data) => record({ conn, kind: 'message', text: String(data) }))
      ws.on('close', (code) => record({ conn, kind: 'close', text: String(code) }))
    })
  }

  static start(): Promise<LoopbackServer> {
    return new Promise((resolve, reject) => {
      const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
      wss.once('listening', () => resolve(new LoopbackServer(wss)))
      wss.once('error', reject)
    })
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`
  }

  /** The next thing seen on connection `conn` that matches. */
  next(conn: number, kind: Seen['kind'], text?: string): Promise<Seen> {
    return firstValueFrom(
      this.seen$.pipe(
        filter((s) => s.conn === conn && s.kind === kind && (text === undefined || s.text === text)),
      ),
    )
  }

  close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate()
    return new Promise((resolve, reject) => this.wss.close((e) => (e ? reject(e) : resolve())))
  }
}

interface Frame {
  readonly topic: string
  readonly v: number
}

const topic = (key: string): TopicOptions<Frame> => ({
  filter: (f): f is Frame => typeof f === 'object' && f !== null && (f as { topic?: unknown }).topic === key,
  subscribe: () => ({ op: 'subscribe', args: [key] }),
  unsubscribe: () => ({ op: 'unsubscribe', args: [key] }),
})

const message = (op: string, key: string) => JSON.stringify({ op, args: [key] })
const subscribeA = message('subscribe', 'trade.A')

describe('createSocket over a real WebSocket', () => {
  let server: LoopbackServer
  let socket: ManagedSocket | undefined

  beforeEach(async () => {
    server = await LoopbackServer.start()
  })

  afterEach(async () => {
    socket?.close()
    socket = undefined
    await server.close()
  })

  it('subscribes, reconnects after the server kills it, resubscribes, and closes on the last unsubscribe', async () => {
    const s = createSocket({
      url: server.url,
      venue: 'loopback',
      // the socket's own reconnect delay, kept short; the test itself waits only on what it observes
      reconnect: { backoff: { initialMs: 10, jitter: 'none' } },
    })
    socket = s
    const events: SocketEvent[] = []
    s.events$.subscribe((e) => events.push(e))
    const frames = new ReplaySubject<Frame>()
    const subscription = s.topic$('trade.A', topic('trade.A')).subscribe(frames)

    await server.next(0, 'message', subscribeA)
    server.sockets[0]?.send(JSON.stringify({ topic: 'trade.B', v: 0 }))
    server.sockets[0]?.send(JSON.stringify({ topic: 'trade.A', v: 1 }))
    expect(await firstValueFrom(frames)).to.deep.equal({ topic: 'trade.A', v: 1 })

    server.sockets[0]?.terminate()
    await server.next(1, 'message', subscribeA)
    server.sockets[1]?.send(JSON.stringify({ topic: 'trade.A', v: 2 }))
    expect(await firstValueFrom(frames.pipe(skip(1)))).to.deep.equal({ topic: 'trade.A', v: 2 })

    const reconnecting = events.find((e) => e.type === 'reconnecting')
    expect(reconnecting).to.include({ inMs: 10, attempt: 1 })
    expect(reconnecting?.type === 'reconnecting' && reconnecting.cause.kind).to.equal('network')
    expect(
      events.filter((e) => e.type === 'connecting').map((e) => e.type === 'connecting' && e.url),
    ).to.deep.equal([server.url, server.url])
    expect(events.find((e) => e.type === 'resubscribed')).to.deep.include({ topics: ['trade.A'] })

    subscription.unsubscribe()
    await server.next(1, 'close')
    // the close ends the subscription at the venue: no unsubscribe before it
    const second = server.log.filter((seen) => seen.conn === 1).map((seen) => `${seen.kind} ${seen.text}`)
    expect(second).to.deep.equal([`message ${subscribeA}`, 'close 1005'])
    expect(s.state).to.equal('idle')
    expect(server.sockets).to.have.length(2)
  })

  it('cuts a close the venue never answers after CLOSE_GRACE_MS, instead of ws waiting 30 s', async () => {
    const { made, Ctor: Recorded } = recordingWebSocket()
    const s = createSocket({ url: server.url, venue: 'loopback', WebSocketCtor: Recorded })
    socket = s
    const subscription = s.topic$('trade.A', topic('trade.A')).subscribe()
    await server.next(0, 'message', subscribeA)
    // the venue stops reading: the client's close frame is never answered
    ;(server.sockets[0] as unknown as { _socket: { pause(): void } })._socket.pause()
    const client = made[0]
    const closed = new Promise<number>((resolve) => client?.once('close', (code: number) => resolve(code)))
    const began = Date.now()
    subscription.unsubscribe()
    expect(client?.readyState, 'the close frame went out').to.equal(WebSocket.CLOSING)
    expect(await closed, 'cut, not answered').to.equal(1006)
    expect(Date.now() - began).to.be.at.least(CLOSE_GRACE_MS - 50)
  })

  it('whenClosed resolves once the connection has closed: answered, or cut when the venue never answers', async () => {
    const { made, Ctor: Recorded } = recordingWebSocket()
    const s = createSocket({ url: server.url, venue: 'loopback', WebSocketCtor: Recorded })
    socket = s
    const subscription = s.topic$('trade.A', topic('trade.A')).subscribe()
    await server.next(0, 'message', subscribeA)
    s.close()
    expect(made[0]?.readyState, 'closing when close() returns').to.equal(WebSocket.CLOSING)
    await s.whenClosed()
    expect(made[0]?.readyState, 'closed when whenClosed resolves').to.equal(WebSocket.CLOSED)
    subscription.unsubscribe()

    const unanswered = createSocket({ url: server.url, venue: 'loopback', WebSocketCtor: Recorded })
    socket = unanswered
    unanswered.topic$('trade.A', topic('trade.A')).subscribe()
    await server.next(1, 'message', subscribeA)
    ;(server.sockets[1] as unknown as { _socket: { pause(): void } })._socket.pause()
    const began = Date.now()
    unanswered.close()
    await unanswered.whenClosed()
    expect(made[1]?.readyState).to.equal(WebSocket.CLOSED)
    expect(Date.now() - began, 'after the cut').to.be.at.least(CLOSE_GRACE_MS - 50)
  })

  it('sends no subscribe for the topics its URL names, on the first connection and after a reconnect', async () => {
    const s = createSocket({
      // the URL names every live topic
      url: (topics) => ({ url: `${server.url}/?topics=${topics.join(',')}`, topics }),
      reconnect: { backoff: { initialMs: 10, jitter: 'none' } },
    })
    socket = s
    const urls: string[] = []
    s.events$.subscribe((e) => e.type === 'connecting' && urls.push(e.url))
    const opened = firstValueFrom(s.events$.pipe(filter((e) => e.type === 'open')))
    const a = s.topic$('trade.A', topic('trade.A')).subscribe()
    const b = s.topic$('trade.B', topic('trade.B')).subscribe()
    await opened
    b.unsubscribe()
    await server.next(0, 'message', message('unsubscribe', 'trade.B'))
    const c = s.topic$('trade.C', topic('trade.C')).subscribe()
    await server.next(0, 'message', message('subscribe', 'trade.C'))

    const resubscribed = firstValueFrom(s.events$.pipe(filter((e) => e.type === 'resubscribed')))
    server.sockets[0]?.terminate()
    expect(await resubscribed).to.deep.include({ topics: ['trade.A', 'trade.C'] })
    a.unsubscribe()
    c.unsubscribe()
    await server.next(1, 'close')

    // the default WebSocket is awaited before a connect: both topics of the first tick made the URL
    expect(urls).to.deep.equal([
      `${server.url}/?topics=trade.A,trade.B`,
      `${server.url}/?topics=trade.A,trade.C`,
    ])
    expect(server.log.map((seen) => `${seen.conn} ${seen.kind} ${seen.text}`)).to.deep.equal([
      `0 message ${message('unsubscribe', 'trade.B')}`,
      `0 message ${message('subscribe', 'trade.C')}`,
      '0 close 1006',
      '1 close 1005',
    ])
  })

  it('has ws refuse a frame over maxFrameBytes by its bytes, before buffering it, and reconnects', async () => {
    const s = createSocket({
      url: server.url,
      maxFrameBytes: 1000,
      reconnect: { backoff: { initialMs: 10, jitter: 'none' } },
    })
    socket = s
    const events: SocketEvent[] = []
    s.events$.subscribe((e) => events.push(e))
    const frames = new ReplaySubject<Frame>()
    const subscription = s.topic$('trade.A', topic('trade.A')).subscribe(frames)
    await server.next(0, 'message', subscribeA)
    // 600 characters, 1 200 bytes: only ws's maxPayload, which counts bytes, refuses it
    const wide = JSON.stringify({ topic: 'trade.A', v: 1, pad: 'é'.repeat(600) })
    expect(wide.length).to.be.below(1000)
    server.sockets[0]?.send(wide)
    await server.next(1, 'message', subscribeA)
    server.sockets[1]?.send(JSON.stringify({ topic: 'trade.A', v: 2 }))
    expect(await firstValueFrom(frames)).to.deep.equal({ topic: 'trade.A', v: 2 })
    const errors = events.flatMap((e) => (e.type === 'error' ? [e.error] : []))
    expect(errors.map((e) => `${e.kind} ${e.message}`)).to.deep.equal([
      'decode a frame over maxFrameBytes (1000) was refused; reconnecting',
    ])
    expect(events.find((e) => e.type === 'reconnecting')).to.deep.include({ cause: errors[0] })
    subscription.unsubscribe()
    await server.next(1, 'close')
  })

  it('refuses a 20 MB frame and goes on on a new connection', async () => {
    const s = createSocket({
      url: server.url,
      maxFrameBytes: 1_048_576,
      reconnect: { backoff: { initialMs: 10, jitter: 'none' } },
    })
    socket = s
    const frames = new ReplaySubject<Frame>()
    const subscription = s.topic$('trade.A', topic('trade.A')).subscribe(frames)
    await server.next(0, 'message', subscribeA)
    server.sockets[0]?.send(JSON.stringify({ topic: 'trade.A', v: 1, pad: 'x'.repeat(20 * 1_048_576) }))
    await server.next(1, 'message', subscribeA)
    server.sockets[1]?.send(JSON.stringify({ topic: 'trade.A', v: 2 }))
    expect(await firstValueFrom(frames)).to.deep.equal({ topic: 'trade.A', v: 2 })
    subscription.unsubscribe()
    await server.next(1, 'close')
  })

  it('carries request/response messages over messages$ and send()', async () => {
    const s = createSocket({ url: server.url })
    socket = s
    const answers = new ReplaySubject<unknown>()
    const subscription = s.messages$.subscribe(answers)
    // sent before the socket opens: held until it is ready
    s.send({ id: 7, method: 'ping' })
    const request = await server.next(0, 'message')
    expect(JSON.parse(request.text)).to.deep.equal({ id: 7, method: 'ping' })
    server.sockets[0]?.send(JSON.stringify({ id: 7, result: {} }))
    expect(await firstValueFrom(answers)).to.deep.equal({ id: 7, result: {} })
    subscription.unsubscribe()
    await server.next(0, 'close')
    expect(s.stats().messages).to.equal(1)
  })
})
