import { expect } from 'chai'
import sinon from 'sinon'
import {
  asyncScheduler,
  defer,
  EMPTY,
  firstValueFrom,
  map,
  take,
  type Observable,
  type Subscription,
} from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { Decimal } from '../../lib/core/decimal.js'
import type { VenueError } from '../../lib/core/errors.js'
import type { BookChange, OrderBook, VenueId } from '../../lib/core/model.js'
import { createMockVenue, type MockVenue } from '../../lib/venues/mock/index.js'
import type { Venue, VenueEvent } from '../../lib/venues/contract/index.js'
import { createClient } from '../../streams/client.js'

const scheduler = () =>
  new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })

describe('createClient', () => {
  it('creates a driver on first use and shares it between streams', async () => {
    const client = createClient({ venues: { mock: { seed: 3 } } })
    const a = client.venue('mock')
    expect(client.venue('mock')).to.equal(a)
    await client.close()
  })

  it('streams a venue book that equals the venue truth', () => {
    scheduler().run(({ flush }) => {
      // virtual time: the mock made here, not loaded on first use
      const client = createClient({ drivers: { mock: createMockVenue({ seed: 5, intervalMs: 10 }) } })
      const seen: Array<[string, string]> = []
      client
        .orderBook$('mock', 'BTC/USDT', { depth: 5 })
        .pipe(take(20))
        .subscribe((book) => {
          const truth = (client.venue('mock') as MockVenue).book('BTC/USDT')
          const text = (b: typeof book) =>
            `${b.bids.slice(0, 5).map((l) => `${l.price}:${l.size}`)}|${b.asks.slice(0, 5).map((l) => `${l.price}:${l.size}`)}`
          seen.push([text(book), text(truth)])
        })
      flush()
      expect(seen).to.have.length(20)
      for (const [view, truth] of seen) expect(view).to.equal(truth)
      void client.close()
    })
  })

  it('reports a venue it cannot make as a stream error, not a throw at the call site', () => {
    const client = createClient()
    let error: VenueError | undefined
    const stream = client.trades$('kraken' as VenueId, 'BTC/USD')
    stream.subscribe({ error: (e: VenueError) => (error = e) })
    expect(error?.kind).to.equal('invalid-request')
    expect(error?.venue).to.equal('kraken')
  })

  it('follows events of venues created after subscribing', async () => {
    const client = createClient({ drivers: { mock: createMockVenue({ seed: 1 }) } })
    const events: string[] = []
    client.events$().subscribe((e: VenueEvent) => events.push(`${e.venue} ${e.type}`))
    const sub = client.orderBook$('mock', 'BTC/USDT').subscribe()
    const mock = client.venue('mock') as MockVenue
    mock.faults.disconnect({ downMs: 0 })
    sub.unsubscribe()
    await client.close()
    expect(events.slice(0, 2)).to.deep.equal(['mock connected', 'mock disconnected'])
  })

  it('closes every driver it made or was given, and refuses use afterwards', async () => {
    const given = createMockVenue({ seed: 9 })
    const spy = sinon.spy(given, 'close')
    const client = createClient({ drivers: { mock: given } })
    expect(client.venue('mock')).to.equal(given)
    await client.close()
    expect(spy.calledOnce).to.equal(true)
    expect(() => client.venue('mock')).to.throw(/closed/)
  })

  it('gives the trading surface of a venue that can trade', async () => {
    const client = createClient({ venues: { mock: {} } })
    expect(client.account('mock').placeOrder).to.be.a('function')
    await client.close()
  })

  it('refuses, when made, a misspelt option, an unknown venue in its settings, or an option the venue lacks', () => {
    const refused: [unknown, string][] = [
      [{ venue: { bybit: {} } }, 'client: unknown option venue; did you mean venues?'],
      [{ venues: { bybt: {} } }, 'unknown venue "bybt"; did you mean bybit?'],
      // a misspelt URL would have left the driver on the venue's mainnet
      [
        { venues: { bybit: { wsURL: 'ws://127.0.0.1:9' } } },
        'bybit: unknown option wsURL; did you mean wsUrl?',
      ],
      [
        { venues: { bybit: { apikey: 'k', secret: 's' } } },
        'bybit: unknown option apikey; did you mean apiKey?',
      ],
      // names from other SDKs and the venues' docs, too far in spelling for a "did you mean"
      [
        { venues: { bybit: { apiKey: 'k', api_secret: 's' } } },
        'bybit: unknown option api_secret; did you mean secret?',
      ],
      [{ venues: { prime: { password: 'p' } } }, 'prime: unknown option password; did you mean passphrase?'],
      [
        { venues: { binance: { baseURL: 'http://x' } } },
        'binance: unknown option baseURL; did you mean restUrl?',
      ],
      [{ venues: { bybit: { sandbox: true } } }, 'bybit: unknown option sandbox; did you mean testnet?'],
      // only an option the venue has: Bybit takes no passphrase
      [{ venues: { bybit: { password: 'p' } } }, 'bybit: unknown option password; its own options:'],
      [
        { venues: { binance: { privateWsUrl: 'ws://x' } } },
        'binance: unknown option privateWsUrl; its own options: wsApiUrl, privateKey, depthUpdateSpeed, plannedReconnectMs, maxStreamsPerConnection',
      ],
      [
        { venues: { prime: { portfolio: 'p' } } },
        'prime: unknown option portfolio; did you mean portfolioId?',
      ],
      [{ venues: { bybit: 'testnet' } }, 'venues.bybit must be an object'],
      [{ venues: { mock: { sede: 7 } } }, 'mock: unknown option sede; did you mean seed, mode?'],
      // a common option of the wrong kind: a negative staleness would reconnect on every frame
      [
        { venues: { bybit: { staleAfterMs: -1 } } },
        'bybit: staleAfterMs must be a number of ms >= 0, got -1',
      ],
      [
        { venues: { binance: { recvWindowMs: '5000' } } },
        'binance: recvWindowMs must be a number of ms >= 0, got "5000"',
      ],
      [
        { venues: { coinbase: { restUrl: 'api.coinbase.com' } } },
        'coinbase: restUrl must be an http(s) or ws(s) URL, got "api.coinbase.com"',
      ],
      [{ venues: { bybit: { testnet: 'yes' } } }, 'bybit: testnet must be true or false, got "yes"'],
      // a secret read from a file keeps its newline and signs every request wrong; never shown
      [
        { venues: { bybit: { apiKey: 'k', secret: 'hunter2\n' } } },
        'bybit: secret must be a string with no whitespace around it, got one with whitespace at its end (a newline: read from a file?)',
      ],
      [
        { venues: { prime: { passphrase: ' pass' } } },
        'prime: passphrase must be a string with no whitespace around it, got one with whitespace at its start',
      ],
      [{ connectTimeoutMs: -5 }, 'client: connectTimeoutMs must be a number of ms > 0, got -5'],
      ['bybit', 'client: options must be an object, got "bybit"'],
    ]
    for (const [options, message] of refused) {
      expect(() => createClient(options as never), JSON.stringify(options))
        .to.throw(message)
        .with.property('kind', 'invalid-request')
    }
    // each venue's own options, the common ones, undefined values and a ready-made driver's settings pass
    const client = createClient({
      venues: {
        bybit: { demo: true, privateWsUrl: 'ws://127.0.0.1:9', staleAfterMs: 10_000, restUrl: undefined },
        binance: { wsApiUrl: 'ws://127.0.0.1:9', depthUpdateSpeed: '1000ms', maxStreamsPerConnection: 10 },
        prime: { passphrase: 'p', portfolioId: 'x', serviceAccountId: 'y' },
        falconx: { passphrase: 'p', platform: 'api' },
        fordefi: { poll: {}, recvWindowMs: 10_000 },
        mock: { seed: 7, intervalMs: 50 },
      },
    })
    expect(client.venue('bybit').id).to.equal('bybit')
  })

  it('fails a stream at once whose options are misspelt or of the wrong kind, naming them', async () => {
    const client = createClient({ drivers: { mock: createMockVenue({ seed: 3 }) } })
    const failures: string[] = []
    const catchIt = { error: (e: VenueError) => failures.push(`${e.kind} ${e.message}`) }
    client.orderBook$('mock', 'BTC/USDT', { depht: 10 } as never).subscribe(catchIt)
    client.orderBook$('mock', 'BTC/USDT', { depth: '10' } as never).subscribe(catchIt)
    client.bookChanges$('mock', 'BTC/USDT', { depth: 0 }).subscribe(catchIt)
    client.mergedBook$([['mock', 'BTC/USDT']], { dept: 5 } as never).subscribe(catchIt)
    client.bestBidAsk$([['mock', 'BTC/USDT']], { throttleMs: -1 }).subscribe(catchIt)
    client.spread$(['mock', 'BTC/USDT'], ['mock', 'ETH/USDT'], { stale: 1 } as never).subscribe(catchIt)
    client.health$('mock', { intervalMS: 5 } as never).subscribe(catchIt)
    expect(failures).to.deep.equal([
      'invalid-request orderBook$: unknown option depht; did you mean depth?',
      'invalid-request orderBook$: depth must be a whole number > 0, got "10"',
      'invalid-request bookChanges$: depth must be a whole number > 0, got 0',
      'invalid-request mergedBook$: unknown option dept; did you mean depth?',
      'invalid-request bestBidAsk$: throttleMs must be a number of ms >= 0, got -1',
      'invalid-request spread$: unknown option stale; valid: staleAfterMs, throttleMs',
      'invalid-request health$: unknown option intervalMS; did you mean intervalMs?',
    ])
    // valid ones still stream
    const view = await firstValueFrom(client.orderBook$('mock', 'BTC/USDT', { depth: 5, throttleMs: 0 }))
    expect(view.bids.length).to.be.at.most(5)
    await client.close()
  })

  it('names the closest known venues for a misspelt one', () => {
    const client = createClient()
    const failures: VenueError[] = []
    const catchIt = { error: (e: VenueError) => failures.push(e) }
    client.orderBook$('bianance' as VenueId, 'BTC/USDT').subscribe(catchIt)
    expect(failures.map((e) => [e.kind, e.message])).to.deep.equal([
      ['invalid-request', 'unknown venue "bianance"; did you mean binance?'],
    ])
  })

  it('knows no venue named like what every object inherits, and still closes cleanly', async () => {
    const given = createMockVenue({ seed: 3 })
    const spy = sinon.spy(given, 'close')
    const client = createClient({ drivers: { mock: given } })
    const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']
    for (const name of names) {
      expect(() => client.venue(name as VenueId), name)
        .to.throw(/unknown venue/)
        .with.property('kind', 'invalid-request')
    }
    const failures: string[] = []
    for (const ref of [...names, null, 42]) {
      client
        .orderBook$(ref as VenueId, 'BTC/USDT')
        .subscribe({ error: (e: VenueError) => failures.push(e.kind) })
    }
    expect(failures).to.deep.equal(Array.from({ length: names.length + 2 }, () => 'invalid-request'))
    expect(client.venue('mock')).to.equal(given)
    await client.close()
    expect(spy.calledOnce).to.equal(true)
  })

  it('fails an unknown symbol at once with invalid-request naming the closest listed symbols', () => {
    scheduler().run(({ flush }) => {
      const client = createClient({ drivers: { mock: createMockVenue({ seed: 2 }) } })
      let error: VenueError | undefined
      let views = 0
      client
        .orderBook$('mock', 'BTC/USDX')
        .subscribe({ next: () => (views += 1), error: (e: VenueError) => (error = e) })
      flush()
      expect(views).to.equal(0)
      expect(error?.kind).to.equal('invalid-request')
      expect(error?.message).to.match(/unknown symbol BTC\/USDX; did you mean BTC\/USDT/)
      void client.close()
    })
  })

  it('shares one book between subscribers of the same stream and replays the latest view to a late one', () => {
    scheduler().run(({ flush }) => {
      const mock = createMockVenue({ seed: 4, intervalMs: 10 })
      const opened = sinon.spy(mock, 'bookChanges$')
      const client = createClient({ drivers: { mock } })
      const first: OrderBook[] = []
      let late: OrderBook | undefined
      let lastBeforeLate: OrderBook | undefined
      const calls: number[] = []
      const a = client.orderBook$('mock', 'BTC/USDT', { depth: 5 }).subscribe((b) => first.push(b))
      const later: Subscription[] = []
      asyncScheduler.schedule(() => {
        lastBeforeLate = first.at(-1)
        later.push(client.orderBook$('mock', 'BTC/USDT', { depth: 5 }).subscribe((view) => (late ??= view)))
        calls.push(opened.callCount)
        // another depth is another book
        later.push(client.orderBook$('mock', 'BTC/USDT', { depth: 3 }).subscribe())
        calls.push(opened.callCount)
      }, 55)
      asyncScheduler.schedule(() => {
        a.unsubscribe()
        for (const s of later) s.unsubscribe()
        // after the last unsubscribe the book is gone: a new subscriber opens the venue stream again
        client.orderBook$('mock', 'BTC/USDT', { depth: 5 }).subscribe().unsubscribe()
        calls.push(opened.callCount)
      }, 100)
      flush()
      expect(first.length).to.be.greaterThan(3)
      expect(lastBeforeLate).to.not.equal(undefined)
      expect(late).to.equal(lastBeforeLate)
      expect(calls).to.deep.equal([1, 2, 3])
      void client.close()
    })
  })

  it('throttles views to the latest one per window', () => {
    const s = scheduler()
    s.run(({ expectObservable, cold }) => {
      const views = cold<OrderBook>('a-b-c-d---e|', {
        a: book('1'),
        b: book('2'),
        c: book('3'),
        d: book('4'),
        e: book('5'),
      })
      const venue = bookVenue(views)
      const client = createClient({ drivers: { mock: venue } })
      // 4 ms windows: the first view at once, then the latest at each window's end
      expectObservable(
        client
          .orderBook$('mock', 'BTC/USDT', { throttleMs: 4 })
          .pipe(map((v) => v.bids[0]?.price.toString())),
      ).toBe('a---c---d---(e|)', { a: '1', c: '3', d: '4', e: '5' })
    })
  })

  it('reports a book it had to rebuild as a resync event and marks its pair stale until it is whole', () => {
    scheduler().run(({ cold, flush }) => {
      const crossed: OrderBook = {
        ...book('1'),
        bids: [{ price: new Decimal('102'), size: new Decimal('1') }],
      }
      const feeds = [cold('a-b', { a: book('99'), b: crossed }), cold('c-|', { c: book('98') })]
      let opened = 0
      const venue = bookVenue(defer(() => feeds[opened++] ?? EMPTY))
      const client = createClient({ drivers: { mock: venue } })
      const events: string[] = []
      client.events$().subscribe((e) => events.push(`${e.type} ${e.type === 'resync' ? e.reason : ''}`))
      const quotes: string[] = []
      client
        .bestBidAsk$([['mock', 'BTC/USDT']])
        .subscribe((q) =>
          quotes.push(`${q.bid?.price.toString() ?? '-'} ${q.venues[0]?.staleReason ?? 'fresh'}`),
        )
      flush()
      expect(events).to.deep.equal(['resync crossed'])
      expect(quotes).to.deep.equal(['- connecting', '99 fresh', '- resync', '98 fresh'])
    })
  })

  it('throttles aggregate results to the latest one per window', () => {
    scheduler().run(({ expectObservable, cold }) => {
      const views = cold<OrderBook>('a-b-c-d----e|', {
        a: book('1'),
        b: book('2'),
        c: book('3'),
        d: book('4'),
        e: book('5'),
      })
      const client = createClient({ drivers: { mock: bookVenue(views) } })
      const bids = client
        .bestBidAsk$([['mock', 'BTC/USDT']], { throttleMs: 5 })
        .pipe(map((q) => q.bid?.price.toString() ?? '-'))
      // the pair's first state (connecting) opens the first window at once
      expectObservable(bids).toBe('a----c----d----(e|)', { a: '-', c: '3', d: '4', e: '5' })
    })
  })

  it('uses a driver instance given in place of a venue id', () => {
    scheduler().run(({ flush }) => {
      const mock = createMockVenue({ seed: 6, intervalMs: 10 })
      const client = createClient()
      const seen: OrderBook[] = []
      client
        .orderBook$(mock, 'BTC/USDT')
        .pipe(take(3))
        .subscribe((b) => seen.push(b))
      flush()
      expect(seen.map((b) => b.venue)).to.deep.equal(['mock', 'mock', 'mock'])
      expect(() => client.venue('mock')).to.not.throw()
      void mock.close()
    })
  })
})

/** A one-level book whose best bid is `price`, as a snapshot change. */
function book(price: string): OrderBook {
  return {
    venue: 'mock',
    symbol: 'BTC/USDT',
    bids: [{ price: new Decimal(price), size: new Decimal('1') }],
    asks: [{ price: new Decimal('100'), size: new Decimal('1') }],
    timestamp: new Date(0),
    rawTimestamp: 0,
  }
}

/** A venue whose book stream is a list of snapshots. */
function bookVenue(views: Observable<OrderBook>): Venue {
  const base = createMockVenue({ seed: 1 })
  return Object.assign(Object.create(base) as Venue, {
    bookSequence: undefined,
    bookChanges$: () =>
      views.pipe(map((v): BookChange => ({ ...v, isSnapshot: true, venue: 'mock', symbol: 'BTC/USDT' }))),
  })
}
