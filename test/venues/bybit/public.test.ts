import { expect } from 'chai'
import { firstValueFrom, lastValueFrom, toArray, type Observable } from 'rxjs'
import { DecodeError, VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { VenueEvent } from '../../../lib/venues/contract/index.js'
import { capabilityMismatches, hasTrading } from '../../../lib/venues/contract/index.js'
import { createBybitContext } from '../../../lib/venues/bybit/context.js'
import { createBybitVenue, type BybitVenue } from '../../../lib/venues/bybit/index.js'
import { bybitEnvelope, TextLevel } from '../../../lib/venues/bybit/codecs.js'
import type { BookLevel } from '../../../lib/core/model.js'
import * as t from 'io-ts'
import { envelope, FakeRest, fixture, instrumentsAnswer, type FakeAnswer } from './public-fakes.js'

async function failure(promise: Promise<unknown>): Promise<VenueError> {
  try {
    await promise
  } catch (e) {
    expect(e).to.be.instanceOf(VenueError)
    return e as VenueError
  }
  expect.fail('expected a VenueError')
}

/** Levels as the venue's own strings (the driver keeps them: `TextLevel`). */
const text = (levels: readonly BookLevel[]) =>
  levels.map((l) => {
    expect(l).to.be.instanceOf(TextLevel)
    return `${(l as TextLevel).priceText}:${(l as TextLevel).sizeText}`
  })

describe('bybit public REST', () => {
  let rest: FakeRest
  let venue: BybitVenue
  let answers: Record<string, FakeAnswer[]>
  const events: VenueEvent[] = []

  /** The next queued answer for `path`, else the standing one. */
  const answer = (path: string, standing: () => FakeAnswer) => () => answers[path]?.shift() ?? standing()

  beforeEach(async () => {
    answers = {}
    events.length = 0
    const trades = fixture<{ result: { list: Record<string, unknown>[] } }>('rest-recent-trade-spot')
    const first = trades.result.list[0] as Record<string, unknown>
    // newest first, as the venue lists them
    trades.result.list.unshift({
      ...first,
      execId: '2100000000007764300',
      time: '1672052955999',
      side: 'Sell',
    })
    rest = await FakeRest.start({
      '/v5/market/time': answer('/v5/market/time', () => ({ body: fixture('rest-server-time') })),
      '/v5/market/instruments-info': answer('/v5/market/instruments-info', () => ({
        body: instrumentsAnswer([['ETH', 'USDT']]),
      })),
      '/v5/market/orderbook': answer('/v5/market/orderbook', () => ({
        body: fixture('rest-orderbook-spot'),
      })),
      '/v5/market/recent-trade': answer('/v5/market/recent-trade', () => ({ body: trades })),
      '/v5/market/tickers': answer('/v5/market/tickers', () => ({ body: fixture('rest-tickers-spot') })),
    })
    venue = createBybitVenue({ restUrl: rest.url, wsUrl: 'ws://127.0.0.1:9', logger: silentLogger })
    venue.events$.subscribe((e) => events.push(e))
  })

  afterEach(async () => {
    await venue.close()
    await rest.close()
  })

  it('maps spot instruments: BASE/QUOTE, tick, lot, minimums, status', async () => {
    const list = await firstValueFrom(venue.instruments())
    const btc = list.find((i) => i.symbol === 'BTC/USDT')
    expect(btc).to.not.equal(undefined)
    expect({
      venueSymbol: btc?.venueSymbol,
      base: btc?.base,
      quote: btc?.quote,
      tickSize: btc?.tickSize.toFixed(),
      lotSize: btc?.lotSize.toFixed(),
      minSize: btc?.minSize.toFixed(),
      maxSize: btc?.maxSize?.toFixed(),
      minNotional: btc?.minNotional?.toFixed(),
      status: btc?.status,
    }).to.deep.equal({
      venueSymbol: 'BTCUSDT',
      base: 'BTC',
      quote: 'USDT',
      tickSize: '0.1',
      lotSize: '0.000001',
      minSize: '0.000011',
      maxSize: '83',
      minNotional: '5',
      status: 'trading',
    })
    expect(list.map((i) => i.symbol)).to.deep.equal(['BTC/USDT', 'ETH/USDT'])
    expect(rest.to('/v5/market/instruments-info')[0]?.query.get('category')).to.equal('spot')
  })

  it('maps statuses, follows cursors and leaves out listings it cannot name', async () => {
    const page = (list: Record<string, unknown>[], cursor?: string): FakeAnswer => ({
      body: envelope({ category: 'spot', list, ...(cursor === undefined ? {} : { nextPageCursor: cursor }) }),
    })
    const base = fixture<{ result: { list: Record<string, unknown>[] } }>('rest-instruments-info-spot').result
      .list[0] as Record<string, unknown>
    const lot = { ...(base['lotSizeFilter'] as Record<string, unknown>) }
    delete lot['minOrderQty']
    answers['/v5/market/instruments-info'] = [
      page(
        [
          { ...base, symbol: 'AUSDT', baseCoin: 'A', status: 'PreLaunch' },
          { ...base, symbol: 'BUSDT', baseCoin: 'B', status: 'Closed' },
        ],
        'p2',
      ),
      page([
        { ...base, symbol: 'CUSDT', baseCoin: 'C', status: 'Suspended', lotSizeFilter: lot },
        { ...base, symbol: 'D-XUSDT', baseCoin: 'D-X' },
      ]),
    ]
    const list = await firstValueFrom(venue.instruments())
    expect(list.map((i) => `${i.symbol} ${i.status} ${i.minSize.toFixed()}`)).to.deep.equal([
      'A/USDT pre-trading 0.000011',
      'B/USDT delisted 0.000011',
      // no minOrderQty: one lot
      'C/USDT halted 0.000001',
    ])
    expect(rest.to('/v5/market/instruments-info').map((r) => r.query.get('cursor'))).to.deep.equal([
      null,
      'p2',
    ])
  })

  it('reads the server time from its nanosecond field', async () => {
    expect((await firstValueFrom(venue.serverTime())).toISOString()).to.equal('2023-07-06T10:30:03.423Z')
  })

  it('fetches a book by venue symbol, with exact levels and the update id; instruments are fetched once', async () => {
    const book = await firstValueFrom(venue.orderBook('BTC/USDT', { limit: 50 }))
    await firstValueFrom(venue.orderBook('btc/usdt'))
    const [first, second] = rest.to('/v5/market/orderbook')
    expect(first?.query.toString()).to.equal('category=spot&symbol=BTCUSDT&limit=50')
    expect(second?.query.get('limit')).to.equal('200')
    expect(rest.to('/v5/market/instruments-info')).to.have.length(1)
    expect(text(book.bids)).to.deep.equal(['16638.27:0.305749'])
    expect(text(book.asks)).to.deep.equal(['16638.64:0.008479'])
    expect(book.bids[0]?.price.toFixed()).to.equal('16638.27')
    expect([book.symbol, book.sequence, book.rawTimestamp]).to.deep.equal([
      'BTC/USDT',
      5277055,
      1672765737733,
    ])
  })

  it('refuses a book limit the venue does not serve, and an unknown symbol, without asking for a book', async () => {
    expect((await failure(firstValueFrom(venue.orderBook('BTC/USDT', { limit: 201 })))).kind).to.equal(
      'invalid-request',
    )
    const unknown = await failure(firstValueFrom(venue.orderBook('DOGE/USDT')))
    expect([unknown.kind, unknown.message]).to.deep.equal([
      'invalid-request',
      'bybit has no symbol DOGE/USDT; valid: BTC/USDT, ETH/USDT',
    ])
    expect(rest.to('/v5/market/orderbook')).to.have.length(0)
  })

  it('lists recent trades oldest first, with the taker side', async () => {
    const trades = await firstValueFrom(venue.recentTrades('BTC/USDT', { limit: 2 }))
    expect(
      trades.map((tr) => `${tr.id} ${tr.side} ${tr.price.toFixed()} ${tr.size.toFixed()}`),
    ).to.deep.equal(['2100000000007764263 buy 16618.49 0.00012', '2100000000007764300 sell 16618.49 0.00012'])
    expect(rest.to('/v5/market/recent-trade')[0]?.query.toString()).to.equal(
      'category=spot&symbol=BTCUSDT&limit=2',
    )
  })

  it('maps tickers with best prices and 24 h figures', async () => {
    const [ticker] = await firstValueFrom(venue.tickers('BTC/USDT'))
    expect(rest.to('/v5/market/tickers')[0]?.query.toString()).to.equal('category=spot&symbol=BTCUSDT')
    expect({
      symbol: ticker?.symbol,
      bid: ticker?.bid?.toFixed(),
      bidSize: ticker?.bidSize?.toFixed(),
      ask: ticker?.ask?.toFixed(),
      last: ticker?.last?.toFixed(),
      open24h: ticker?.open24h?.toFixed(),
      volume24h: ticker?.volume24h?.toFixed(),
      quoteVolume24h: ticker?.quoteVolume24h?.toFixed(),
      at: ticker?.rawTimestamp,
    }).to.deep.equal({
      symbol: 'BTC/USDT',
      bid: '20517.96',
      bidSize: '2',
      ask: '20527.77',
      last: '20533.13',
      open24h: '20393.48',
      volume24h: '11801.27771',
      quoteVolume24h: '243765620.65899866',
      at: 1673859087947,
    })
  })

  it('turns a non-zero retCode into the mapped VenueError, and does not retry it', async () => {
    answers['/v5/market/orderbook'] = [
      {
        body: { retCode: 10001, retMsg: 'params error: symbol invalid', result: {}, retExtInfo: {}, time: 1 },
      },
    ]
    const e = await failure(firstValueFrom(venue.orderBook('BTC/USDT')))
    expect([e.kind, e.code, e.venue, e.status]).to.deep.equal(['invalid-request', 10001, 'bybit', 200])
    expect(e.message).to.contain('params error: symbol invalid')
    expect(rest.to('/v5/market/orderbook')).to.have.length(1)
  })

  it('waits out a rate limit until the venue says it resets, then succeeds; reports it as an event', async () => {
    answers['/v5/market/orderbook'] = [
      {
        headers: { 'x-bapi-limit-reset-timestamp': String(Date.now() + 30) },
        body: { retCode: 10006, retMsg: 'Too many visits!', result: {}, retExtInfo: {}, time: 1 },
      },
    ]
    const book = await firstValueFrom(venue.orderBook('BTC/USDT'))
    expect(book.sequence).to.equal(5277055)
    expect(rest.to('/v5/market/orderbook')).to.have.length(2)
    const limited = events.filter((e) => e.type === 'rate-limited')
    expect(limited).to.have.length(1)
    expect(limited[0]?.type === 'rate-limited' && limited[0].error.code).to.equal(10006)
  })

  it('treats an HTTP 403 without an envelope as the IP limit: no retry, the venue paused', async () => {
    answers['/v5/market/orderbook'] = [{ status: 403, body: 'access too frequent' }]
    const e = await failure(firstValueFrom(venue.orderBook('BTC/USDT')))
    expect([e.kind, e.status, e.retryAfterMs]).to.deep.equal(['rate-limit', 403, 600_000])
    expect(rest.to('/v5/market/orderbook')).to.have.length(1)
  })

  it('fails a body that does not match its codec with a DecodeError naming the path', async () => {
    const bad = fixture<{ result: { b: unknown[][] } }>('rest-orderbook-spot')
    ;(bad.result.b[0] as unknown[])[0] = 16638.27
    answers['/v5/market/orderbook'] = [{ body: bad }]
    const e = await failure(firstValueFrom(venue.orderBook('BTC/USDT')))
    expect(e).to.be.instanceOf(DecodeError)
    expect((e as DecodeError).paths).to.deep.equal(['result.b[0][0]: expected decimal string, got 16638.27'])
  })

  it('declares its capabilities truthfully, with and without credentials', async () => {
    expect(capabilityMismatches(venue)).to.deep.equal([])
    expect(hasTrading(venue)).to.equal(false)
    expect(venue.capabilities.marketData.bookDepths).to.deep.equal([1, 50, 200])
    expect(venue.capabilities.history.candleIntervals).to.have.length(13)
    const e = await failure(
      firstValueFrom(venue.tradeHistory('BTC/USDT', { from: new Date(0), to: new Date(1) })),
    )
    expect(e.kind).to.equal('invalid-request')
    const trader = createBybitVenue({
      restUrl: rest.url,
      apiKey: 'key',
      secret: 'secret',
      logger: silentLogger,
    })
    try {
      expect(hasTrading(trader)).to.equal(true)
      expect(capabilityMismatches(trader)).to.deep.equal([])
    } finally {
      await trader.close()
    }
  })

  it('fails every call after close', async () => {
    await venue.close()
    const calls: (() => Observable<unknown>)[] = [
      () => venue.instruments(),
      () => venue.orderBook('BTC/USDT'),
      () => venue.tickers(),
      () => venue.serverTime(),
      () => venue.bookChanges$('BTC/USDT'),
      () => venue.candleHistory('BTC/USDT', { interval: '1m', from: new Date(0), to: new Date(60_000) }),
    ]
    for (const call of calls) {
      expect((await failure(lastValueFrom(call().pipe(toArray())))).message).to.equal('bybit venue is closed')
    }
    expect(rest.requests).to.have.length(0)
  })
})

describe('bybit context', () => {
  it("feeds the order windows from the venue's X-Bapi-Limit headers", async () => {
    const server = await FakeRest.start({
      '/v5/order/create': () => ({
        headers: { 'x-bapi-limit-status': '7', 'x-bapi-limit': '10', 'x-bapi-limit-reset-timestamp': '1' },
        body: envelope({ orderId: '1', orderLinkId: 'a' }),
      }),
    })
    const ctx = createBybitContext({
      restUrl: server.url,
      apiKey: 'key',
      secret: 'secret',
      logger: silentLogger,
    })
    try {
      const answer = await firstValueFrom(
        (ctx.privateRest ?? ctx.rest).request$({
          method: 'POST',
          path: '/v5/order/create',
          body: '{}',
          codec: bybitEnvelope(t.type({ orderId: t.string })),
          cost: { orders: 1 },
        }),
      )
      expect(answer.result.orderId).to.equal('1')
      const orders = ctx.limiter.headroom().windows.find((w) => w.id === 'orders-1s')
      expect([orders?.limit, orders?.used]).to.deep.equal([10, 3])
      const create = server.requests.find((r) => r.path === '/v5/order/create')
      expect(create?.headers['x-bapi-api-key']).to.equal('key')
      expect(ctx.rest === ctx.privateRest).to.equal(false)
    } finally {
      await ctx.close()
      await server.close()
    }
  })
})
