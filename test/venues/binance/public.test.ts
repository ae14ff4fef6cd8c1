import { expect } from 'chai'
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs'
import { VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import { createBinanceContext } from '../../../lib/venues/binance/context.js'
import {
  binanceDepthWeight,
  binanceSnapshotLimit,
  createBinanceVenue,
  type BinanceVenue,
} from '../../../lib/venues/binance/index.js'
import { exchangeInfo, FakeRest, fixture, type FakeAnswer } from './public-fakes.js'

const MINUTE = 60_000

/** A kline row as the venue sends it, for the minute opening at `open`. */
function kline(open: number): unknown[] {
  return [open, '1.0', '2.0', '0.5', '1.5', '10', open + MINUTE - 1, '15', 3, '5', '7.5', '0']
}

describe('binance public REST', () => {
  let rest: FakeRest
  let venue: BinanceVenue
  let klines: (q: URLSearchParams) => FakeAnswer

  beforeEach(async () => {
    klines = () => ({ body: [] })
    rest = await FakeRest.start({
      '/api/v3/exchangeInfo': () => ({
        body: exchangeInfo([['BTC', 'USDT']]),
        headers: { 'x-mbx-used-weight-1m': '20' },
      }),
      '/api/v3/time': () => ({ body: fixture('rest-time') }),
      '/api/v3/depth': () => ({ body: fixture('rest-depth'), headers: { 'x-mbx-used-weight-1m': '1234' } }),
      '/api/v3/trades': () => ({ body: fixture('rest-trades') }),
      '/api/v3/aggTrades': () => ({ body: fixture('rest-agg-trades') }),
      '/api/v3/klines': (q) => klines(q),
      '/api/v3/ticker/24hr': (q) =>
        q.has('symbol')
          ? { body: { ...(fixture('rest-ticker-24hr') as object), symbol: 'ETHBTC' } }
          : {
              body: [
                { ...(fixture('rest-ticker-24hr') as object), symbol: 'ETHBTC' },
                fixture('rest-ticker-24hr'),
              ],
            },
      '/api/v3/ticker/bookTicker': () => ({
        body: { ...(fixture('rest-book-ticker') as object), symbol: 'ETHBTC' },
      }),
    })
    venue = createBinanceVenue({ restUrl: rest.url, logger: silentLogger })
  })

  afterEach(async () => {
    await venue.close()
    await rest.close()
  })

  it('maps exchangeInfo to instruments from PRICE_FILTER, LOT_SIZE and NOTIONAL', async () => {
    const list = await firstValueFrom(venue.instruments())
    const eth = list.find((i) => i.symbol === 'ETH/BTC')
    expect(eth).to.not.equal(undefined)
    expect({
      venueSymbol: eth?.venueSymbol,
      tickSize: eth?.tickSize.toString(),
      lotSize: eth?.lotSize.toString(),
      minSize: eth?.minSize.toString(),
      maxSize: eth?.maxSize?.toString(),
      minNotional: eth?.minNotional?.toString(),
      status: eth?.status,
    }).to.deep.equal({
      venueSymbol: 'ETHBTC',
      tickSize: '0.000001',
      lotSize: '0.001',
      minSize: '0.001',
      maxSize: '100000',
      // NOTIONAL wins over the older MIN_NOTIONAL
      minNotional: '10',
      status: 'trading',
    })
    expect(list.map((i) => i.symbol)).to.deep.equal(['ETH/BTC', 'BTC/USDT'])
  })

  it('adopts exchangeInfo.rateLimits as limits and X-MBX-USED-WEIGHT-1M as usage', async () => {
    const ctx = createBinanceContext({ restUrl: rest.url, logger: silentLogger })
    try {
      await firstValueFrom(ctx.symbols())
      const windows = () =>
        Object.fromEntries(ctx.limiter.headroom().windows.map((w) => [w.id, [w.used, w.limit]]))
      // the venue said 20 used; 20 is also what exchangeInfo costs here
      expect(windows()['weight-1m']).to.deep.equal([20, 6000])
      expect(windows()['raw-5m']).to.deep.equal([1, 61000])
      ctx.applyRateLimits([{ rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 }])
      expect(windows()['orders-10s']).to.deep.equal([0, 100])
    } finally {
      await ctx.close()
    }
  })

  it('charges the depth weight of the limit, then the venue figure from the header', async () => {
    const ctx = createBinanceContext({ restUrl: rest.url, logger: silentLogger })
    try {
      const used = () => ctx.limiter.headroom().windows.find((w) => w.id === 'weight-1m')?.used
      ctx.limiter.observeUsage({ window: 'weight-1m', used: 0 })
      const before = used() as number
      const { createBinancePublicRest } = await import('../../../lib/venues/binance/public.js')
      const api = createBinancePublicRest(ctx)
      await firstValueFrom(ctx.symbols())
      const afterInfo = used() as number
      expect(afterInfo - before).to.be.at.least(20)
      rest.routes.set('/api/v3/depth', () => ({ body: fixture('rest-depth') }))
      await firstValueFrom(api.orderBook('ETH/BTC', { limit: 5000 }))
      expect((used() as number) - afterInfo).to.equal(250)
      rest.routes.set('/api/v3/depth', () => ({
        body: fixture('rest-depth'),
        headers: { 'x-mbx-used-weight-1m': '4000' },
      }))
      await firstValueFrom(api.orderBook('ETH/BTC', { limit: 100 }))
      expect(used()).to.equal(4000)
    } finally {
      await ctx.close()
    }
  })

  it('sizes a book snapshot to the deepest limit of the weight band that covers the depth asked', () => {
    const cases: [number | undefined, number, number][] = [
      [1, 100, 5],
      [100, 100, 5],
      [101, 500, 25],
      [500, 500, 25],
      [501, 1000, 50],
      [undefined, 1000, 50],
      [1000, 1000, 50],
      [1001, 5000, 250],
      [5000, 5000, 250],
    ]
    for (const [depth, limit, weight] of cases) {
      expect([binanceSnapshotLimit(depth), binanceDepthWeight(limit)], String(depth)).to.deep.equal([
        limit,
        weight,
      ])
    }
    for (const depth of [0, -1, 1.5, 5001, NaN]) {
      expect(() => binanceSnapshotLimit(depth), String(depth))
        .to.throw(VenueError)
        .with.property('kind', 'invalid-request')
    }
  })

  it('reads the order book, trades, aggregate trades, tickers and the book ticker', async () => {
    const book = await firstValueFrom(venue.orderBook('ETH/BTC', { limit: 10 }))
    expect([book.sequence, book.bids[0]?.price.toString(), book.asks[0]?.size.toString()]).to.deep.equal([
      1027024,
      '4',
      '12',
    ])
    expect(rest.to('/api/v3/depth')[0]?.query.toString()).to.equal('symbol=ETHBTC&limit=10')
    const [trade] = await firstValueFrom(venue.recentTrades('ETH/BTC'))
    expect([trade?.id, trade?.side, trade?.price.toString()]).to.deep.equal(['28457', 'sell', '4.000001'])
    const [agg] = await firstValueFrom(venue.aggTrades('ETH/BTC', { limit: 10 }))
    expect([agg?.id, agg?.side, agg?.size.toString()]).to.deep.equal(['26129', 'sell', '4.70443515'])
    const tickers = await firstValueFrom(venue.tickers())
    // BNBBTC is not listed here and is left out
    expect(tickers.map((x) => [x.symbol, x.bid?.toString(), x.last?.toString()])).to.deep.equal([
      ['ETH/BTC', '4', '4.000002'],
    ])
    const [eth] = tickers
    expect([
      eth?.askSize?.toString(),
      eth?.open24h?.toString(),
      eth?.high24h?.toString(),
      eth?.low24h?.toString(),
      eth?.volume24h?.toString(),
      eth?.quoteVolume24h?.toString(),
      eth?.rawTimestamp,
    ]).to.deep.equal(['100', '99', '100', '0.1', '8913.3', '15.3', 1499869899040])
    const [single] = await firstValueFrom(venue.tickers('ETH/BTC'))
    expect(single?.symbol).to.equal('ETH/BTC')
    expect(rest.to('/api/v3/ticker/24hr').at(-1)?.query.toString()).to.equal('symbol=ETHBTC')
    const one = await firstValueFrom(venue.bookTicker('ETH/BTC'))
    expect([one.bid?.toString(), one.askSize?.toString()]).to.deep.equal(['4', '9'])
  })

  it('turns an error body into a VenueError of the right kind', async () => {
    rest.routes.set('/api/v3/depth', () => ({ status: 400, body: fixture('rest-error-invalid-symbol') }))
    const error = await firstValueFrom(venue.orderBook('ETH/BTC')).catch((e: unknown) => e)
    expect(error).to.be.instanceOf(VenueError)
    expect([(error as VenueError).kind, (error as VenueError).code]).to.deep.equal(['invalid-request', -1121])
    expect(rest.to('/api/v3/depth')).to.have.length(1)
    expect(await firstValueFrom(venue.orderBook('XRP/EUR')).catch((e: unknown) => e)).to.be.instanceOf(
      VenueError,
    )
  })

  it("a rate limit carries the venue's Retry-After", async () => {
    rest.routes.set('/api/v3/depth', () => ({
      status: 429,
      headers: { 'retry-after': '3600' },
      body: { code: -1003, msg: 'Too much request weight used.' },
    }))
    const error = await firstValueFrom(venue.orderBook('ETH/BTC')).catch((e: unknown) => e)
    expect([(error as VenueError).kind, (error as VenueError).retryAfterMs]).to.deep.equal([
      'rate-limit',
      3_600_000,
    ])
  })

  describe('candle history', () => {
    const from = Date.UTC(2024, 0, 1)
    // 2 500 minutes of candles exist, from `from`; the venue pages 1000 at a time
    const series = (q: URLSearchParams): FakeAnswer => {
      const start = Number(q.get('startTime'))
      const end = Number(q.get('endTime'))
      const limit = Number(q.get('limit'))
      const rows: unknown[] = []
      let open = Math.max(from, Math.ceil(start / MINUTE) * MINUTE)
      while (rows.length < limit && open <= end && open < from + 2500 * MINUTE) {
        rows.push(kline(open))
        open += MINUTE
      }
      return { body: rows }
    }

    it('pages over the range oldest first with no gap or duplicate at the page boundaries', async () => {
      klines = series
      const candles = await lastValueFrom(
        venue
          .candleHistory('ETH/BTC', {
            interval: '1m',
            from: new Date(from),
            to: new Date(from + 2400 * MINUTE),
          })
          .pipe(toArray()),
      )
      expect(candles).to.have.length(2400)
      candles.forEach((c, i) => expect(c.timestamp.getTime()).to.equal(from + i * MINUTE))
      expect(candles.every((c) => c.closed)).to.equal(true)
      expect(candles[0]?.quoteVolume?.toString()).to.equal('15')
      const starts = rest.to('/api/v3/klines').map((r) => Number(r.query.get('startTime')))
      expect(starts).to.deep.equal([from, from + 1000 * MINUTE, from + 2000 * MINUTE])
    })

    it('fetches lazily: taking the first candles costs one request', async () => {
      klines = series
      await lastValueFrom(
        venue
          .candleHistory('ETH/BTC', {
            interval: '1m',
            from: new Date(from),
            to: new Date(from + 2400 * MINUTE),
          })
          .pipe(take(5), toArray()),
      )
      expect(rest.to('/api/v3/klines')).to.have.length(1)
    })

    it('stops when the range runs past the data, and refuses bad ranges', async () => {
      klines = series
      const candles = await lastValueFrom(
        venue
          .candleHistory('ETH/BTC', {
            interval: '1m',
            from: new Date(from + 2000 * MINUTE),
            to: new Date(from + 9000 * MINUTE),
          })
          .pipe(toArray()),
      )
      expect(candles).to.have.length(500)
      // the window after the data comes back empty; one probe finds nothing in the rest of the range
      const windows = rest.to('/api/v3/klines').map((r) => [r.query.get('startTime'), r.query.get('limit')])
      expect(windows).to.deep.equal([
        [String(from + 2000 * MINUTE), '1000'],
        [String(from + 3000 * MINUTE), '1000'],
        [String(from + 4000 * MINUTE), '1'],
      ])
      const bad = await firstValueFrom(
        venue.candleHistory('ETH/BTC', { interval: '1m', from: new Date(NaN), to: new Date(from) }),
      ).catch((e: unknown) => e)
      expect(bad).to.be.instanceOf(VenueError)
      expect((bad as VenueError).message).to.match(/from an invalid Date is not a time/)
    })
  })
})
