import { expect } from 'chai'
import { ReplaySubject, firstValueFrom, skip, type Observable, type Subscription } from 'rxjs'
import { DecodeError, VenueError } from '../../../lib/core/errors.js'
import { TextBookChange } from '../../../lib/book/text-book-change.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { BookChange } from '../../../lib/core/model.js'
import type { VenueEvent } from '../../../lib/venues/contract/index.js'
import { createBybitVenue, type BybitVenue } from '../../../lib/venues/bybit/index.js'
import { changeText } from '../support.js'
import {
  bookFrame,
  FakeBybitWs,
  FakeRest,
  fixture,
  instrumentsAnswer,
  type FakeWsOptions,
} from './public-fakes.js'

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

  /** The `n`-th item (1-based), once it arrived. */
  nth(n: number): Promise<T> {
    return firstValueFrom(this.items$.pipe(skip(n - 1)))
  }

  /** How the stream ended. */
  ended(): Promise<{ error?: unknown }> {
    return firstValueFrom(this.end$)
  }
}

const BOOK = 'orderbook.50.BTCUSDT'

describe('bybit public WebSocket', () => {
  let rest: FakeRest
  let ws: FakeBybitWs
  let venue: BybitVenue
  let events: Recorder<VenueEvent>

  async function start(options: FakeWsOptions = {}): Promise<void> {
    ws = await FakeBybitWs.start(options)
    venue = createBybitVenue({
      restUrl: rest.url,
      wsUrl: ws.url,
      logger: silentLogger,
      // the driver's own reconnect delay; the tests wait only on what they observe
      backoff: { initialMs: 0, jitter: 'none' },
    })
    events = new Recorder(venue.events$)
  }

  const resyncs = () =>
    events.items.filter((e) => e.type === 'resync').map((e) => e.type === 'resync' && e.reason)

  beforeEach(async () => {
    rest = await FakeRest.start({
      '/v5/market/instruments-info': () => ({ body: instrumentsAnswer([['ETH', 'USDT']]) }),
    })
  })

  afterEach(async () => {
    await venue.close()
    await ws.close()
    await rest.close()
  })

  it('subscribes once and emits the snapshot and following deltas with exact levels', async () => {
    await start()
    const book = new Recorder(venue.bookChanges$('BTC/USDT', { depth: 50 }))
    const sub = await ws.subscribed(0, BOOK)
    expect(sub.json?.args).to.deep.equal([BOOK])
    expect(typeof sub.json?.req_id).to.equal('string')
    const snapshot = fixture<Record<string, unknown>>('ws-orderbook-snapshot')
    ws.send(0, snapshot)
    const delta = fixture<{ data: { u: number } }>('ws-orderbook-delta')
    delta.data.u = 18521289
    ws.send(0, delta)
    const second = await book.nth(2)
    expect(book.items.map(changeText)).to.deep.equal([
      'S18521288 b[16493.5:0.006 16493:0.1] a[16611:0.029 16612:0.213]',
      'D18521289 b[30247.2:30.028 30245.4:0.224 30242.1:1.593 30240.3:1.305 30240:0] ' +
        'a[30248.7:0 30249.3:0.892 30249.5:1.778 30249.6:0 30251.9:2.947 30252.2:0.659 30252.5:4.591]',
    ])
    expect(second.previousSequence).to.equal(18521288)
    expect([second.symbol, second.venue, second.rawTimestamp]).to.deep.equal([
      'BTC/USDT',
      'bybit',
      1687940967466,
    ])
    expect(second.timestamp.toISOString()).to.equal('2023-06-28T08:29:27.466Z')
    expect(second).to.be.instanceOf(TextBookChange)
    expect((second as TextBookChange).rawBids[0]).to.deep.equal(['30247.20', '30.028'])
    expect(ws.messages(0, 'subscribe')).to.have.length(1)
  })

  it('on a gap: drops the delta, emits a resync, resubscribes, and restarts from the new snapshot', async () => {
    await start()
    const book = new Recorder(venue.bookChanges$('BTC/USDT', { depth: 50 }))
    await ws.subscribed(0, BOOK)
    ws.send(0, bookFrame(BOOK, 'snapshot', 100, [['100', '1']], [['101', '1']]))
    ws.send(0, bookFrame(BOOK, 'delta', 101, [['100', '2']], []))
    ws.send(0, bookFrame(BOOK, 'delta', 103, [['99', '5']], []))
    await ws.unsubscribed(0, BOOK)
    await ws.subscribed(0, BOOK, 1)
    // still in flight from the old subscription: held back
    ws.send(0, bookFrame(BOOK, 'delta', 104, [['98', '1']], []))
    ws.send(0, bookFrame(BOOK, 'snapshot', 200, [['100', '3']], [['102', '1']]))
    ws.send(0, bookFrame(BOOK, 'delta', 201, [], [['102', '0']]))
    await book.nth(4)
    expect(book.items.map(changeText)).to.deep.equal([
      'S100 b[100:1] a[101:1]',
      'D101 b[100:2] a[]',
      'S200 b[100:3] a[102:1]',
      'D201 b[] a[102:0]',
    ])
    expect(resyncs()).to.deep.equal(['gap'])
    const order = ws
      .messages(0)
      .filter((m) => m.op !== 'ping')
      .map((m) => `${String(m.op)} ${m.args?.join(',')}`)
    expect(order).to.deep.equal([`subscribe ${BOOK}`, `unsubscribe ${BOOK}`, `subscribe ${BOOK}`])
  })

  it('a delta going back is a gap too; u = 1 (a venue restart) passes with a venue-reset resync', async () => {
    await start()
    const book = new Recorder(venue.bookChanges$('BTC/USDT', { depth: 50 }))
    await ws.subscribed(0, BOOK)
    ws.send(0, bookFrame(BOOK, 'snapshot', 100, [['100', '1']], []))
    ws.send(0, bookFrame(BOOK, 'delta', 1, [['100', '2']], []))
    ws.send(0, bookFrame(BOOK, 'delta', 2, [['100', '3']], []))
    ws.send(0, bookFrame(BOOK, 'delta', 2, [['100', '4']], []))
    await ws.subscribed(0, BOOK, 1)
    ws.send(0, bookFrame(BOOK, 'snapshot', 9, [['100', '9']], []))
    await book.nth(4)
    expect(
      book.items.map((c) => `${c.isSnapshot ? 'S' : 'D'}${c.sequence}/${String(c.previousSequence)}`),
    ).to.deep.equal(['S100/undefined', 'D1/undefined', 'D2/1', 'S9/undefined'])
    expect(resyncs()).to.deep.equal(['venue-reset', 'gap'])
  })

  it('an unsubscribe and a resubscribe in the same tick still bring a new snapshot first', async () => {
    await start()
    // another stream keeps the connection open, so both happen on one connection
    new Recorder(venue.trades$('BTC/USDT'))
    const first = new Recorder(venue.bookChanges$('BTC/USDT', { depth: 50 }))
    await ws.subscribed(0, BOOK)
    ws.send(0, bookFrame(BOOK, 'snapshot', 100, [['100', '1']], []))
    await first.nth(1)
    first.subscription.unsubscribe()
    const again = new Recorder(venue.bookChanges$('BTC/USDT', { depth: 50 }))
    await ws.subscribed(0, BOOK, 1)
    expect(ws.messages(0, 'unsubscribe').map((m) => m.args)).to.deep.equal([[BOOK]])
    ws.send(0, bookFrame(BOOK, 'delta', 101, [['100', '2']], []))
    ws.send(0, bookFrame(BOOK, 'snapshot', 300, [['100', '7']], []))
    await again.nth(1)
    expect(again.items.map(changeText)).to.deep.equal(['S300 b[100:7] a[]'])
  })

  it('the last unsubscribe closes the connection; subscribing again opens one and gets a snapshot', async () => {
    await start()
    const first = new Recorder(venue.bookChanges$('BTC/USDT', { depth: 50 }))
    await ws.subscribed(0, BOOK)
    ws.send(0, bookFrame(BOOK, 'snapshot', 100, [['100', '1']], []))
    await first.nth(1)
    first.subscription.unsubscribe()
    const again = new Recorder(venue.bookChanges$('BTC/USDT', { depth: 50 }))
    await ws.next(0, (f) => f.kind === 'close')
    await ws.subscribed(1, BOOK)
    ws.send(1, bookFrame(BOOK, 'snapshot', 300, [['100', '7']], []))
    await again.nth(1)
    expect(again.items.map(changeText)).to.deep.equal(['S300 b[100:7] a[]'])
    expect(events.items.some((e) => e.type === 'disconnected' && e.reason === 'idle')).to.equal(true)
  })

  it('a subscriber joining a live book gets a snapshot: the topic restarts for everyone', async () => {
    await start()
    const first = new Recorder(venue.bookChanges$('BTC/USDT', { depth: 20 }))
    await ws.subscribed(0, BOOK)
    ws.send(0, bookFrame(BOOK, 'snapshot', 100, [['100', '1']], []))
    ws.send(0, bookFrame(BOOK, 'delta', 101, [['100', '2']], []))
    await first.nth(2)
    const second = new Recorder(venue.bookChanges$('btc/usdt', { depth: 50 }))
    await ws.subscribed(0, BOOK, 1)
    ws.send(0, bookFrame(BOOK, 'delta', 102, [['100', '3']], []))
    ws.send(0, bookFrame(BOOK, 'snapshot', 500, [['100', '5']], []))
    ws.send(0, bookFrame(BOOK, 'delta', 501, [['100', '6']], []))
    await second.nth(2)
    await first.nth(4)
    expect(first.items.map((c) => c.sequence)).to.deep.equal([100, 101, 500, 501])
    expect(second.items.map((c) => `${c.isSnapshot ? 'S' : 'D'}${c.sequence}`)).to.deep.equal([
      'S500',
      'D501',
    ])
    expect(resyncs()).to.deep.equal([])
  })

  it('a refused topic errors only the streams that asked for it', async () => {
    await start({
      refuse: (topic) => (topic === BOOK ? `error:handler not found,topic:${topic}` : undefined),
    })
    const book = new Recorder(venue.bookChanges$('BTC/USDT', { depth: 50 }))
    const trades = new Recorder(venue.trades$('ETH/USDT'))
    const { error } = await book.ended()
    expect(error).to.be.instanceOf(VenueError)
    expect([(error as VenueError).kind, (error as VenueError).message]).to.deep.equal([
      'invalid-request',
      `subscribe ${BOOK} refused: error:handler not found,topic:${BOOK}`,
    ])
    // both topics went in one message
    expect(ws.messages(0, 'subscribe').map((m) => m.args)).to.deep.equal([[BOOK, 'publicTrade.ETHUSDT']])
    const trade = fixture<{ topic: string; data: { s: string }[] }>('ws-public-trade')
    trade.topic = 'publicTrade.ETHUSDT'
    ws.send(0, trade)
    const received = await trades.nth(1)
    expect([received.symbol, received.id, received.side, received.price.toFixed()]).to.deep.equal([
      'ETH/USDT',
      '20f43950-d8dd-5b31-9112-a178eb6023af',
      'buy',
      '16578.5',
    ])
  })

  it('a frame reaches only the streams of its topic', async () => {
    await start()
    const book = new Recorder(venue.bookChanges$('BTC/USDT', { depth: 50 }))
    const btc = new Recorder(venue.trades$('BTC/USDT'))
    const eth = new Recorder(venue.trades$('ETH/USDT'))
    await ws.subscribed(0, 'publicTrade.ETHUSDT')
    await ws.subscribed(0, 'publicTrade.BTCUSDT')
    await ws.subscribed(0, BOOK)
    const trade = (topic: string, id: string) => {
      const frame = fixture<{ topic: string; data: { i: string }[] }>('ws-public-trade')
      frame.topic = topic
      for (const t of frame.data) t.i = id
      return frame
    }
    ws.send(0, trade('publicTrade.ETHUSDT', 'e1'))
    ws.send(0, trade('publicTrade.BTCUSDT', 'b1'))
    ws.send(0, bookFrame(BOOK, 'snapshot', 100, [['100', '1']], []))
    ws.send(0, trade('publicTrade.SOLUSDT', 's1'))
    ws.send(0, trade('publicTrade.BTCUSDT', 'b2'))
    await book.nth(1)
    await eth.nth(1)
    await btc.nth(2)
    expect(btc.items.map((t) => `${t.symbol} ${t.id}`)).to.deep.equal(['BTC/USDT b1', 'BTC/USDT b2'])
    expect(eth.items.map((t) => `${t.symbol} ${t.id}`)).to.deep.equal(['ETH/USDT e1'])
    expect(book.items.map((c) => c.sequence)).to.deep.equal([100])
  })

  it('a malformed frame becomes a decode-error event and the streams go on', async () => {
    await start()
    const trades = new Recorder(venue.trades$('BTC/USDT'))
    await ws.subscribed(0, 'publicTrade.BTCUSDT')
    const bad = fixture<{ data: { p: unknown }[] }>('ws-public-trade')
    ;(bad.data[0] as { p: unknown }).p = 16578.5
    ws.send(0, '{"topic":"publicTrade.BTCUSDT",')
    ws.send(0, bad)
    ws.send(0, { topic: 'liquidation.BTCUSDT', data: {} })
    ws.send(0, fixture('ws-public-trade'))
    const trade = await trades.nth(1)
    expect(trade.price.toFixed()).to.equal('16578.5')
    const decodeErrors = events.items.flatMap((e) => (e.type === 'decode-error' ? [e.error] : []))
    expect(decodeErrors.map((e) => [e.context, e.paths[0]?.replace(/ \(.*$/, '')])).to.deep.equal([
      ['bybit public frame', '(root): invalid JSON'],
      ['bybit publicTrade.BTCUSDT', 'data[0].p: expected decimal string, got 16578.5'],
      ['bybit liquidation.BTCUSDT', 'topic: unknown channel "liquidation"'],
    ])
    expect(decodeErrors.every((e) => e instanceof DecodeError && e.venue === 'bybit')).to.equal(true)
  })

  it('after a reconnect it resubscribes and opens the book with the new snapshot only', async () => {
    await start()
    const book = new Recorder(venue.bookChanges$('BTC/USDT', { depth: 50 }))
    const ticker = new Recorder(venue.ticker$('BTC/USDT'))
    await ws.subscribed(0, BOOK)
    ws.send(0, bookFrame(BOOK, 'snapshot', 100, [['100', '1']], []))
    ws.send(0, bookFrame(BOOK, 'delta', 101, [['100', '2']], []))
    await book.nth(2)
    ws.sockets[0]?.terminate()
    const resubscribe = await ws.next(1, (s) => s.json?.op === 'subscribe')
    expect([...(resubscribe.json?.args ?? [])].sort()).to.deep.equal([BOOK, 'tickers.BTCUSDT'])
    ws.send(1, bookFrame(BOOK, 'delta', 102, [['100', '3']], []))
    ws.send(1, bookFrame(BOOK, 'snapshot', 900, [['100', '9']], []))
    ws.send(1, fixture('ws-ticker-spot'))
    await book.nth(3)
    const t = await ticker.nth(1)
    expect(book.items.map((c) => `${c.isSnapshot ? 'S' : 'D'}${c.sequence}`)).to.deep.equal([
      'S100',
      'D101',
      'S900',
    ])
    expect([
      t.symbol,
      t.last?.toFixed(),
      t.open24h?.toFixed(),
      t.quoteVolume24h?.toFixed(),
      t.bid,
    ]).to.deep.equal(['BTC/USDT', '16363.78', '16443.66', '95949815.680875', undefined])
    const kinds = events.items
      .filter((e) => e.type !== 'decode-error')
      .map((e) =>
        e.type === 'connected'
          ? `connected${e.reconnect ? ' again' : ''}`
          : e.type === 'resync'
            ? `resync ${e.reason} ${e.symbol}`
            : e.type,
      )
    expect(kinds).to.deep.equal([
      'connected',
      'disconnected',
      'reconnecting',
      'connected again',
      'resync reconnect BTC/USDT',
    ])
  })

  it('sends at most 10 topics per subscribe message', async () => {
    await start()
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
    const streams: Observable<unknown>[] = [
      ...[1, 50, 200].map((depth) => venue.bookChanges$('BTC/USDT', { depth })),
      venue.trades$('BTC/USDT'),
      venue.ticker$('BTC/USDT'),
      ...intervals.map((i) => venue.candles$('BTC/USDT', i)),
      ...[1, 50, 200].map((depth) => venue.bookChanges$('ETH/USDT', { depth })),
      venue.trades$('ETH/USDT'),
      venue.ticker$('ETH/USDT'),
    ]
    const recorders = streams.map((s) => new Recorder(s))
    let count = 0
    await ws.next(0, (s) => s.json?.op === 'subscribe' && (count += s.json.args?.length ?? 0) === 23)
    const sizes = ws.messages(0, 'subscribe').map((m) => m.args?.length)
    expect(sizes).to.deep.equal([10, 10, 3])
    const topics = ws.messages(0, 'subscribe').flatMap((m) => m.args ?? [])
    expect(new Set(topics).size).to.equal(23)
    expect(topics).to.include.members([
      'kline.D.BTCUSDT',
      'kline.W.BTCUSDT',
      'kline.M.BTCUSDT',
      'kline.60.BTCUSDT',
    ])
    ws.send(0, fixture('ws-kline'))
    const candle = await (
      recorders[7] as Recorder<{ interval: string; closed: boolean; open: { toFixed(): string } }>
    ).nth(1)
    expect([candle.interval, candle.closed, candle.open.toFixed()]).to.deep.equal(['5m', false, '16649.5'])
  })

  it('refuses a depth above 200, and serves a depth between topics from the next one up', async () => {
    await start()
    const { error } = await new Recorder(venue.bookChanges$('BTC/USDT', { depth: 500 })).ended()
    expect((error as VenueError).kind).to.equal('invalid-request')
    new Recorder(venue.bookChanges$('BTC/USDT', { depth: 2 }))
    await ws.subscribed(0, BOOK)
  })

  it('close releases the socket and completes the streams', async () => {
    await start()
    const book = new Recorder(venue.bookChanges$('BTC/USDT', { depth: 1 }))
    await ws.subscribed(0, 'orderbook.1.BTCUSDT')
    await venue.close()
    expect(await book.ended()).to.deep.equal({})
    await ws.next(0, (s) => s.kind === 'close')
    const closed = await new Recorder(venue.trades$('BTC/USDT')).ended()
    expect((closed.error as VenueError).message).to.equal('bybit venue is closed')
  })
})

export type { BookChange }
