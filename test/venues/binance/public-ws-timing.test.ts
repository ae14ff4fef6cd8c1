import { expect } from 'chai'
import { map, of, timer } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { silentLogger } from '../../../lib/core/logging.js'
import type { BookChange } from '../../../lib/core/model.js'
import type { HttpTransport } from '../../../lib/transport/http.js'
import type { WebSocketCtor } from '../../../lib/transport/socket.js'
import type { VenueEvent } from '../../../lib/venues/contract/index.js'
import { createBinanceVenue, type BinanceOptions } from '../../../lib/venues/binance/index.js'
import { depthEvent, exchangeInfo } from './public-fakes.js'

// ---- a WebSocket stand-in driven by the test's virtual time ----

class FakeSocket {
  readyState = 0
  onopen: ((e: unknown) => void) | null = null
  onclose: ((e: { code: number; reason: string; wasClean: boolean }) => void) | null = null
  onerror: ((e: unknown) => void) | null = null
  onmessage: ((e: { data: unknown }) => void) | null = null
  readonly sent: { readonly at: number; readonly method: string; readonly params: readonly string[] }[] = []

  constructor(
    private readonly server: FakeServer,
    readonly url: string,
  ) {
    server.sockets.push(this)
  }

  send(text: string): void {
    if (this.readyState !== 1) throw new Error(`send on a socket in state ${this.readyState}`)
    const m = JSON.parse(text) as { method: string; params?: string[]; id: unknown }
    this.sent.push({ at: this.server.now(), method: m.method, params: m.params ?? [] })
    // Binance answers every control message by id
    this.frame({ result: m.method === 'GET_PROPERTY' ? true : null, id: m.id })
  }

  close(): void {
    if (this.readyState > 1) return
    this.readyState = 3
    this.onclose?.({ code: 1000, reason: '', wasClean: true })
  }

  open(): void {
    this.readyState = 1
    this.onopen?.({})
  }

  /** The venue drops the connection without a close handshake. */
  drop(): void {
    this.readyState = 3
    this.onclose?.({ code: 1006, reason: '', wasClean: false })
  }

  /** The streams named in the connection URL (`/stream?streams=a/b`). */
  named(): string[] {
    return new URL(this.url).searchParams.get('streams')?.split('/') ?? []
  }

  /** The streams named by its SUBSCRIBE messages, in order, repeats kept. */
  subscribed(): string[] {
    return this.sent.filter((m) => m.method === 'SUBSCRIBE').flatMap((m) => m.params)
  }

  frame(frame: unknown): void {
    if (this.readyState === 1) this.onmessage?.({ data: JSON.stringify(frame) })
  }
}

class FakeServer {
  readonly sockets: FakeSocket[] = []
  readonly Ctor: WebSocketCtor

  constructor(readonly now: () => number) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const server = this
    this.Ctor = class extends FakeSocket {
      constructor(url: string) {
        super(server, url)
        // connections open 1 ms after they are made
        timer(1).subscribe(() => this.open())
      }
    }
  }
}

/** Answers exchangeInfo and depth at once (in virtual time); counts depth requests. */
function transport(
  extra: readonly (readonly [string, string])[],
  depth: { count: number; id: number },
): HttpTransport {
  return {
    request: (request) => {
      const path = new URL(request.url).pathname
      if (path === '/api/v3/depth') {
        depth.count += 1
        return of({
          status: 200,
          headers: {},
          body: JSON.stringify({ lastUpdateId: depth.id, bids: [], asks: [] }),
        })
      }
      return of({ status: 200, headers: {}, body: JSON.stringify(exchangeInfo(extra)) })
    },
  }
}

/** Answers depth requests from `answers` in order, each `delayMs` after it was asked; logs when each was asked. */
function scriptedDepth(
  answers: { readonly delayMs: number; readonly body: string }[],
  asked: number[],
  now: () => number,
): HttpTransport {
  return {
    request: (request) => {
      if (new URL(request.url).pathname !== '/api/v3/depth') {
        return of({ status: 200, headers: {}, body: JSON.stringify(exchangeInfo([])) })
      }
      asked.push(now())
      const answer = answers.shift() ?? { delayMs: 0, body: '{}' }
      return timer(answer.delayMs).pipe(map(() => ({ status: 200, headers: {}, body: answer.body })))
    },
  }
}

const depthBody = (lastUpdateId: number) => JSON.stringify({ lastUpdateId, bids: [['1', '1']], asks: [] })

const INTERVALS = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '12h', '1d', '1w', '1M'] as const

/** Never more than the venue's 5 incoming messages in any second of the connection. */
function expectWithinRate(socket: FakeSocket): void {
  const times = socket.sent.map((m) => m.at)
  for (const at of times) {
    expect(
      times.filter((x) => x >= at && x < at + 1000).length,
      `messages in [${at}, ${at + 1000})`,
    ).to.be.at.most(5)
  }
}

/** The connection's URL and SUBSCRIBE messages together name each of `streams` exactly once. */
function expectEachOnce(socket: FakeSocket, streams: readonly string[]): void {
  const named = [...socket.named(), ...socket.subscribed()]
  expect(named.length, 'streams named by URL and SUBSCRIBE').to.equal(new Set(named).size)
  expect([...named].sort()).to.deep.equal([...streams].sort())
}

function scheduler(): TestScheduler {
  return new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })
}

function options(
  server: FakeServer,
  http: HttpTransport,
  more: Partial<BinanceOptions> = {},
): BinanceOptions {
  return {
    restUrl: 'http://binance.test',
    wsUrl: 'wss://binance.test',
    WebSocketCtor: server.Ctor,
    transport: http,
    logger: silentLogger,
    backoff: { initialMs: 1000, jitter: 'none' },
    ...more,
  }
}

describe('binance market streams timing (virtual time)', () => {
  it('1 500 streams: two connections, never more than 5 control messages in any second on either', () => {
    const s = scheduler()
    s.run(() => {
      const server = new FakeServer(() => s.now())
      const bases = Array.from({ length: 116 }, (_, i) => `X${i}`)
      const venue = createBinanceVenue(
        options(
          server,
          transport(
            bases.map((b) => [b, 'USDT'] as const),
            { count: 0, id: 1 },
          ),
        ),
      )
      const names = bases
        .flatMap((b) => INTERVALS.map((i) => `${b.toLowerCase()}usdt@kline_${i}`))
        .slice(0, 1500)
      const streams = bases
        .flatMap((b) => INTERVALS.map((i) => venue.candles$(`${b}/USDT`, i)))
        .slice(0, 1500)
      for (const stream of streams) stream.subscribe()
      // the venue drops the full connection once it carries every stream; the reconnect is due at 31 s
      timer(30_000).subscribe(() => server.sockets[0]?.drop())
      timer(60_000).subscribe(() => void venue.close())
      s.flush()
      expect(server.sockets).to.have.length(3)
      for (const socket of server.sockets) expectWithinRate(socket)
      const [first, second, again] = server.sockets as [FakeSocket, FakeSocket, FakeSocket]
      // a connection is made by its first stream, so its URL names that one; the rest come by SUBSCRIBE
      expect([first.named(), second.named()]).to.deep.equal([[names[0]], [names[1024]]])
      expectEachOnce(first, names.slice(0, 1024))
      expectEachOnce(second, names.slice(1024))
      // 6 SUBSCRIBE messages for 1023 streams take more than a second at the allowed rate
      const sentAt = first.sent.filter((m) => m.method === 'SUBSCRIBE').map((m) => m.at)
      expect(sentAt.length).to.equal(6)
      expect((sentAt.at(-1) ?? 0) - (sentAt[0] ?? 0)).to.be.at.least(1000)
      // the reconnect names as many live streams as its URL holds, and SUBSCRIBEs only the others
      expect(again.named().length).to.be.within(100, 1023)
      expect(again.url.length).to.be.at.most(4000)
      expectEachOnce(again, names.slice(0, 1024))
      expect(again.sent.filter((m) => m.method === 'UNSUBSCRIBE')).to.deep.equal([])
      // the close at the end sends nothing: the venue drops a closed connection's streams
      expect(server.sockets.flatMap((x) => x.sent).filter((m) => m.at >= 60_000)).to.deep.equal([])
    })
  })

  it('asks for a property every 5 s at most: a quiet market shows soon that it answers', () => {
    const s = scheduler()
    s.run(() => {
      const server = new FakeServer(() => s.now())
      const venue = createBinanceVenue(options(server, transport([], { count: 0, id: 1 })))
      // trades of a market where nothing trades: its streams are in the URL, so nothing is acknowledged
      venue.trades$('ETH/BTC').subscribe()
      timer(12_000).subscribe(() => void venue.close())
      s.flush()
      const [socket] = server.sockets as [FakeSocket]
      expect(socket.named()).to.deep.equal(['ethbtc@trade'])
      // opened at 1 ms; asked 5 s on and every 5 s, well within the client's 20 s connectTimeoutMs
      expect(socket.sent.map((m) => `${m.at} ${m.method}`)).to.deep.equal([
        '5001 GET_PROPERTY',
        '10001 GET_PROPERTY',
      ])
    })
  })

  it('a planned reconnect opens a new connection, closes the old once it delivers, and keeps the book', () => {
    const s = scheduler()
    s.run(() => {
      const server = new FakeServer(() => s.now())
      const depth = { count: 0, id: 100 }
      const venue = createBinanceVenue(options(server, transport([], depth), { plannedReconnectMs: 10_000 }))
      const changes: string[] = []
      const events: VenueEvent[] = []
      venue.events$.subscribe((e) => events.push(e))
      venue
        .bookChanges$('ETH/BTC')
        .subscribe((c: BookChange) =>
          changes.push(c.isSnapshot ? `S${c.sequence}` : `D${c.firstSequence}-${c.sequence}`),
        )
      const stream = 'ethbtc@depth@100ms'
      const send = (conn: number, U: number, u: number) =>
        server.sockets[conn]?.frame({ stream, data: depthEvent('ETHBTC', U, u) })
      timer(5).subscribe(() => send(0, 99, 101))
      timer(6).subscribe(() => send(0, 102, 103))
      // the planned reconnect opens connection 1 at 10 001 ms; both carry the same events for a while
      timer(10_010).subscribe(() => {
        send(0, 104, 105)
        send(1, 104, 105)
        send(1, 106, 107)
      })
      timer(10_020).subscribe(() => send(0, 106, 107))
      timer(10_030).subscribe(() => send(1, 108, 108))
      timer(20_000).subscribe(() => void venue.close())
      s.flush()
      expect(server.sockets).to.have.length(2)
      expect(server.sockets[0]?.readyState).to.equal(3)
      expect(changes).to.deep.equal(['S100', 'D99-101', 'D102-103', 'D104-105', 'D106-107', 'D108-108'])
      expect(depth.count).to.equal(1)
      expect(events.filter((e) => e.type === 'resync')).to.have.length(0)
      // the only disconnect is the close at the end
      expect(events.filter((e) => e.type === 'disconnected').map((e) => e.at.getTime())).to.deep.equal([
        20_000,
      ])
      // the new connection names the stream in its URL; the old one closes without UNSUBSCRIBE
      const [old, next] = server.sockets as [FakeSocket, FakeSocket]
      expect([old.named(), next.named()]).to.deep.equal([[stream], [stream]])
      expect(
        [...old.sent, ...next.sent].filter((m) => m.method !== 'GET_PROPERTY'),
        'control messages besides heartbeats',
      ).to.deep.equal([])
    })
  })

  it('a snapshot answered while the connection is down is kept and serves the events after the reconnect', () => {
    const s = scheduler()
    s.run(() => {
      const server = new FakeServer(() => s.now())
      const asked: number[] = []
      const http = scriptedDepth([{ delayMs: 1050, body: depthBody(150) }], asked, () => s.now())
      const venue = createBinanceVenue(options(server, http))
      const changes: string[] = []
      const resyncs: string[] = []
      venue.events$.subscribe((e) => e.type === 'resync' && resyncs.push(e.reason))
      venue.bookChanges$('ETH/BTC').subscribe({
        next: (c) => changes.push(c.isSnapshot ? `S${c.sequence}` : `D${c.firstSequence}-${c.sequence}`),
        error: (e: unknown) => changes.push(String(e)),
      })
      const stream = 'ethbtc@depth@100ms'
      const send = (conn: number, U: number, u: number) =>
        server.sockets[conn]?.frame({ stream, data: depthEvent('ETHBTC', U, u) })
      timer(5).subscribe(() => send(0, 99, 101))
      // dropped at 20 ms; the new connection opens at 1 021 ms; the snapshot comes at 1 055 ms, before any event
      timer(20).subscribe(() => server.sockets[0]?.drop())
      timer(1100).subscribe(() => send(1, 140, 160))
      timer(1200).subscribe(() => send(1, 161, 170))
      timer(5000).subscribe(() => void venue.close())
      s.flush()
      expect(asked).to.deep.equal([5])
      expect(resyncs).to.deep.equal(['reconnect'])
      expect(changes).to.deep.equal(['S150', 'D140-160', 'D161-170'])
    })
  })

  it('an unreadable snapshot is asked for again after a growing backoff, then the book starts', () => {
    const s = scheduler()
    s.run(() => {
      const server = new FakeServer(() => s.now())
      const asked: number[] = []
      const html = { delayMs: 0, body: '<html>bad gateway</html>' }
      const http = scriptedDepth([html, html, { delayMs: 0, body: depthBody(100) }], asked, () => s.now())
      const venue = createBinanceVenue(options(server, http, { backoff: { initialMs: 200, jitter: 'none' } }))
      const changes: string[] = []
      const decodeErrors: string[] = []
      venue.events$.subscribe((e) => e.type === 'decode-error' && decodeErrors.push(e.channel))
      venue.bookChanges$('ETH/BTC').subscribe({
        next: (c) => changes.push(c.isSnapshot ? `S${c.sequence}` : `D${c.firstSequence}-${c.sequence}`),
        error: (e: unknown) => changes.push(`error ${String(e)}`),
      })
      const stream = 'ethbtc@depth@100ms'
      timer(5).subscribe(() => server.sockets[0]?.frame({ stream, data: depthEvent('ETHBTC', 99, 101) }))
      timer(5000).subscribe(() => void venue.close())
      s.flush()
      expect(asked).to.deep.equal([5, 205, 605])
      expect(decodeErrors).to.deep.equal(['rest', 'rest'])
      expect(changes).to.deep.equal(['S100', 'D99-101'])
    })
  })
})
