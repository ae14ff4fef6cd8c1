import { expect } from 'chai'
import fc from 'fast-check'
import { catchError, map, of, take, type Subscription } from 'rxjs'
import sinon from 'sinon'
import { Decimal } from '../../lib/core/decimal.js'
import { VenueError } from '../../lib/core/errors.js'
import type { Candle, Trade, UnifiedSymbol } from '../../lib/core/model.js'
import {
  createMockVenue,
  type MockBookStep,
  type MockInstrumentOptions,
} from '../../lib/venues/mock/index.js'
import type { VenueEvent } from '../../lib/venues/contract/index.js'
import { changeText, d, levelsText, LocalBook, testScheduler } from './support.js'

const BTC: UnifiedSymbol = 'BTC/USDT'
const TST: MockInstrumentOptions = { symbol: 'TST/USD', tickSize: '0.5', lotSize: '0.001', minNotional: '1' }
const T: UnifiedSymbol = 'TST/USD'
const START: MockBookStep = {
  snapshot: true,
  bids: [
    ['100', '1'],
    ['99', '2'],
  ],
  asks: [
    ['101', '1'],
    ['102', '2'],
  ],
}

/** The first `count` changes of a random BTC/USDT book, as text with timestamps. */
function recordRandom(seed: number, count: number, alsoWatch: readonly UnifiedSymbol[] = []): string[] {
  const out: string[] = []
  testScheduler().run(() => {
    const mock = createMockVenue({ seed })
    for (const s of alsoWatch) mock.bookChanges$(s).pipe(take(count)).subscribe()
    mock
      .bookChanges$(BTC)
      .pipe(take(count))
      .subscribe((c) => out.push(`${c.timestamp.getTime()} ${changeText(c)}`))
  })
  return out
}

function candleText(c: Candle): string {
  const ohlc = [c.open, c.high, c.low, c.close].map((x) => x.toString()).join('/')
  return `${c.timestamp.getTime()} ${ohlc} v${c.volume.toString()} q${c.quoteVolume?.toString()} ${c.closed ? 'closed' : 'open'}`
}

describe('mock venue: market data', () => {
  describe('seeded random books', () => {
    it('replays the same changes, at the same times, for the same seed', () => {
      const a = recordRandom(7, 40)
      expect(a).to.have.length(40)
      expect(a[0]).to.match(/^0 S1 /)
      expect(recordRandom(7, 40)).to.deep.equal(a)
    })

    it('gives a different book for a different seed', () => {
      expect(recordRandom(8, 40)).to.not.deep.equal(recordRandom(7, 40))
    })

    it('moves each symbol independently of which other markets are watched', () => {
      expect(recordRandom(7, 40, ['ETH/USDT'])).to.deep.equal(recordRandom(7, 40))
    })

    it('never crosses, numbers changes consecutively and matches the venue truth, with user orders resting in it', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
          testScheduler().run(() => {
            const mock = createMockVenue({ seed, changesPerStep: 4 })
            const full = new LocalBook()
            const top = new LocalBook()
            const subs: Subscription[] = [
              mock.bookChanges$(BTC).subscribe((c) => full.apply(c)),
              mock.bookChanges$(BTC, { depth: 5 }).subscribe((c) => top.apply(c)),
            ]
            for (let i = 0; i < 30; i++) {
              mock.advance(BTC, 5)
              // Rest small orders at the top so the market's own trades fill them.
              const bid = mock.book(BTC).bids[0]?.price
              const ask = mock.book(BTC).asks[0]?.price
              if (bid && ask && ask.minus(bid).gt('0.01')) {
                const side = i % 2 === 0 ? 'buy' : 'sell'
                const price = side === 'buy' ? bid.plus('0.01') : ask.minus('0.01')
                mock.trading
                  .placeOrder({ symbol: BTC, side, type: 'limit', price, quantity: d('0.01') })
                  .subscribe()
              }
            }
            const truth = mock.book(BTC)
            expect(full.changes).to.be.greaterThan(30)
            expect(levelsText(full.levels('bids'))).to.equal(levelsText(truth.bids))
            expect(levelsText(full.levels('asks'))).to.equal(levelsText(truth.asks))
            expect(levelsText(top.levels('bids'))).to.equal(levelsText(truth.bids.slice(0, 5)))
            expect(levelsText(top.levels('asks'))).to.equal(levelsText(truth.asks.slice(0, 5)))
            for (const level of [...truth.bids, ...truth.asks]) {
              expect(level.price.mod('0.01').isZero() && level.size.mod('0.00001').isZero()).to.equal(true)
            }
            subs.forEach((s) => s.unsubscribe())
          })
        }),
        { numRuns: 12 },
      )
    })
  })

  describe('scripted books', () => {
    const script = {
      [T]: [
        START,
        { bids: [['100', '0.5']] },
        { asks: [['100.5', '1']] },
        { trades: [{ side: 'buy', size: '1.5' }] },
      ] satisfies MockBookStep[],
    }

    it('starts from the first step and applies one more per interval while watched', () => {
      testScheduler().run(({ expectObservable }) => {
        const mock = createMockVenue({ instruments: [TST], script })
        expectObservable(mock.bookChanges$(T).pipe(map(changeText)), '^ 350ms !').toBe(
          'a 99ms b 99ms c 99ms d',
          {
            a: 'S1 b[100:1 99:2] a[101:1 102:2]',
            b: 'D2 b[100:0.5] a[]',
            c: 'D3 b[] a[100.5:1]',
            d: 'D4 b[] a[100.5:0 101:0.5]',
          },
        )
        expectObservable(
          mock.trades$(T).pipe(map((t) => `${t.side} ${t.price.toString()} ${t.size.toString()}`)),
          '^ 350ms !',
        ).toBe('300ms (xy)', { x: 'buy 100.5 1', y: 'buy 101 0.5' })
      })
    })

    it('does not move while nobody watches, and push applies a step at once', () => {
      testScheduler().run(({ expectObservable, cold }) => {
        const mock = createMockVenue({ instruments: [TST], script })
        cold('500ms a').subscribe(() => mock.push(T, { asks: [['101', '3']] }))
        expect(levelsText(mock.book(T).bids)).to.equal('100:1 99:2')
        expectObservable(mock.bookChanges$(T, { depth: 1 }).pipe(map(changeText)), '600ms ^ 50ms !').toBe(
          '600ms a',
          {
            a: 'S1 b[100:1] a[101:3]',
          },
        )
      })
    })

    it('trims a depth-limited stream: a level moving into view is added, one pushed out is removed', () => {
      testScheduler().run(() => {
        const mock = createMockVenue({ instruments: [TST], script: { [T]: [START] } })
        const seen: string[] = []
        const sub = mock
          .bookChanges$(T, { depth: 1 })
          .pipe(map(changeText))
          .subscribe((c) => seen.push(c))
        mock.push(T, { bids: [['99', '5']] })
        mock.push(T, { bids: [['100.5', '1']] })
        mock.push(T, { bids: [['100.5', '0']] })
        mock.push(T, { bids: [['100', '0']] })
        sub.unsubscribe()
        expect(seen).to.deep.equal([
          'S1 b[100:1] a[101:1]',
          'D2 b[100.5:1 100:0] a[]',
          'D3 b[100.5:0 100:1] a[]',
          'D4 b[100:0 99:5] a[]',
        ])
      })
    })

    it('gives a late subscriber the current book at the current sequence, then the same deltas', () => {
      testScheduler().run(() => {
        const mock = createMockVenue({ instruments: [TST], script: { [T]: [START] } })
        const first: string[] = []
        const late: string[] = []
        mock.bookChanges$(T).subscribe((c) => first.push(changeText(c)))
        mock.push(T, { asks: [['101', '4']] })
        mock.bookChanges$(T).subscribe((c) => late.push(changeText(c)))
        mock.push(T, { bids: [['99', '0']] })
        expect(first).to.deep.equal(['S1 b[100:1 99:2] a[101:1 102:2]', 'D2 b[] a[101:4]', 'D3 b[99:0] a[]'])
        expect(late).to.deep.equal(['S2 b[100:1 99:2] a[101:4 102:2]', 'D3 b[99:0] a[]'])
        void mock.close()
      })
    })

    it('refuses a script step off tick or lot, before anything runs', () => {
      const bad = (step: MockBookStep) => () =>
        createMockVenue({ instruments: [TST], script: { [T]: [step] } })
      expect(bad({ bids: [['100.25', '1']] })).to.throw(VenueError, /tick/)
      expect(bad({ asks: [['101', '0.0001']] })).to.throw(VenueError, /lot/)
      expect(bad({ trades: [{ side: 'buy', size: '0' }] })).to.throw(VenueError, /trade size/)
      const mock = createMockVenue({ instruments: [TST], script: { [T]: [START] } })
      expect(() => mock.push(T, { bids: [['-1', '1']] })).to.throw(VenueError, /tick/)
      expect(() => mock.push('NOPE/USD', {})).to.throw(VenueError, /unknown symbol/)
    })
  })

  describe('tickers and candles', () => {
    it('reports best prices from the book and statistics from its trades', () => {
      testScheduler().run(() => {
        const mock = createMockVenue({ instruments: [TST], script: { [T]: [START] } })
        const tickers: string[] = []
        mock
          .ticker$(T)
          .subscribe((t) =>
            tickers.push(
              [t.bid, t.bidSize, t.ask, t.askSize, t.last, t.high24h, t.low24h, t.volume24h, t.quoteVolume24h]
                .map((x) => x?.toString() ?? '-')
                .join(' '),
            ),
          )
        mock.push(T, { trades: [{ side: 'buy', size: '1.5' }] })
        mock.push(T, { trades: [{ side: 'sell', size: '0.25' }] })
        mock.push(T, { asks: [['110', '1']] }) // below the top: no visible change
        expect(tickers).to.deep.equal([
          '100 1 101 1 - - - 0 0',
          '100 1 102 1.5 102 102 101 1.5 152',
          '100 0.75 102 1.5 100 102 100 1.75 177',
        ])
        void mock.close()
      })
    })

    it('streams the forming candle and closes it when the next interval starts', () => {
      testScheduler().run(({ expectObservable }) => {
        const mock = createMockVenue({
          instruments: [TST],
          intervalMs: 20_000,
          script: {
            [T]: [
              START,
              { trades: [{ side: 'buy', size: '0.5' }] },
              { trades: [{ side: 'sell', size: '0.5' }] },
              { trades: [{ side: 'buy', size: '0.5' }] },
            ],
          },
        })
        expectObservable(mock.candles$(T, '1m').pipe(map(candleText)), '^ 70s !').toBe(
          '20s a 19999ms b 19999ms (cd)',
          {
            a: '0 101/101/101/101 v0.5 q50.5 open',
            b: '0 101/101/100/100 v1 q100.5 open',
            c: '0 101/101/100/100 v1 q100.5 closed',
            d: '60000 101/101/101/101 v0.5 q50.5 open',
          },
        )
      })
    })

    it('pages candle and trade history lazily, oldest first, one request per page', () => {
      testScheduler().run(({ expectObservable, cold }) => {
        const steps: MockBookStep[] = [{ snapshot: true, bids: [['100', '100']], asks: [['101', '100']] }]
        for (let i = 0; i < 5; i++) steps.push({ trades: [{ side: i % 2 ? 'sell' : 'buy', size: '1' }] })
        const mock = createMockVenue({
          instruments: [TST],
          intervalMs: 30_000,
          historyPageSize: 2,
          script: { [T]: steps },
        })
        mock.bookChanges$(T).pipe(take(6)).subscribe() // trades at 30 s, 60 s, ..., 150 s
        mock.faults.latency(10)
        const range = { from: new Date(0), to: new Date(180_000) }
        const tradeText = map((t: Trade) => `${t.timestamp.getTime() / 1000}${t.side}`)
        expectObservable(
          mock.candleHistory(T, { ...range, interval: '1m' }).pipe(map(candleText)),
          '200s ^',
        ).toBe('200010ms (ab) 6ms (c|)', {
          a: '0 101/101/101/101 v1 q101 closed',
          b: '60000 100/101/100/101 v2 q201 closed',
          c: '120000 100/101/100/101 v2 q201 closed',
        })
        expectObservable(mock.tradeHistory(T, range).pipe(tradeText), '200s ^').toBe(
          '200010ms (ab) 6ms (cd) 6ms (e|)',
          {
            a: '30buy',
            b: '60sell',
            c: '90buy',
            d: '120sell',
            e: '150buy',
          },
        )
        // A failure injected after the first page was answered hits the request for the second.
        cold('300015ms a').subscribe(() =>
          mock.faults.failNext(1, 'temporary', { operation: 'tradeHistory' }),
        )
        expectObservable(
          mock.tradeHistory(T, range).pipe(
            tradeText,
            catchError((e: VenueError) => of(`error ${e.kind}`)),
          ),
          '300s ^',
        ).toBe('300010ms (ab) 6ms (c|)', { a: '30buy', b: '60sell', c: 'error temporary' })
      })
    })
  })

  describe('connections and lifecycle', () => {
    it('reports the public connection opening with the first stream and going idle after the last', () => {
      testScheduler().run(({ expectObservable }) => {
        const mock = createMockVenue({ instruments: [TST], script: { [T]: [START] } })
        const text = (e: VenueEvent) => `${e.type} ${'channel' in e ? e.channel : ''}`
        expectObservable(mock.events$.pipe(map(text))).toBe('10ms a 89ms b', {
          a: 'connected public',
          b: 'disconnected public',
        })
        expectObservable(mock.trades$(T), '10ms ^ 50ms !').toBe('')
        expectObservable(mock.ticker$(T).pipe(map(() => 't')), '20ms ^ 79ms !').toBe('20ms t')
      })
    })

    it('fails a stream or request for an unknown symbol with invalid-request, at subscription', () => {
      const mock = createMockVenue()
      const seen: unknown[] = []
      const stream = mock.trades$('NOPE/USDT')
      expect(seen).to.deep.equal([])
      stream.subscribe({ error: (e) => seen.push(e) })
      mock.trading.openOrders('NOPE/USDT').subscribe({ error: (e) => seen.push(e) })
      expect(seen.map((e) => (e as VenueError).kind)).to.deep.equal(['invalid-request', 'invalid-request'])
    })

    it('fails history whose ends are not times, or whose interval is an inherited name, with invalid-request', () => {
      const mock = createMockVenue()
      const seen: unknown[] = []
      const fail = { error: (e: unknown) => seen.push(e) }
      const bad = { from: 0, to: 'tomorrow' } as never
      mock.tradeHistory(BTC, bad).subscribe(fail)
      mock.candleHistory(BTC, { interval: '1m', ...(bad as object) } as never).subscribe(fail)
      mock
        .candleHistory(BTC, { interval: 'constructor', from: new Date(0), to: new Date(1) } as never)
        .subscribe(fail)
      mock.tradeHistory(BTC, null as never).subscribe(fail)
      expect(seen.map((e) => (e as VenueError).kind)).to.deep.equal(Array(4).fill('invalid-request'))
    })

    it('leaves no timer behind once every stream is unsubscribed', () => {
      const clock = sinon.useFakeTimers()
      try {
        const mock = createMockVenue()
        const subs = [
          mock.bookChanges$(BTC).subscribe(),
          mock.trades$('ETH/USDT').subscribe(),
          mock.candles$(BTC, '1m').subscribe(),
        ]
        clock.tick(1000)
        expect(clock.countTimers()).to.be.greaterThan(0)
        subs.forEach((s) => s.unsubscribe())
        expect(clock.countTimers()).to.equal(0)
      } finally {
        clock.restore()
      }
    })

    it('close completes every stream, fails requests in flight and later calls, and stops all timers', async () => {
      const clock = sinon.useFakeTimers()
      try {
        const mock = createMockVenue()
        const log: string[] = []
        const watch = (name: string) => ({
          complete: () => log.push(`${name} complete`),
          error: (e: VenueError) => log.push(`${name} ${e.kind}`),
        })
        mock.bookChanges$(BTC).subscribe(watch('book'))
        mock.trading.orderUpdates$().subscribe(watch('orders'))
        mock.events$.subscribe(watch('events'))
        clock.tick(550)
        mock.faults.latency(1000)
        mock.trading.balances().subscribe(watch('balances'))
        mock.faults.disconnect({ downMs: 5000 })
        await mock.close()
        expect(clock.countTimers()).to.equal(0)
        mock.instruments().subscribe(watch('instruments'))
        mock.trades$(BTC).subscribe(watch('trades'))
        expect(log).to.deep.equal([
          'book complete',
          'orders complete',
          'balances network',
          'events complete',
          'instruments invalid-request',
          'trades invalid-request',
        ])
      } finally {
        clock.restore()
      }
    })

    it('close leaves no pending action on a TestScheduler', () => {
      const scheduler = testScheduler()
      const mock = createMockVenue({ scheduler })
      mock.bookChanges$(BTC).subscribe()
      mock.ticker$('ETH/USDT').subscribe()
      mock.faults.latency(50)
      mock.instruments().subscribe({ error: () => undefined })
      scheduler.schedule(() => void mock.close(), 30)
      scheduler.flush()
      expect(scheduler.actions).to.have.length(0)
      expect(scheduler.frame).to.equal(30)
    })
  })

  it('uses the options it is given: id, instruments, balances', async () => {
    const mock = createMockVenue({
      id: 'bybit',
      instruments: [{ ...TST, status: 'halted' }],
      balances: { USD: '12.5' },
    })
    const instruments = await new Promise<readonly { symbol: string; venue: string; tickSize: Decimal }[]>(
      (resolve) => mock.instruments().subscribe(resolve),
    )
    expect(instruments.map((i) => [i.venue, i.symbol, i.tickSize.toString()])).to.deep.equal([
      ['bybit', T, '0.5'],
    ])
    expect(mock.balance('USD').free.toString()).to.equal('12.5')
    expect(() => createMockVenue({ intervalMs: 0 })).to.throw(VenueError, /intervalMs/)
    expect(() => createMockVenue({ fees: { taker: '1.5' } })).to.throw(VenueError, /fee/)
    expect(() => createMockVenue({ balances: { USD: '-1' } })).to.throw(VenueError, /balance of USD/)
    expect(() => createMockVenue({ instruments: [{ ...TST, startPrice: '100.2' }] })).to.throw(
      VenueError,
      /startPrice/,
    )
    expect(() => createMockVenue({ script: { 'XYZ/USD': [] } })).to.throw(VenueError, /unknown instrument/)
  })
})
