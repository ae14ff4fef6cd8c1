import { expect } from 'chai'
import { Subject, map, of, type Observable } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { silentLogger } from '../../../lib/core/logging.js'
import type { HttpTransport } from '../../../lib/transport/http.js'
import type { WebSocketCtor } from '../../../lib/transport/socket.js'
import type { VenueEvent } from '../../../lib/venues/contract/index.js'
import { createBybitVenue, type BybitVenue } from '../../../lib/venues/bybit/index.js'
import { bookFrame, instrumentsAnswer } from './public-fakes.js'

// ---- a WebSocket stand-in driven by the test's virtual time ----

type Act = 'open' | 'drop' | { readonly frame: unknown }

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
    const message = JSON.parse(text) as { op?: string }
    if (message.op === 'ping' && this.server.pong) {
      this.act({ frame: { success: true, ret_msg: 'pong', conn_id: 'c', op: 'ping' } })
    }
  }

  close(): void {
    if (this.readyState > 1) return
    this.readyState = 3
    this.onclose?.({ code: 1005, reason: '', wasClean: true })
  }

  act(act: Act): void {
    if (act === 'open') {
      this.readyState = 1
      this.onopen?.({})
    } else if (act === 'drop') {
      this.readyState = 3
      this.onclose?.({ code: 1006, reason: '', wasClean: false })
    } else {
      this.onmessage?.({ data: JSON.stringify(act.frame) })
    }
  }
}

class FakeServer {
  readonly sockets: FakeSocket[] = []
  readonly sent$ = new Subject<string>()
  readonly Ctor: WebSocketCtor

  constructor(readonly pong: boolean) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const server = this
    this.Ctor = class extends FakeSocket {
      constructor(url: string) {
        super(server, url)
      }
    }
  }

  /** Plays server acts against the newest socket. */
  play(script$: Observable<Act>): void {
    script$.subscribe((act) => this.sockets.at(-1)?.act(act))
  }
}

/** Answers every request with the instruments, at once (in virtual time). */
const transport: HttpTransport = {
  request: () => of({ status: 200, headers: {}, body: JSON.stringify(instrumentsAnswer()) }),
}

/** A sent frame, shortened: `subscribe orderbook.50.BTCUSDT` or `ping`. */
function sentText(text: string): string {
  const f = JSON.parse(text) as { op?: string; args?: string[] }
  return [f.op, f.args?.join(',')].filter(Boolean).join(' ')
}

function eventText(e: VenueEvent): string {
  switch (e.type) {
    case 'disconnected':
      return `disconnected: ${e.reason}`
    case 'connected':
      return e.reconnect ? 'connected again' : 'connected'
    case 'resync':
      return `resync ${e.reason}`
    default:
      return e.type
  }
}

describe('bybit public WebSocket timing (virtual time)', () => {
  let scheduler: TestScheduler

  beforeEach(() => {
    scheduler = new TestScheduler((a, b) => {
      expect(a).to.deep.equal(b)
    })
  })

  function venueOn(server: FakeServer): BybitVenue {
    return createBybitVenue({
      restUrl: 'http://bybit.test',
      wsUrl: 'wss://bybit.test/v5/public/spot',
      WebSocketCtor: server.Ctor,
      transport,
      logger: silentLogger,
      backoff: { initialMs: 1000, jitter: 'none' },
    })
  }

  it('pings every 20 s from the open, and pongs never reach a topic', () => {
    scheduler.run(({ hot, cold, expectObservable }) => {
      const server = new FakeServer(true)
      const venue = venueOn(server)
      server.play(hot('-o', { o: 'open' as const }))
      const trades = venue.trades$('BTC/USDT')
      cold('65000ms c').subscribe(() => void venue.close())
      expectObservable(server.sent$.pipe(map(sentText)), '^ 64998ms !').toBe(
        '-s 19999ms p 19999ms p 19999ms p',
        {
          s: 'subscribe publicTrade.BTCUSDT',
          p: 'ping',
        },
      )
      expectObservable(trades).toBe('65000ms |')
    })
  })

  it('a feed silent for 30 s (no pong either) is dropped and reconnected, and resubscribed', () => {
    scheduler.run(({ hot, cold, expectObservable }) => {
      const server = new FakeServer(false)
      const venue = venueOn(server)
      const topic = 'orderbook.50.BTCUSDT'
      // a snapshot, then silence; the second socket opens as soon as it exists
      server.play(
        hot('-o-s 31000ms o', {
          o: 'open' as const,
          s: { frame: bookFrame(topic, 'snapshot', 7, [['1', '2']], []) },
        }),
      )
      const events: string[] = []
      venue.events$.subscribe((e) => events.push(`${scheduler.now()} ${eventText(e)}`))
      venue.bookChanges$('BTC/USDT', { depth: 50 }).subscribe()
      cold('40000ms c').subscribe(() => void venue.close())
      expectObservable(server.sent$.pipe(map(sentText)), '^ 39998ms !').toBe('-s 19999ms p 11002ms s', {
        s: `subscribe ${topic}`,
        p: 'ping',
      })
      scheduler.flush()
      expect(events).to.deep.equal([
        '1 connected',
        '30003 disconnected: stale: no frame for 30000 ms',
        '30003 reconnecting',
        '31004 connected again',
        '31004 resync stale',
        '40000 disconnected: closed',
      ])
      expect(server.sockets.map((socket) => socket.url)).to.deep.equal([
        'wss://bybit.test/v5/public/spot',
        'wss://bybit.test/v5/public/spot',
      ])
    })
  })

  it('asks for the snapshot again when it is overdue, and takes it when it comes', () => {
    scheduler.run(({ hot, cold, expectObservable }) => {
      const server = new FakeServer(true)
      const venue = venueOn(server)
      const topic = 'orderbook.50.BTCUSDT'
      server.play(
        hot('-o 10000ms d 99ms s', {
          o: 'open' as const,
          d: { frame: bookFrame(topic, 'delta', 5, [['1', '1']], []) },
          s: { frame: bookFrame(topic, 'snapshot', 7, [['1', '2']], []) },
        }),
      )
      const changes = venue
        .bookChanges$('BTC/USDT', { depth: 50 })
        .pipe(map((c) => `${c.isSnapshot ? 'S' : 'D'}${c.sequence}`))
      cold('15000ms c').subscribe(() => void venue.close())
      // armed again by the open at 1 ms: due at 10 001 ms; the delta still in flight then is dropped
      expectObservable(server.sent$.pipe(map(sentText)), '^ 14998ms !').toBe('-s 9999ms (us)', {
        s: `subscribe ${topic}`,
        u: `unsubscribe ${topic}`,
      })
      expectObservable(changes).toBe('10102ms a 4897ms |', { a: 'S7' })
    })
  })
})
