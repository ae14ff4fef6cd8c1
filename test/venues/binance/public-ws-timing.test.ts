import { expect } from 'chai'
import { of, timer } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { silentLogger } from '../../../lib/core/logging.js'
import type { BookChange } from '../../../lib/core/model.js'
import type { HttpTransport } from '../../../lib/transport/http.js'
import type { WebSocketCtor } from '../../../lib/transport/socket.js'
import type { VenueEvent } from '../../../lib/venues/venue.js'
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
      const intervals = [
        '1m',
        '3m',
        '5m',
        '15m',
        '30m',
        '1h',
        '2h',
        '4h',
        '6h',
        '12h',
        '1d',
        '1w',
        '1M',
      ] as const
      const streams = bases
        .flatMap((b) => intervals.map((i) => venue.candles$(`${b}/USDT`, i)))
        .slice(0, 1500)
      for (const stream of streams) stream.subscribe()
      timer(60_000).subscribe(() => void venue.close())
      s.flush()
      expect(server.sockets).to.have.length(2)
      for (const socket of server.sockets) {
        // close() sends its UNSUBSCRIBEs at once, right before the connection ends: not counted here
        const times = socket.sent.filter((m) => m.at < 60_000).map((m) => m.at)
        for (const at of times) {
          expect(
            times.filter((x) => x >= at && x < at + 1000).length,
            `messages in [${at}, ${at + 1000})`,
          ).to.be.at.most(5)
        }
      }
      const subscribed = server.sockets.map(
        (socket) =>
          new Set(socket.sent.filter((m) => m.method === 'SUBSCRIBE').flatMap((m) => m.params)).size,
      )
      expect(subscribed).to.deep.equal([1024, 476])
      // 6 SUBSCRIBE messages for 1024 streams take more than a second at the allowed rate
      const first = server.sockets[0]?.sent.filter((m) => m.method === 'SUBSCRIBE').map((m) => m.at) ?? []
      expect(first.length).to.equal(6)
      expect((first.at(-1) ?? 0) - (first[0] ?? 0)).to.be.at.least(1000)
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
    })
  })
})
