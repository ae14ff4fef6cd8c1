import { expect } from 'chai'
import { ReplaySubject, filter, firstValueFrom, merge, skip, type Observable, type Subscription } from 'rxjs'
import { silentLogger } from '../../../lib/core/logging.js'
import type { BookChange, CandleInterval } from '../../../lib/core/model.js'
import type { VenueEvent } from '../../../lib/venues/contract/index.js'
import {
  createBinanceVenue,
  type BinanceVenue,
  type BinanceOptions,
} from '../../../lib/venues/binance/index.js'
import { orderBook$ } from '../../../lib/venues/kit/book-stream.js'
import { AsyncRest, depthEvent, exchangeInfo, FakeBinanceWs, type FakeAnswer } from './public-fakes.js'

/** Subscribes at once and keeps everything the stream does, to be awaited by count. */
class Recorder<T> {
  readonly items: T[] = []
  private readonly items$ = new ReplaySubject<T>()
  private readonly end$ = new ReplaySubject<{ error?: unknown }>()
  readonly subscription: Subscription

  constructor(source: Observable<T>) {
    this.subscription = source.subscribe({
      next: (v) => {
        this.items.push(v)
        this.items$.next(v)
      },
      error: (error: unknown) => this.end$.next({ error }),
      complete: () => this.end$.next({}),
    })
  }

  nth(n: number): Promise<T> {
    return firstValueFrom(this.items$.pipe(skip(n - 1)))
  }

  first(match: (item: T) => boolean): Promise<T> {
    return firstValueFrom(this.items$.pipe(filter(match)))
  }
}

const STREAM = 'ethbtc@depth@100ms'

/** A change as one line: `S105` for a snapshot at 105, `D104-106<105` for a delta U..u after 105. */
function text(c: BookChange): string {
  return c.isSnapshot
    ? `S${c.sequence}`
    : `D${String(c.firstSequence)}-${String(c.sequence)}<${String(c.previousSequence)}`
}

/** A promise and its resolver, for an answer the test holds back. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve: (v: T) => void = () => undefined
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

const snapshot = (lastUpdateId: number): FakeAnswer => ({
  body: { lastUpdateId, bids: [['0.0024', '10']], asks: [['0.0026', '100']] },
})

describe('binance market streams (local ws + http fakes)', () => {
  let rest: AsyncRest
  let ws: FakeBinanceWs
  let venue: BinanceVenue
  let events: Recorder<VenueEvent>
  /** Depth answers, in order; each is taken by one request. */
  let answers: (FakeAnswer | Promise<FakeAnswer>)[]

  async function start(
    options: Partial<BinanceOptions> = {},
    extra: readonly (readonly [string, string])[] = [],
  ) {
    answers = []
    rest = await AsyncRest.start({
      '/api/v3/exchangeInfo': () => ({ body: exchangeInfo(extra) }),
      '/api/v3/depth': () => answers.shift() ?? { status: 500, body: { code: -1000, msg: 'no answer' } },
    })
    ws = await FakeBinanceWs.start()
    venue = createBinanceVenue({
      restUrl: rest.url,
      wsUrl: ws.url,
      logger: silentLogger,
      backoff: { initialMs: 0, jitter: 'none' },
      ...options,
    })
    events = new Recorder(venue.events$)
  }

  const resyncs = () => events.items.flatMap((e) => (e.type === 'resync' ? [e.reason] : []))
  const snapshotLimits = () =>
    rest.requests.filter((r) => r.path === '/api/v3/depth').map((r) => r.query.get('limit'))
  const snapshotAsked = () => firstValueFrom(rest.requested$.pipe(filter((p) => p === '/api/v3/depth')))

  /** Resolves once the driver has read everything sent before on `conn` (a malformed frame marks it). */
  async function drained(conn = 0): Promise<void> {
    const seen = events.items.filter((e) => e.type === 'decode-error').length
    ws.raw(conn, `not json ${seen}`)
    await events.first((e) => e.type === 'decode-error' && e.error.raw === `not json ${seen}`)
  }

  afterEach(async () => {
    await venue.close()
    await ws.close()
    await rest.close()
  })

  it('names the streams live at connect in the URL and SUBSCRIBEs only later ones; the close unsubscribes nothing', async () => {
    await start()
    const book = new Recorder(venue.bookChanges$('ETH/BTC'))
    const ticker = new Recorder(venue.ticker$('ETH/BTC'))
    await ws.opened(0)
    expect(ws.urls[0]).to.equal(`/stream?streams=${STREAM}/ethbtc@bookTicker`)
    const trades = new Recorder(venue.trades$('ETH/BTC'))
    const subscribe = (await ws.next(0, (s) => s.json?.method === 'SUBSCRIBE')).json
    expect(subscribe?.params).to.deep.equal(['ethbtc@trade'])
    expect(typeof subscribe?.id).to.equal('number')
    trades.subscription.unsubscribe()
    const unsubscribe = await ws.next(0, (s) => s.json?.method === 'UNSUBSCRIBE')
    expect(unsubscribe.json?.params).to.deep.equal(['ethbtc@trade'])
    ticker.subscription.unsubscribe()
    book.subscription.unsubscribe()
    await ws.next(0, (s) => s.kind === 'close')
    const control = ws
      .messages(0)
      .filter((m) => m.method !== 'GET_PROPERTY')
      .map((m) => `${String(m.method)} ${m.params?.join(',')}`)
    // the ticker and the book leave together: the close ends both streams at the venue
    expect(control).to.deep.equal(['SUBSCRIBE ethbtc@trade', 'UNSUBSCRIBE ethbtc@trade'])
  })

  it('case 1: a snapshot older than the first buffered event is fetched again', async () => {
    await start()
    answers.push(snapshot(100), snapshot(103))
    const book = new Recorder(venue.bookChanges$('ETH/BTC'))
    await ws.subscribed(0, STREAM)
    ws.event(0, STREAM, depthEvent('ETHBTC', 101, 103, [['0.0023', '1']]))
    const first = await book.nth(1)
    expect(text(first)).to.equal('S103')
    expect(rest.to('/api/v3/depth')).to.equal(2)
    expect(rest.requests.find((r) => r.path === '/api/v3/depth')?.query.toString()).to.equal(
      'symbol=ETHBTC&limit=1000',
    )
    ws.event(0, STREAM, depthEvent('ETHBTC', 104, 106, [['0.0023', '2']]))
    expect(text(await book.nth(2))).to.equal('D104-106<103')
    expect(resyncs()).to.deep.equal([])
  })

  it('case 2: a snapshot newer than several buffered events drops u <= lastUpdateId and starts at the straddling event', async () => {
    await start()
    const held = deferred<FakeAnswer>()
    answers.push(held.promise)
    const book = new Recorder(venue.bookChanges$('ETH/BTC'))
    await ws.subscribed(0, STREAM)
    ws.event(0, STREAM, depthEvent('ETHBTC', 101, 103, [['0.0023', '1']]))
    ws.event(0, STREAM, depthEvent('ETHBTC', 104, 106, [['0.0023', '2']]))
    ws.event(0, STREAM, depthEvent('ETHBTC', 107, 110, [], [['0.0027', '5']]))
    await drained()
    expect(book.items).to.have.length(0)
    held.resolve(snapshot(105))
    await book.nth(3)
    expect(book.items.map(text)).to.deep.equal(['S105', 'D104-106<105', 'D107-110<106'])
    expect(book.items[2]?.asks.map((l) => `${l.price.toString()}:${l.size.toString()}`)).to.deep.equal([
      '0.0027:5',
    ])
    ws.event(0, STREAM, depthEvent('ETHBTC', 108, 110))
    ws.event(0, STREAM, depthEvent('ETHBTC', 111, 111))
    expect(text(await book.nth(4))).to.equal('D111-111<110')
    expect(rest.to('/api/v3/depth')).to.equal(1)
  })

  it('case 3: a gap after sync emits a resync and rebuilds from a new snapshot', async () => {
    await start()
    answers.push(snapshot(100), snapshot(120))
    const book = new Recorder(venue.bookChanges$('ETH/BTC'))
    await ws.subscribed(0, STREAM)
    ws.event(0, STREAM, depthEvent('ETHBTC', 99, 102))
    await book.nth(2)
    ws.event(0, STREAM, depthEvent('ETHBTC', 110, 118))
    ws.event(0, STREAM, depthEvent('ETHBTC', 119, 121))
    await book.nth(4)
    expect(book.items.map(text)).to.deep.equal(['S100', 'D99-102<100', 'S120', 'D119-121<120'])
    expect(resyncs()).to.deep.equal(['gap'])
  })

  it('asks for the snapshot the deepest subscriber needs: 100 levels for depth 20, 1000 by default, 5000 beyond', async () => {
    await start()
    answers.push(snapshot(100), snapshot(200), snapshot(300))
    const shallow = new Recorder(venue.bookChanges$('ETH/BTC', { depth: 20 }))
    await ws.subscribed(0, STREAM)
    ws.event(0, STREAM, depthEvent('ETHBTC', 99, 102))
    await shallow.nth(2)
    // each later subscriber restarts the live book with one snapshot deep enough for all
    const plain = new Recorder(venue.bookChanges$('ETH/BTC'))
    ws.event(0, STREAM, depthEvent('ETHBTC', 103, 201))
    await plain.nth(1)
    const deep = new Recorder(venue.bookChanges$('ETH/BTC', { depth: 2000 }))
    ws.event(0, STREAM, depthEvent('ETHBTC', 202, 301))
    await deep.nth(1)
    expect(snapshotLimits()).to.deep.equal(['100', '1000', '5000'])
    let refused: unknown
    venue.bookChanges$('ETH/BTC', { depth: 5001 }).subscribe({ error: (e: unknown) => (refused = e) })
    expect(refused).to.have.property('kind', 'invalid-request')
  })

  it('refuses a candle interval the venue has no stream for before subscribing', async () => {
    await start()
    let refused: unknown
    venue.candles$('ETH/BTC', '7m' as CandleInterval).subscribe({ error: (e: unknown) => (refused = e) })
    expect(refused)
      .to.have.property('message')
      .that.matches(/^binance does not support live 7m candles \(it streams 1m, 3m, 5m, .*1M\)$/)
    expect(refused).to.have.property('kind', 'invalid-request')
  })

  it('a deeper subscriber joining while a snapshot is on its way cancels it and asks once for a deeper one', async () => {
    await start()
    const shallowAnswer = deferred<FakeAnswer>()
    answers.push(shallowAnswer.promise, snapshot(105))
    const shallow = new Recorder(venue.bookChanges$('ETH/BTC', { depth: 20 }))
    await ws.subscribed(0, STREAM)
    ws.event(0, STREAM, depthEvent('ETHBTC', 101, 103))
    await snapshotAsked()
    const deep = new Recorder(venue.bookChanges$('ETH/BTC', { depth: 1000 }))
    ws.event(0, STREAM, depthEvent('ETHBTC', 104, 106))
    await shallow.nth(2)
    await deep.nth(2)
    shallowAnswer.resolve(snapshot(103))
    expect(snapshotLimits()).to.deep.equal(['100', '1000'])
    expect(shallow.items.map(text)).to.deep.equal(['S105', 'D104-106<105'])
    expect(deep.items.map(text)).to.deep.equal(['S105', 'D104-106<105'])
  })

  it('a reconnect while a snapshot is on its way uses that snapshot rather than paying for another', async () => {
    await start()
    const held = deferred<FakeAnswer>()
    answers.push(held.promise, snapshot(105))
    const book = new Recorder(venue.bookChanges$('ETH/BTC'))
    await ws.subscribed(0, STREAM)
    ws.event(0, STREAM, depthEvent('ETHBTC', 101, 103))
    await snapshotAsked()
    ws.drop(0)
    await ws.subscribed(1, STREAM)
    await events.first((e) => e.type === 'resync')
    ws.event(1, STREAM, depthEvent('ETHBTC', 104, 106, [['0.0023', '2']]))
    held.resolve(snapshot(105))
    await book.nth(2)
    expect(book.items.map(text)).to.deep.equal(['S105', 'D104-106<105'])
    expect(rest.to('/api/v3/depth')).to.equal(1)
    expect(resyncs()).to.deep.equal(['reconnect'])
  })

  it('an unreadable snapshot is a decode-error event and is fetched again after a backoff; the book goes on', async () => {
    await start()
    answers.push({ status: 200, body: '<html><body>502 Bad Gateway</body></html>' }, snapshot(105))
    const views = new Recorder(orderBook$(venue, 'ETH/BTC'))
    await ws.subscribed(0, STREAM)
    ws.event(0, STREAM, depthEvent('ETHBTC', 104, 106, [['0.0023', '2']]))
    const view = await views.nth(2)
    expect([view.sequence, view.bids.map((l) => l.price.toString())]).to.deep.equal([
      106,
      ['0.0024', '0.0023'],
    ])
    expect(rest.to('/api/v3/depth')).to.equal(2)
    const decode = events.items.find((e) => e.type === 'decode-error')
    expect(decode?.type === 'decode-error' && [decode.channel, decode.error.raw]).to.deep.equal([
      'rest',
      '<html><body>502 Bad Gateway</body></html>',
    ])
  })

  it('a dropped connection reconnects, resubscribes and rebuilds the book', async () => {
    await start()
    answers.push(snapshot(100), snapshot(300))
    const book = new Recorder(venue.bookChanges$('ETH/BTC'))
    await ws.subscribed(0, STREAM)
    ws.event(0, STREAM, depthEvent('ETHBTC', 100, 101))
    await book.nth(2)
    ws.drop(0)
    await ws.subscribed(1, STREAM)
    ws.event(1, STREAM, depthEvent('ETHBTC', 290, 301))
    await book.nth(4)
    expect(book.items.map(text)).to.deep.equal(['S100', 'D100-101<100', 'S300', 'D290-301<300'])
    expect(resyncs()).to.deep.equal(['reconnect'])
    expect(events.items.some((e) => e.type === 'connected' && e.reconnect)).to.equal(true)
    // the new URL names the book's stream, so the reconnect sends no SUBSCRIBE for it; a stream
    // taken now is the first one (what the driver sent before it has reached the server by then)
    expect(ws.urls[1]).to.equal(`/stream?streams=${STREAM}`)
    new Recorder(venue.trades$('ETH/BTC'))
    await ws.subscribed(1, 'ethbtc@trade')
    expect(ws.messages(1, 'SUBSCRIBE').map((m) => m.params)).to.deep.equal([['ethbtc@trade']])
  })

  it('a malformed frame becomes a decode-error event and the streams go on', async () => {
    await start()
    const trades = new Recorder(venue.trades$('ETH/BTC'))
    await ws.subscribed(0, 'ethbtc@trade')
    ws.event(0, 'ethbtc@trade', { e: 'trade', E: 1, s: 'ETHBTC', t: 1, p: 1.5, q: '1', T: 1, m: true })
    ws.event(0, 'ethbtc@trade', { e: 'trade', E: 2, s: 'ETHBTC', t: 2, p: '1.5', q: '1', T: 2, m: false })
    const trade = await trades.nth(1)
    expect([trade.id, trade.side, trade.price.toString()]).to.deep.equal(['2', 'buy', '1.5'])
    const decode = events.items.find((e) => e.type === 'decode-error')
    expect(decode?.type === 'decode-error' && decode.error.paths).to.deep.equal([
      'data.p: expected decimal string, got 1.5',
    ])
  })

  it('maps aggTrade, bookTicker and kline events, dropping a repeated event', async () => {
    await start()
    const agg = new Recorder(venue.aggTrades$('ETH/BTC'))
    const ticker = new Recorder(venue.ticker$('ETH/BTC'))
    const candles = new Recorder(venue.candles$('ETH/BTC', '1m'))
    await ws.subscribed(0, 'ethbtc@kline_1m')
    await ws.subscribed(0, 'ethbtc@aggTrade')
    await ws.subscribed(0, 'ethbtc@bookTicker')
    const aggEvent = {
      e: 'aggTrade',
      E: 5,
      s: 'ETHBTC',
      a: 77,
      p: '0.05',
      q: '2',
      f: 1,
      l: 2,
      T: 5,
      m: false,
      M: true,
    }
    ws.event(0, 'ethbtc@aggTrade', aggEvent)
    ws.event(0, 'ethbtc@aggTrade', aggEvent)
    ws.event(0, 'ethbtc@aggTrade', { ...aggEvent, a: 78, m: true })
    ws.event(0, 'ethbtc@bookTicker', { u: 9, s: 'ETHBTC', b: '0.049', B: '3', a: '0.051', A: '4' })
    ws.event(0, 'ethbtc@kline_1m', {
      e: 'kline',
      E: 10,
      s: 'ETHBTC',
      k: {
        t: 60000,
        T: 119999,
        s: 'ETHBTC',
        i: '1m',
        f: 1,
        L: 2,
        o: '1',
        c: '2',
        h: '3',
        l: '0.5',
        v: '10',
        n: 2,
        x: true,
        q: '15',
        V: '1',
        Q: '1',
        B: '0',
      },
    })
    await agg.nth(2)
    const t = await ticker.nth(1)
    const c = await candles.nth(1)
    expect(agg.items.map((x) => `${x.id}:${x.side}`)).to.deep.equal(['77:buy', '78:sell'])
    expect([t.bid?.toString(), t.askSize?.toString()]).to.deep.equal(['0.049', '4'])
    expect([c.timestamp.getTime(), c.high.toString(), c.quoteVolume?.toString(), c.closed]).to.deep.equal([
      60000,
      '3',
      '15',
      true,
    ])
  })

  it('routes a frame by its stream name: it reaches only the subscribers of its own stream', async () => {
    await start({}, [['BNB', 'BTC']])
    const eth = new Recorder(venue.trades$('ETH/BTC'))
    const bnb = new Recorder(venue.trades$('BNB/BTC'))
    await ws.subscribed(0, 'ethbtc@trade')
    await ws.subscribed(0, 'bnbbtc@trade')
    const trade = (s: string, t: number) => ({
      e: 'trade',
      E: t,
      s,
      t,
      p: '0.05',
      q: '1',
      T: t,
      m: false,
      M: true,
    })
    ws.event(0, 'bnbbtc@trade', trade('BNBBTC', 1))
    ws.event(0, 'ethbtc@trade', trade('ETHBTC', 2))
    ws.event(0, 'xrpbtc@trade', trade('XRPBTC', 3))
    ws.event(0, 'bnbbtc@trade', trade('BNBBTC', 4))
    await drained()
    expect(eth.items.map((x) => `${x.symbol}:${x.id}`)).to.deep.equal(['ETH/BTC:2'])
    expect(bnb.items.map((x) => `${x.symbol}:${x.id}`)).to.deep.equal(['BNB/BTC:1', 'BNB/BTC:4'])
  })

  it('answers the venue ping frames with the same payload', async () => {
    await start()
    new Recorder(venue.trades$('ETH/BTC'))
    await ws.opened(0)
    ws.sockets[0]?.ping('hello-20s')
    const pong = await ws.next(0, (s) => s.kind === 'pong')
    expect(pong.text).to.equal('hello-20s')
  })

  it('puts more than 1024 streams on a second connection', async () => {
    const bases = Array.from({ length: 79 }, (_, i) => `X${i}`)
    await start(
      {},
      bases.map((b) => [b, 'USDT'] as const),
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
    const subs = bases.flatMap((b) => intervals.map((i) => new Recorder(venue.candles$(`${b}/USDT`, i))))
    expect(subs).to.have.length(1027)
    await firstValueFrom(
      merge(ws.seen$).pipe(
        filter(() => (ws.streams[0]?.size ?? 0) === 1024 && (ws.streams[1]?.size ?? 0) === 3),
      ),
    )
    expect(venue.streamsPerConnection()).to.deep.equal([1024, 3])
    expect(ws.sockets).to.have.length(2)
    const all = new Set([...(ws.streams[0] ?? []), ...(ws.streams[1] ?? [])])
    expect(all.size).to.equal(1027)
    // every SUBSCRIBE was answered: no refusal became an error
    expect(events.items.filter((e) => e.type === 'decode-error')).to.have.length(0)
  })
})
