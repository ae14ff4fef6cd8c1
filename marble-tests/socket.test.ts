import { expect } from 'chai'
import { inspect } from 'node:util'
import { Subject, catchError, filter, map, of, type Observable } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { DecodeError, VenueError } from '../lib/core/errors.js'
import {
  createSocket,
  type ManagedSocket,
  type SocketConfig,
  type SocketEvent,
  type TopicOptions,
  type WebSocketCtor,
} from '../lib/transport/socket.js'
import { authByMessage } from '../lib/transport/socket-auth.js'

// ---- a WebSocket stand-in that the test's virtual time drives ----

/** What the scripted server does to the newest client socket. */
type Act = 'open' | 'drop' | 'close' | { readonly frame: unknown } | { readonly raw: string }

class FakeSocket {
  readyState = 0
  onopen: ((e: unknown) => void) | null = null
  onclose: ((e: { code: number; reason: string; wasClean: boolean }) => void) | null = null
  onerror: ((e: unknown) => void) | null = null
  onmessage: ((e: { data: unknown }) => void) | null = null

  constructor(
    private readonly server: FakeServer,
    readonly url: string,
  ) {
    server.sockets.push(this)
  }

  send(text: string): void {
    if (this.readyState !== 1) throw new Error(`send on a socket in state ${this.readyState}`)
    this.server.sent$.next(text)
  }

  close(): void {
    if (this.readyState > 1) return
    this.readyState = 3
    this.server.closedByClient$.next(this.server.sockets.indexOf(this))
    this.onclose?.({ code: 1005, reason: '', wasClean: true })
  }

  act(act: Act): void {
    if (act === 'open') {
      this.readyState = 1
      this.onopen?.({})
    } else if (act === 'drop' || act === 'close') {
      this.readyState = 3
      this.onclose?.({ code: act === 'drop' ? 1006 : 1000, reason: '', wasClean: act === 'close' })
    } else {
      this.onmessage?.({ data: 'raw' in act ? act.raw : JSON.stringify(act.frame) })
    }
  }
}

class FakeServer {
  readonly sockets: FakeSocket[] = []
  /** Every frame any client socket sent, as text. */
  readonly sent$ = new Subject<string>()
  /** The index of each socket the client closed. */
  readonly closedByClient$ = new Subject<number>()
  readonly Ctor: WebSocketCtor

  constructor() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const server = this
    this.Ctor = class extends FakeSocket {
      constructor(url: string) {
        super(server, url)
      }
    }
  }

  /** Plays a marble script of server acts against the newest socket. */
  play(script$: Observable<Act>): void {
    script$.subscribe((act) => this.sockets.at(-1)?.act(act))
  }
}

// ---- helpers ----

interface Frame {
  readonly topic?: string
  readonly op?: string
  readonly args?: readonly string[]
  readonly req_id?: string
  readonly success?: boolean
  readonly ret_msg?: string
  readonly v?: number
}

const isFrame = (f: unknown): f is Frame => typeof f === 'object' && f !== null && !Array.isArray(f)

/** A topic that sends its own Bybit-like subscribe and unsubscribe messages. */
const ownTopic = (key: string): TopicOptions<Frame> => ({
  filter: (f): f is Frame => isFrame(f) && f.topic === key,
  subscribe: () => ({ op: 'subscribe', args: [key] }),
  unsubscribe: () => ({ op: 'unsubscribe', args: [key] }),
})

/** A topic left to the venue's batch message builder. */
const batchedTopic = (key: string): TopicOptions<Frame> => ({
  filter: (f): f is Frame => isFrame(f) && f.topic === key,
})

const data = (topic: string, v: number): Act => ({ frame: { topic, v } })

/** A sent frame, shortened: `subscribe A,B` or `ping`. */
function sentText(text: string): string {
  const f = JSON.parse(text) as Frame
  return [f.op, f.args?.join(','), f.req_id && `#${f.req_id}`].filter(Boolean).join(' ')
}

/** A socket's events but `ready` (which the sign-in test follows), described. */
const lifecycle = (socket: { readonly events$: Observable<SocketEvent> }) =>
  socket.events$.pipe(
    filter((e) => e.type !== 'ready'),
    map(describeEvent),
  )

function describeEvent(e: SocketEvent): string {
  switch (e.type) {
    case 'connecting':
      return `connecting #${e.attempt}`
    case 'open':
      return `open #${e.attempt}`
    case 'ready':
      return `ready #${e.attempt}`
    case 'closed':
      return `closed ${e.code}`
    case 'reconnecting':
      return `reconnecting in ${e.inMs} #${e.attempt} (${e.cause.kind})`
    case 'resubscribed':
      return `resubscribed ${e.topics.join(',')}`
    case 'stale':
      return `stale ${e.silentForMs}`
    case 'error':
      return `error ${e.error.kind}`
    case 'auth':
      return e.ok ? 'auth ok' : `auth failed (${e.error?.kind})`
  }
}

function setup(config: Omit<SocketConfig, 'url' | 'WebSocketCtor'> & { url?: SocketConfig['url'] }): {
  server: FakeServer
  socket: ManagedSocket
} {
  const server = new FakeServer()
  const socket = createSocket({
    url: 'wss://venue.test/ws',
    WebSocketCtor: server.Ctor,
    ...config,
    reconnect: { backoff: { initialMs: 1000, jitter: 'none' }, ...config.reconnect },
  })
  return { server, socket }
}

/** Ends a run at `frame`, recording how many timers were still scheduled (and cancelling them). */
function leftoverTimersAt(scheduler: TestScheduler, frame: number): { count: number } {
  const leftover = { count: -1 }
  scheduler.schedule(() => {
    const live = scheduler.actions.filter((a) => !a.closed)
    leftover.count = live.length
    for (const a of live) a.unsubscribe()
  }, frame)
  return leftover
}

describe('createSocket (marbles)', () => {
  let scheduler: TestScheduler
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => {
      expect(actual).to.deep.equal(expected)
    })
  })

  it('reconnects after the server drops it, after the backoff delay, and resubscribes every topic', () => {
    const A = 'trade.A'
    const B = 'trade.B'
    const stamps: [number, number][] = []
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({})
      socket.events$.subscribe((e) => stamps.push([e.at, scheduler.now()]))
      server.play(hot<Act>('-o-a---x 1000ms -o-b', { o: 'open', x: 'drop', a: data(A, 1), b: data(A, 2) }))

      expectObservable(lifecycle(socket)).toBe('co-----(xr) 996ms C-(OR)', {
        c: 'connecting #1',
        o: 'open #1',
        x: 'closed 1006',
        r: 'reconnecting in 1000 #1 (network)',
        C: 'connecting #2',
        O: 'open #2',
        R: `resubscribed ${A},${B}`,
      })
      expectObservable(socket.topic$(A, ownTopic(A)).pipe(map((f) => f.v)), '^ 1100ms !').toBe(
        '---a 1007ms b',
        { a: 1, b: 2 },
      )
      expectObservable(socket.topic$(B, ownTopic(B)), '^ 1100ms !').toBe('')
      expectObservable(socket.state$, '^ 1100ms !').toBe('co-----r 999ms c-o 91ms i', {
        i: 'idle',
        c: 'connecting',
        o: 'open',
        r: 'reconnecting',
      })
      // the last unsubscribe at 1101 closes the connection: no unsubscribe message
      expectObservable(server.sent$.pipe(map(sentText))).toBe('-(ab) 1004ms (ab)', {
        a: `subscribe ${A}`,
        b: `subscribe ${B}`,
      })
    })
    expect(stamps).to.have.length(9) // the seven above and two `ready`
    for (const [at, now] of stamps) expect(at).to.equal(now)
  })

  it('keeps backing off while each connection drops right after it opens', () => {
    const A = 'trade.A'
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({})
      server.play(hot<Act>('-o-x 999ms -o-x 1999ms -o-x', { o: 'open', x: 'drop' }))
      const reconnecting = socket.events$.pipe(
        filter((e) => e.type === 'reconnecting'),
        map(describeEvent),
      )
      expectObservable(reconnecting, '^ 3100ms !').toBe('---a 1002ms b 2002ms c', {
        a: 'reconnecting in 1000 #1 (network)',
        b: 'reconnecting in 2000 #2 (network)',
        c: 'reconnecting in 4000 #3 (network)',
      })
      expectObservable(socket.topic$(A, ownTopic(A)), '^ 3100ms !').toBe('')
    })
  })

  it('starts the delays over once a reopened connection delivers data to a topic', () => {
    const A = 'trade.A'
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({})
      server.play(
        hot<Act>('-o-a-x 999ms -o-b-x 999ms -o-c-x', {
          o: 'open',
          x: 'drop',
          a: data(A, 1),
          b: data(A, 2),
          c: data(A, 3),
        }),
      )
      const reconnecting = socket.events$.pipe(
        filter((e) => e.type === 'reconnecting'),
        map(describeEvent),
      )
      expectObservable(reconnecting, '^ 2100ms !').toBe('-----a 1004ms a 1004ms a', {
        a: 'reconnecting in 1000 #1 (network)',
      })
      expectObservable(socket.topic$(A, ownTopic(A)).pipe(map((f) => f.v)), '^ 2100ms !').toBe(
        '---a 1004ms b 1004ms c',
        { a: 1, b: 2, c: 3 },
      )
    })
  })

  it('does not start the delays over for heartbeats, acks or frames before the authentication', () => {
    const A = 'trade.A'
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({
        authenticate: bybitLikeAuth(10_000),
        heartbeat: { isHeartbeat: (f) => isFrame(f) && f.op === 'pong' },
      })
      // each connection: a data frame before the auth answer, the auth answer, a subscription ack and
      // a pong, then the drop; nothing reaches a topic once the connection is ready
      server.play(
        hot<Act>('-o-a-k-s-p-x 999ms -o-a-k-s-p-x 1999ms -o-a-k-s-p-x', {
          o: 'open',
          a: data(A, 1),
          k: { frame: { op: 'auth', success: true } },
          s: { frame: { op: 'subscribe', success: true } },
          p: { frame: { op: 'pong' } },
          x: 'drop',
        }),
      )
      const reconnecting = socket.events$.pipe(
        filter((e) => e.type === 'reconnecting'),
        map(describeEvent),
      )
      expectObservable(reconnecting, '^ 3100ms !').toBe('-----------a 1010ms b 2010ms c', {
        a: 'reconnecting in 1000 #1 (network)',
        b: 'reconnecting in 2000 #2 (network)',
        c: 'reconnecting in 4000 #3 (network)',
      })
      expectObservable(socket.topic$(A, ownTopic(A)), '^ 3100ms !').toBe('---a 1010ms a 2010ms a', {
        a: { topic: A, v: 1 },
      })
    })
  })

  it('reconnects a silent (stale) socket, while any frame, heartbeats included, keeps it fresh', () => {
    const A = 'trade.A'
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({
        reconnect: { staleAfterMs: 100 },
        heartbeat: { isHeartbeat: (f) => isFrame(f) && f.op === 'pong' },
      })
      // a pong at 80 and 160 pushes staleness to 260; the feed then stays silent
      server.play(
        hot<Act>('-o-a 76ms p 79ms p 1099ms -o-b', {
          o: 'open',
          a: data(A, 1),
          p: { frame: { op: 'pong' } },
          b: data(A, 2),
        }),
      )
      expectObservable(lifecycle(socket), '^ 1300ms !').toBe('co 258ms (sr) 996ms C(OR)', {
        c: 'connecting #1',
        o: 'open #1',
        s: 'stale 100',
        r: 'reconnecting in 1000 #1 (timeout)',
        C: 'connecting #2',
        O: 'open #2',
        R: `resubscribed ${A}`,
      })
      expectObservable(socket.topic$(A, ownTopic(A)).pipe(map((f) => f.v)), '^ 1300ms !').toBe(
        '---a 1259ms b',
        { a: 1, b: 2 },
      )
      // the client itself closes the silent socket
      expectObservable(server.closedByClient$).toBe('260ms a 1040ms b', { a: 0, b: 1 })
    })
  })

  it('closes on the last unsubscribe without unsubscribing, and leaves no timer behind', () => {
    const A = 'trade.A'
    const B = 'trade.B'
    let leftover = { count: -1 }
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({
        reconnect: { staleAfterMs: 100 },
        heartbeat: { intervalMs: 30, ping: () => ({ op: 'ping' }) },
        maxMessagesPerSecond: 4,
        subscriptions: { batchWindowMs: 5 },
      })
      server.play(hot<Act>('-o-a', { o: 'open', a: data(A, 1) }))
      expectObservable(socket.topic$(A, ownTopic(A)).pipe(map((f) => f.v)), '^ 70ms !').toBe('---a', { a: 1 })
      expectObservable(socket.topic$(B, ownTopic(B)), '^ 39ms !').toBe('')
      // B's unsubscribe leaves after the 5 ms batch window while A keeps the connection; the ping due
      // at 61 waits for the next second (4 frames a second) and goes with the connection at 71, where
      // an unsubscribe of A would only precede the close that ends A at the venue anyway
      expectObservable(server.sent$.pipe(map(sentText))).toBe('-(ab) 26ms p 13ms u', {
        a: `subscribe ${A}`,
        b: `subscribe ${B}`,
        p: 'ping',
        u: `unsubscribe ${B}`,
      })
      expectObservable(server.closedByClient$).toBe('71ms a', { a: 0 })
      expectObservable(socket.state$).toBe('co 69ms i', { c: 'connecting', o: 'open', i: 'idle' })
      leftover = leftoverTimersAt(scheduler, 1000)
    })
    expect(leftover.count).to.equal(0)
  })

  it('sends the venue ping on its interval and keeps heartbeat replies out of topics', () => {
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({
        heartbeat: {
          intervalMs: 20,
          ping: () => ({ op: 'ping' }),
          isHeartbeat: (f) => isFrame(f) && f.op === 'pong',
        },
      })
      server.play(
        hot<Act>('-o 20ms p-a 17ms p', { o: 'open', p: { frame: { op: 'pong' } }, a: data('A', 1) }),
      )
      const everything: TopicOptions<Frame> = { ...ownTopic('all'), filter: (f): f is Frame => isFrame(f) }
      expectObservable(socket.topic$('all', everything).pipe(map((f) => f.v)), '^ 50ms !').toBe('24ms a', {
        a: 1,
      })
      expectObservable(server.sent$.pipe(map(sentText))).toBe('-s 19ms p 19ms p', {
        s: 'subscribe all',
        p: 'ping',
      })
    })
  })

  it("answers the server's pings with the venue's pong", () => {
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({
        heartbeat: {
          pong: (f) => (isFrame(f) && 'ping' in f ? { pong: (f as { ping: unknown }).ping } : undefined),
        },
      })
      server.play(
        hot<Act>('-o-p-a-q', {
          o: 'open',
          p: { frame: { ping: 17 } },
          q: { frame: { ping: 18 } },
          a: data('A', 1),
        }),
      )
      const everything: TopicOptions<unknown> = { filter: () => true }
      expectObservable(socket.topic$('all', everything), '^ 10ms !').toBe('-----a', {
        a: { topic: 'A', v: 1 },
      })
      expectObservable(server.sent$).toBe('---a---b', { a: '{"pong":17}', b: '{"pong":18}' })
    })
  })

  it('shares one venue subscription between the subscribers of a topic', () => {
    const A = 'trade.A'
    const B = 'trade.B'
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({})
      server.play(hot<Act>('-o---a 20ms b', { o: 'open', a: data(A, 1), b: data(B, 2) }))
      expectObservable(socket.topic$(A, ownTopic(A)).pipe(map((f) => f.v)), '^ 10ms !').toBe('-----a', {
        a: 1,
      })
      expectObservable(socket.topic$(A, ownTopic(A)).pipe(map((f) => f.v)), '--^ 20ms !').toBe('-----a', {
        a: 1,
      })
      expectObservable(socket.topic$(B, ownTopic(B)).pipe(map((f) => f.v)), '^ 40ms !').toBe('26ms b', {
        b: 2,
      })
      // A's last subscriber leaves at 23; B's at 41 closes the connection
      expectObservable(server.sent$.pipe(map(sentText))).toBe('-(ab) 18ms c', {
        a: `subscribe ${A}`,
        b: `subscribe ${B}`,
        c: `unsubscribe ${A}`,
      })
      expectObservable(server.closedByClient$).toBe('41ms a', { a: 0 })
    })
  })

  it('routes a frame by its key to the topics filed under that route, two keys sharing one route included', () => {
    const A = 'trade.A'
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({
        route: (f) => {
          if (isFrame(f) && f.topic === 'boom') throw new Error('no route for this frame')
          return isFrame(f) ? f.topic : undefined
        },
        subscriptions: { message: (op, keys) => ({ op, args: keys }) },
      })
      server.play(
        hot<Act>('-o-a-b-x-c', {
          o: 'open',
          a: data(A, 1),
          b: { frame: { topic: 'trade.other', v: 2 } },
          x: { raw: '{"topic":"boom"}' },
          c: data(A, 3),
        }),
      )
      // one venue topic under two keys (an old and a new subscription of it): both get its frames
      expectObservable(socket.topic$(A, {}).pipe(map((f) => (f as Frame).v)), '^ 12ms !').toBe('---a-----c', {
        a: 1,
        c: 3,
      })
      expectObservable(
        socket.topic$(`${A}#2`, { route: A }).pipe(map((f) => (f as Frame).v)),
        '^ 12ms !',
      ).toBe('---a-----c', { a: 1, c: 3 })
      const errors = socket.events$.pipe(
        filter((e) => e.type === 'error'),
        map(() => 'e'),
      )
      // a frame of no live topic is dropped; a route hook that throws is an error event, and the socket goes on
      expectObservable(errors, '^ 12ms !').toBe('-------e')
    })
  })

  it('does not churn a topic that is left and taken again within the batch window', () => {
    const A = 'trade.A'
    const B = 'trade.B'
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({})
      server.play(hot<Act>('-o', { o: 'open' }))
      expectObservable(socket.topic$(A, ownTopic(A)), '^ 10ms !').toBe('')
      expectObservable(socket.topic$(A, ownTopic(A)), '11ms ^ 10ms !').toBe('')
      expectObservable(socket.topic$(B, ownTopic(B)), '^ 30ms !').toBe('')
      expectObservable(server.sent$.pipe(map(sentText))).toBe('-(ab) 17ms c', {
        a: `subscribe ${A}`,
        b: `subscribe ${B}`,
        c: `unsubscribe ${A}`,
      })
    })
  })

  it('errors only the subscribers of a topic the venue refuses', () => {
    const A = 'trade.A'
    const B = 'trade.B'
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({
        subscriptions: {
          message: (op, keys, id) => ({ op, args: keys, req_id: String(id) }),
          matchAck: (f) =>
            isFrame(f) && f.success !== undefined && (f.op === 'subscribe' || f.op === 'unsubscribe')
              ? { id: f.req_id, ok: f.success, reason: f.ret_msg, code: 10001 }
              : undefined,
        },
      })
      server.play(
        hot<Act>('-o-k---n-a-b', {
          o: 'open',
          k: { frame: { op: 'subscribe', success: true, req_id: '1' } },
          n: { frame: { op: 'subscribe', success: false, ret_msg: 'Invalid topic', req_id: '2' } },
          a: data(A, 1),
          b: data(B, 2),
        }),
      )
      expectObservable(lifecycle(socket)).toBe('co-----e', {
        c: 'connecting #1',
        o: 'open #1',
        e: 'error invalid-request',
      })
      expectObservable(socket.topic$(A, batchedTopic(A)).pipe(map((f) => f.v)), '^ 20ms !').toBe(
        '---------a',
        { a: 1 },
      )
      const refused = socket.topic$(B, batchedTopic(B)).pipe(
        map((f) => `value ${f.v}`),
        catchError((e: VenueError) => of(`${e.kind} ${e.code}: ${e.message}`)),
      )
      expectObservable(refused, '-----^ 15ms !').toBe('-------(e|)', {
        e: `invalid-request 10001: subscribe ${B} refused: Invalid topic`,
      })
      expectObservable(server.sent$.pipe(map(sentText))).toBe('-a---b', {
        a: `subscribe ${A} #1`,
        b: `subscribe ${B} #2`,
      })
    })
  })

  it('scrubs its secrets, read when used, from refusals, close reasons and malformed frames', () => {
    const A = 'trade.A'
    const secrets = ['KEY-1234567']
    const seen: string[] = []
    const record = (value: unknown) => seen.push(inspect(value, { depth: 10 }), JSON.stringify(value))
    scheduler.run(({ hot }) => {
      const subscriptions: SocketConfig['subscriptions'] = {
        message: (op, keys, id) => ({ op, args: keys, req_id: String(id) }),
        matchAck: (f) =>
          isFrame(f) && f.op === 'subscribe'
            ? { id: f.req_id, ok: f.success === true, reason: f.ret_msg }
            : undefined,
      }
      const echo = 'you sent KEY-1234567 and SIG-7654321'
      const refusing = setup({ secrets, subscriptions, authenticate: bybitLikeAuth(10_000) })
      // a signature made after the socket: the list is read at each use
      secrets.push('SIG-7654321')
      refusing.socket.events$.subscribe(record)
      refusing.socket.topic$(A, batchedTopic(A)).subscribe({ error: record })
      refusing.server.play(
        hot<Act>('-o-m-k-n', {
          o: 'open',
          m: { raw: `${echo} {` },
          k: { frame: { op: 'auth', success: true } },
          n: { frame: { op: 'subscribe', success: false, ret_msg: echo, req_id: '1' } },
        }),
      )
      scheduler.schedule(
        () => refusing.server.sockets[0]?.onclose?.({ code: 4003, reason: echo, wasClean: true }),
        9,
      )

      const denied = setup({ secrets, authenticate: bybitLikeAuth(10_000) })
      denied.socket.events$.subscribe(record)
      denied.socket.topic$(A, batchedTopic(A)).subscribe({ error: record })
      denied.server.play(
        hot<Act>('-o-n', { o: 'open', n: { frame: { op: 'auth', success: false, ret_msg: echo } } }),
      )
    })
    const text = seen.join('\n')
    expect(text).not.to.include('KEY-1234567')
    expect(text).not.to.include('SIG-7654321')
    expect(text).to.include('you sent [redacted] and [redacted]')
    expect(seen.filter((s) => s.includes('you sent [redacted]')).length).to.be.at.least(8)
  })

  it('authenticates after every (re)connect before it subscribes', () => {
    const A = 'trade.A'
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({ authenticate: bybitLikeAuth(10_000) })
      const ok = { frame: { op: 'auth', success: true } }
      server.play(hot<Act>('-o-k---x 1000ms -o-k', { o: 'open', k: ok, x: 'drop' }))
      // ready once signed in, after the subscription went out (see the frames sent below)
      expectObservable(socket.events$.pipe(map(describeEvent))).toBe('co-(ky)(xr) 996ms C-O-(KYR)', {
        c: 'connecting #1',
        o: 'open #1',
        k: 'auth ok',
        y: 'ready #1',
        x: 'closed 1006',
        r: 'reconnecting in 1000 #1 (network)',
        C: 'connecting #2',
        O: 'open #2',
        K: 'auth ok',
        Y: 'ready #2',
        R: `resubscribed ${A}`,
      })
      expectObservable(socket.topic$(A, ownTopic(A)), '^ 1100ms !').toBe('')
      expectObservable(server.sent$.pipe(map(sentText))).toBe('-u-a 1005ms u-a', {
        u: 'auth key,1700000000000,signature',
        a: `subscribe ${A}`,
      })
    })
  })

  it('ends with a typed auth error, and no reconnect, when the venue refuses the credentials', () => {
    const A = 'trade.A'
    let leftover = { count: -1 }
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({ authenticate: bybitLikeAuth(10_000) })
      server.play(
        hot<Act>('-o-n', {
          o: 'open',
          n: { frame: { op: 'auth', success: false, ret_msg: 'Invalid apikey' } },
        }),
      )
      expectObservable(lifecycle(socket)).toBe('co-(fe)', {
        c: 'connecting #1',
        o: 'open #1',
        f: 'auth failed (auth)',
        e: 'error auth',
      })
      const topic = socket
        .topic$(A, ownTopic(A))
        .pipe(catchError((e: VenueError) => of(`${e.kind}: ${e.message}`)))
      expectObservable(topic).toBe('---(e|)', { e: 'auth: authentication refused: Invalid apikey' })
      expectObservable(socket.state$).toBe('co-i', { c: 'connecting', o: 'open', i: 'idle' })
      expectObservable(server.closedByClient$).toBe('---a', { a: 0 })
      expectObservable(server.sent$.pipe(map(sentText))).toBe('-u', { u: 'auth key,1700000000000,signature' })
      leftover = leftoverTimersAt(scheduler, 5000)
    })
    expect(leftover.count).to.equal(0)
  })

  it('reconnects when the venue does not answer the authentication in time', () => {
    let leftover = { count: -1 }
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({ authenticate: bybitLikeAuth(50) })
      server.play(hot<Act>('-o', { o: 'open' }))
      expectObservable(lifecycle(socket)).toBe('co 49ms (fr)', {
        c: 'connecting #1',
        o: 'open #1',
        f: 'auth failed (timeout)',
        r: 'reconnecting in 1000 #1 (timeout)',
      })
      expectObservable(socket.topic$('A', ownTopic('A')), '^ 100ms !').toBe('')
      expectObservable(server.closedByClient$).toBe('51ms a', { a: 0 })
      // the pending reconnect (due at 1051) goes with the last subscriber at 101
      leftover = leftoverTimersAt(scheduler, 500)
    })
    expect(leftover.count).to.equal(0)
  })

  it('batches subscriptions, at most N keys a message and M messages a second', () => {
    const keys = [1, 2, 3, 4, 5, 6, 7].map((n) => `t${n}`)
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({
        subscriptions: { message: (op, batch) => ({ op, args: batch }), maxKeysPerMessage: 2 },
        maxMessagesPerSecond: 2,
      })
      server.play(hot<Act>('-o', { o: 'open' }))
      for (const key of keys.slice(0, 5)) {
        expectObservable(socket.topic$(key, batchedTopic(key)), '^ 1999ms !').toBe('')
      }
      for (const key of keys.slice(5)) {
        expectObservable(socket.topic$(key, batchedTopic(key)), '1500ms ^ 499ms !').toBe('')
      }
      expectObservable(server.sent$.pipe(map(sentText))).toBe('-(ab) 996ms c 498ms d', {
        a: 'subscribe t1,t2',
        b: 'subscribe t3,t4',
        c: 'subscribe t5',
        d: 'subscribe t6,t7',
      })
    })
  })

  it('closes without unsubscribing and drops what still waits its turn: nothing leaves past the rate', () => {
    const keys = [1, 2, 3, 4, 5].map((n) => `t${n}`)
    let leftover = { count: -1 }
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({
        subscriptions: { message: (op, batch) => ({ op, args: batch }), maxKeysPerMessage: 1 },
        maxMessagesPerSecond: 2,
      })
      server.play(hot<Act>('-o', { o: 'open' }))
      for (const key of keys) expectObservable(socket.topic$(key, batchedTopic(key)), '^ 1499ms !').toBe('')
      // two a second: t5's turn (2001) never comes, and no unsubscribe follows the four sent
      expectObservable(server.sent$.pipe(map(sentText))).toBe('-(ab) 996ms (cd)', {
        a: 'subscribe t1',
        b: 'subscribe t2',
        c: 'subscribe t3',
        d: 'subscribe t4',
      })
      expectObservable(server.closedByClient$).toBe('1500ms a', { a: 0 })
      leftover = leftoverTimersAt(scheduler, 5000)
    })
    expect(leftover.count).to.equal(0)
  })

  it('subscribes by message only the topics its URL does not name; a reconnect names those live then', () => {
    const [A, B, C, D, E] = ['A', 'B', 'C', 'D', 'E'].map((k) => `trade.${k}`) as [
      string,
      string,
      string,
      string,
      string,
    ]
    const asked: (readonly string[])[] = []
    let urls: string[] = []
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({
        // a URL with room for two topics
        url: (topics) => {
          asked.push(topics)
          const named = topics.slice(0, 2)
          return { url: `wss://venue.test/ws?topics=${named.join(',')}`, topics: named }
        },
      })
      server.play(hot<Act>('-o 18ms x 999ms -o-a', { o: 'open', x: 'drop', a: data(B, 1) }))
      expectObservable(lifecycle(socket), '^ 1100ms !').toBe('co 18ms (xr) 996ms C(OR)', {
        c: 'connecting #1',
        o: 'open #1',
        x: 'closed 1006',
        r: 'reconnecting in 1000 #1 (network)',
        C: 'connecting #2',
        O: 'open #2',
        R: `resubscribed ${B},${C},${E}`,
      })
      // A's subscriber connects (the URL names A); B, C and E come after the URL was made
      expectObservable(socket.topic$(A, ownTopic(A)), '^ 9ms !').toBe('')
      expectObservable(socket.topic$(B, ownTopic(B)).pipe(map((f) => f.v)), '^ 1099ms !').toBe('1023ms a', {
        a: 1,
      })
      expectObservable(socket.topic$(C, ownTopic(C)), '---^ 1096ms !').toBe('')
      expectObservable(socket.topic$(E, ownTopic(E)), '-----^ 1094ms !').toBe('')
      expectObservable(socket.topic$(D, ownTopic(D)), '1030ms ^ 69ms !').toBe('')
      // A leaves at 10 while B, C, E hold the connection; the second URL names B and C, so only E
      // is sent again; D comes later still; the last subscribers leave at 1100 and nothing is sent
      expectObservable(server.sent$.pipe(map(sentText))).toBe('-b-c-e----a 1010ms e 8ms d', {
        b: `subscribe ${B}`,
        c: `subscribe ${C}`,
        e: `subscribe ${E}`,
        a: `unsubscribe ${A}`,
        d: `subscribe ${D}`,
      })
      expectObservable(server.closedByClient$).toBe('1100ms a', { a: 1 })
      scheduler.schedule(() => (urls = server.sockets.map((s) => s.url)), 1200)
    })
    expect(asked).to.deep.equal([[A], [B, C, E]])
    expect(urls).to.deep.equal([`wss://venue.test/ws?topics=${A}`, `wss://venue.test/ws?topics=${B},${C}`])
  })

  it('once ready, unsubscribes a topic its URL named that left meanwhile, and keeps one taken again', () => {
    const [A, B, C] = ['A', 'B', 'C'].map((k) => `trade.${k}`) as [string, string, string]
    let urls: string[] = []
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({
        url: (topics) => ({ url: `wss://venue.test/ws?topics=${topics.join(',')}`, topics }),
      })
      // dropped at 10; the reconnect at 1010 names A and B, and opens at 1015
      server.play(hot<Act>('-o 8ms x 1004ms o', { o: 'open', x: 'drop' }))
      expectObservable(socket.topic$(A, ownTopic(A)), '^ 1010ms !').toBe('')
      expectObservable(socket.topic$(B, ownTopic(B)), '^ 1012ms !').toBe('')
      expectObservable(socket.topic$(A, ownTopic(A)), '1012ms ^ 87ms !').toBe('')
      expectObservable(socket.topic$(C, ownTopic(C)), '1012ms ^ 87ms !').toBe('')
      // while connection 2 opens, A leaves (1011) and comes back (1012), C comes (1012), B leaves (1013)
      expectObservable(server.sent$.pipe(map(sentText))).toBe('-s 1013ms (bc)', {
        s: `subscribe ${B}`,
        b: `unsubscribe ${B}`,
        c: `subscribe ${C}`,
      })
      scheduler.schedule(() => (urls = server.sockets.map((s) => s.url)), 1200)
    })
    expect(urls).to.deep.equal([`wss://venue.test/ws?topics=${A}`, `wss://venue.test/ws?topics=${A},${B}`])
  })

  it('turns a malformed frame into an error event and goes on', () => {
    const A = 'trade.A'
    const venueError = new DecodeError({
      context: 'test frame',
      paths: ['<root>: expected object'],
      raw: '[1,2]',
    })
    const errors: VenueError[] = []
    let socket: ManagedSocket | undefined
    scheduler.run(({ hot, expectObservable }) => {
      const made = setup({
        venue: 'testvenue',
        decode: (text) => {
          const f: unknown = JSON.parse(text)
          if (Array.isArray(f)) throw venueError
          return f
        },
      })
      socket = made.socket
      made.socket.events$.subscribe((e) => e.type === 'error' && errors.push(e.error))
      made.server.play(
        hot<Act>('-o-mna', { o: 'open', m: { raw: 'not json{' }, n: { raw: '[1,2]' }, a: data(A, 1) }),
      )
      expectObservable(lifecycle(made.socket)).toBe('co-ee', {
        c: 'connecting #1',
        o: 'open #1',
        e: 'error decode',
      })
      expectObservable(made.socket.topic$(A, ownTopic(A)).pipe(map((f) => f.v)), '^ 10ms !').toBe('-----a', {
        a: 1,
      })
      expectObservable(made.socket.messages$, '^ 10ms !').toBe('-----a', { a: { topic: A, v: 1 } })
    })
    expect(errors[0]).to.be.instanceOf(DecodeError)
    expect((errors[0] as DecodeError).raw).to.equal('not json{')
    expect((errors[0] as DecodeError).context).to.equal('testvenue frame')
    expect(errors[1]).to.equal(venueError)
    expect(socket?.stats()).to.deep.equal({ messages: 3, lastMessageAt: 5, reconnects: 0 })
  })

  it('refuses a frame over maxFrameBytes before decoding it: an error event, then a reconnect', () => {
    const A = 'trade.A'
    const errors: VenueError[] = []
    let decoded = 0
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({
        maxFrameBytes: 64,
        decode: (text) => {
          decoded += 1
          return JSON.parse(text) as unknown
        },
      })
      socket.events$.subscribe((e) => e.type === 'error' && errors.push(e.error))
      const big = { raw: JSON.stringify({ topic: A, v: 2, pad: 'x'.repeat(64) }) }
      server.play(hot<Act>('-o-a-b 999ms -o-d', { o: 'open', a: data(A, 1), b: big, d: data(A, 3) }))
      expectObservable(lifecycle(socket), '^ 1100ms !').toBe('co---(er) 996ms C(OR)', {
        c: 'connecting #1',
        o: 'open #1',
        e: 'error decode',
        r: 'reconnecting in 1000 #1 (decode)',
        C: 'connecting #2',
        O: 'open #2',
        R: `resubscribed ${A}`,
      })
      expectObservable(socket.topic$(A, ownTopic(A)).pipe(map((f) => f.v)), '^ 1100ms !').toBe(
        '---a 1004ms d',
        { a: 1, d: 3 },
      )
      expectObservable(server.closedByClient$, '^ 1050ms !').toBe('-----a', { a: 0 })
    })
    expect(decoded).to.equal(2)
    expect(errors).to.have.length(1)
    expect(errors[0]?.retryable).to.equal(true)
    expect(errors[0]?.message).to.contain('maxFrameBytes (64)')
  })

  it('sends requests once the connection is ready and refuses them when nothing holds it', () => {
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({})
      expect(() => socket.send({ id: 0 })).to.throw(VenueError, /not connected/)
      server.play(hot<Act>('---o-r', { o: 'open', r: { frame: { id: 1, result: 'pong' } } }))
      expectObservable(socket.messages$, '^ 10ms !').toBe('-----r', { r: { id: 1, result: 'pong' } })
      hot('-s').subscribe(() => socket.send({ id: 1, method: 'ping' }))
      expectObservable(server.sent$).toBe('---s', { s: '{"id":1,"method":"ping"}' })
    })
  })

  it('completes every stream on close(), sends no unsubscribe, and refuses new subscribers', () => {
    const A = 'trade.A'
    scheduler.run(({ hot, expectObservable }) => {
      const { server, socket } = setup({})
      server.play(hot<Act>('-o', { o: 'open' }))
      hot('-----c').subscribe(() => socket.close())
      expectObservable(socket.topic$(A, ownTopic(A))).toBe('-----|')
      expectObservable(socket.state$).toBe('co---(x|)', { c: 'connecting', o: 'open', x: 'closed' })
      expectObservable(server.sent$.pipe(map(sentText))).toBe('-a', { a: `subscribe ${A}` })
      const late = socket.topic$(A, ownTopic(A)).pipe(catchError((e: VenueError) => of(e.kind)))
      expectObservable(late, '------^').toBe('------(k|)', { k: 'invalid-request' })
    })
  })

  it('counts frames and reconnects: an open after an earlier open of the same run, not after idle', () => {
    const A = 'trade.A'
    scheduler.run(({ flush }) => {
      const { server, socket } = setup({})
      // what the server does to each connection, one act a frame after it is made
      const plan: Act[][] = [
        ['drop'], // never opens: the next open is still the first
        ['open', data(A, 1), 'drop'],
        ['open', data(A, 2)], // a reconnect
        ['open'], // after the socket went idle: a fresh start
      ]
      const atOpen: number[] = []
      const frameAt: number[] = []
      socket.events$.subscribe((e) => {
        if (e.type === 'connecting') {
          const acts = plan[server.sockets.length] ?? []
          acts.forEach((act, i) => scheduler.schedule(() => server.sockets.at(-1)?.act(act), 1 + i))
        }
        if (e.type === 'open') atOpen.push(socket.stats().reconnects)
      })
      const watch = () => socket.topic$(A, batchedTopic(A)).subscribe(() => frameAt.push(scheduler.now()))
      let first = watch()
      socket.events$.subscribe((e) => {
        if (e.type !== 'open' || atOpen.length !== 2) return
        scheduler.schedule(() => first.unsubscribe(), 10)
        scheduler.schedule(() => (first = watch()), 20)
      })
      flush()
      expect(server.sockets).to.have.length(4)
      expect(atOpen).to.deep.equal([0, 1, 1])
      expect(frameAt).to.have.length(2)
      expect(socket.stats()).to.deep.equal({ messages: 2, lastMessageAt: frameAt[1], reconnects: 1 })
      first.unsubscribe()
    })
  })
})

function bybitLikeAuth(timeoutMs: number): SocketConfig['authenticate'] {
  return authByMessage({
    message: () => ({ op: 'auth', args: ['key', 1700000000000, 'signature'] }),
    matchAck: (f) =>
      isFrame(f) && f.op === 'auth' ? { ok: f.success === true, reason: f.ret_msg } : undefined,
    timeoutMs,
  })
}
