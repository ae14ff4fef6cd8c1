import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { Subject, map, of, type Observable } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { silentLogger } from '../../../lib/core/logging.js'
import type { UnifiedSymbol } from '../../../lib/core/model.js'
import type { HttpTransport } from '../../../lib/transport/http.js'
import type { WebSocketCtor } from '../../../lib/transport/socket.js'
import type { VenueEvent } from '../../../lib/venues/contract/index.js'
import { createCoinbaseVenue, type CoinbaseVenue } from '../../../lib/venues/coinbase/index.js'

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

  constructor() {
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

const BASES = ['BTC', 'ETH', 'SOL', 'ADA', 'DOT', 'XRP', 'LTC', 'BCH', 'LINK', 'UNI'] as const
const product = JSON.parse(
  readFileSync(new URL('../../fixtures/coinbase/rest-product.json', import.meta.url), 'utf8'),
) as Record<string, unknown>

/** Answers the listing with ten USD products, at once (in virtual time). */
const transport: HttpTransport = {
  request: () =>
    of({
      status: 200,
      headers: {},
      body: JSON.stringify({
        products: BASES.map((base) => ({ ...product, product_id: `${base}-USD`, base_currency_id: base })),
        num_products: BASES.length,
      }),
    }),
}

/** A sent frame, shortened: `subscribe level2 BTC-USD` or `subscribe heartbeats`. */
function sentText(text: string): string {
  const f = JSON.parse(text) as { type: string; channel: string; product_ids?: string[] }
  return [f.type, f.channel, f.product_ids?.join(',')].filter(Boolean).join(' ')
}

/** A frame of the venue on channel `channel`, numbered `n` on its connection. */
function frameOf(channel: string, n: number, events: unknown[]): { frame: unknown } {
  return {
    frame: { channel, client_id: '', timestamp: '2026-04-07T14:30:01.456789Z', sequence_num: n, events },
  }
}

const snapshot = (n: number) =>
  frameOf('l2_data', n, [
    {
      type: 'snapshot',
      product_id: 'BTC-USD',
      updates: [{ side: 'bid', event_time: '1970-01-01T00:00:00Z', price_level: '1', new_quantity: '2' }],
    },
  ])
const heartbeat = (n: number) => frameOf('heartbeats', n, [{ current_time: 'now', heartbeat_counter: n }])

describe('coinbase market socket timing (virtual time)', () => {
  let scheduler: TestScheduler

  beforeEach(() => {
    scheduler = new TestScheduler((a, b) => {
      expect(a).to.deep.equal(b)
    })
  })

  function venueOn(server: FakeServer): CoinbaseVenue {
    return createCoinbaseVenue({
      restUrl: 'http://coinbase.test',
      wsUrl: 'wss://coinbase.test',
      WebSocketCtor: server.Ctor,
      transport,
      logger: silentLogger,
      backoff: { initialMs: 1000, jitter: 'none' },
    })
  }

  it('subscribes heartbeats first, one channel a message, at most 8 messages a second', () => {
    scheduler.run(({ hot, cold, expectObservable }) => {
      const server = new FakeServer()
      const venue = venueOn(server)
      server.play(hot('-o', { o: 'open' as const }))
      for (const base of BASES) venue.bookChanges$(`${base}/USD` as UnifiedSymbol).subscribe()
      cold('3000ms c').subscribe(() => void venue.close())
      const level2 = (bases: readonly string[]) => bases.map((b) => `subscribe level2 ${b}-USD`)
      const sent: string[] = []
      server.sent$.subscribe((text) => sent.push(`${scheduler.now()} ${sentText(text)}`))
      expectObservable(server.sent$.pipe(map(() => 'x')), '^ 2998ms !').toBe('-(xxxxxxxx) 990ms (xxx)')
      scheduler.flush()
      expect(sent).to.deep.equal([
        '1 subscribe heartbeats',
        ...level2(BASES.slice(0, 7)).map((s) => `1 ${s}`),
        ...level2(BASES.slice(7)).map((s) => `1001 ${s}`),
      ])
    })
  })

  it('a number skipped on the connection, between heartbeats, resubscribes the book: a resync (gap)', () => {
    scheduler.run(({ hot, cold, expectObservable }) => {
      const server = new FakeServer()
      const venue = venueOn(server)
      server.play(
        hot('-o-s-h-h-s', { o: 'open' as const, s: snapshot(0), h: heartbeat(1) }).pipe(
          // numbers 0 (snapshot), 1, then 3: number 2 was lost; the second snapshot answers the resubscribe
          map((act, i) => (i === 3 ? heartbeat(3) : i === 4 ? snapshot(4) : act)),
        ),
      )
      const events: string[] = []
      venue.events$.subscribe((e: VenueEvent) => {
        if (e.type === 'resync') events.push(`${scheduler.now()} resync ${e.reason}`)
      })
      const changes = venue
        .bookChanges$('BTC/USD')
        .pipe(map((c) => `${c.isSnapshot ? 'S' : 'D'}${c.sequence}`))
      cold('100ms c').subscribe(() => void venue.close())
      expectObservable(server.sent$.pipe(map(sentText)), '^ 98ms !').toBe('-(hs) 2ms (us)', {
        h: 'subscribe heartbeats',
        s: 'subscribe level2 BTC-USD',
        u: 'unsubscribe level2 BTC-USD',
      })
      expectObservable(changes).toBe('---a-----b 90ms |', { a: 'S0', b: 'S4' })
      scheduler.flush()
      expect(events).to.deep.equal(['7 resync gap'])
    })
  })

  it('a new connection counts from its first frame: no gap after a reconnect', () => {
    scheduler.run(({ hot, cold, expectObservable }) => {
      const server = new FakeServer()
      const venue = venueOn(server)
      server.play(
        hot('-o-s-h-d 1500ms o-s-h', {
          o: 'open' as const,
          s: snapshot(0),
          h: heartbeat(1),
          d: 'drop' as const,
        }),
      )
      const events: string[] = []
      venue.events$.subscribe((e: VenueEvent) => {
        if (e.type === 'resync') events.push(`resync ${e.reason}`)
      })
      const changes = venue
        .bookChanges$('BTC/USD')
        .pipe(map((c) => `${c.isSnapshot ? 'S' : 'D'}${c.sequence}`))
      cold('3000ms c').subscribe(() => void venue.close())
      expectObservable(changes).toBe('---a 1506ms b 1489ms |', { a: 'S0', b: 'S0' })
      scheduler.flush()
      expect(events).to.deep.equal(['resync reconnect'])
    })
  })
})
