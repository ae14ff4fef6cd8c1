/**
 * The public market-data endpoints of Bybit v5 spot, answered from the engine and the candle series.
 * https://bybit-exchange.github.io/docs/v5/market/time and the pages next to it
 */
import { Decimal } from '../../core/decimal.js'
import type { Trade } from '../../core/model.js'
import type { SeriesCandle } from '../../sim/candle-series.js'
import { checkSpan } from '../kit/history.js'
import { IntervalNames, MINUTE } from '../kit/intervals.js'
import { marketStats } from '../kit/market-stats.js'
import type { BybitContext } from './context.js'
import type { BybitMarket } from './options.js'
import { readParams } from '../kit/params.js'
import { p, spot, timestamp, type Params } from './params.js'
import { fixed, plain, reject, rounded, SIDE } from './wire.js'

const PUBLIC_TRADE_ID_BASE = 2_290_000_000_000_000_000n

/** Bybit's kline intervals and their lengths. https://bybit-exchange.github.io/docs/v5/enum#interval */
export const KLINE_INTERVALS: IntervalNames = new IntervalNames(
  {
    '1': MINUTE,
    '3': 3 * MINUTE,
    '5': 5 * MINUTE,
    '15': 15 * MINUTE,
    '30': 30 * MINUTE,
    '60': 60 * MINUTE,
    '120': 120 * MINUTE,
    '240': 240 * MINUTE,
    '360': 360 * MINUTE,
    '720': 720 * MINUTE,
    D: 24 * 60 * MINUTE,
    W: 7 * 24 * 60 * MINUTE,
    M: 'month',
  },
  (name) =>
    reject(
      'params',
      `interval ${String(name)} is not one of ${Object.keys(KLINE_INTERVALS.lengths).join(',')}`,
    ),
)

export function serverTime(ctx: BybitContext): unknown {
  const now = ctx.clock.now()
  return { timeSecond: String(Math.floor(now / 1000)), timeNano: (BigInt(now) * 1_000_000n).toString() }
}

/** `GET /v5/market/instruments-info`: spot lists every symbol at once, no cursor. */
export function instrumentsInfo(ctx: BybitContext, params: Params): unknown {
  const markets = marketsOf(ctx, params)
  return {
    category: 'spot',
    list: markets.map((m, i) => ({
      symbolId: i + 1,
      symbol: m.venueSymbol,
      baseCoin: m.instrument.base,
      quoteCoin: m.instrument.quote,
      innovation: '0',
      status: 'Trading',
      marginTrading: 'utaOnly',
      stTag: '0',
      lotSizeFilter: {
        basePrecision: plain(m.basePrecision),
        quotePrecision: plain(m.quotePrecision),
        minOrderQty: plain(m.minOrderQty),
        maxOrderQty: plain(m.maxLimitOrderQty),
        minOrderAmt: plain(m.minOrderAmt),
        maxOrderAmt: '8000000',
        maxLimitOrderQty: plain(m.maxLimitOrderQty),
        maxMarketOrderQty: plain(m.maxMarketOrderQty),
        postOnlyMaxLimitOrderSize: plain(m.maxLimitOrderQty),
      },
      priceFilter: { tickSize: plain(m.tickSize) },
      riskParameters: { priceLimitRatioX: '0.005', priceLimitRatioY: '0.01' },
      symbolType: '',
    })),
  }
}

/** A price level as Bybit writes it: fixed decimals of the tick and of the quantity step. */
export function levelText(m: BybitMarket, price: Decimal, size: Decimal): [string, string] {
  return [fixed(price, m.priceDp), fixed(size, m.qtyDp)]
}

export function orderbook(ctx: BybitContext, params: Params): unknown {
  const { symbol: m, limit } = readParams(params, {
    category: spot,
    symbol: p.market(ctx.market),
    limit: p.int(1, 1, 200),
  })
  const { bids, asks } = ctx.exchange.book(m.instrument.symbol, limit)
  return {
    s: m.venueSymbol,
    a: asks.map((l) => levelText(m, l.price, l.size)),
    b: bids.map((l) => levelText(m, l.price, l.size)),
    ts: ctx.clock.now(),
    u: ctx.bookUpdateId(m),
  }
}

export function publicTradeId(trade: Trade): string {
  return (PUBLIC_TRADE_ID_BASE + BigInt(trade.id)).toString()
}

/** `GET /v5/market/recent-trade`: newest first. */
export function recentTrades(ctx: BybitContext, params: Params): unknown {
  const { symbol: m, limit } = readParams(params, {
    category: spot,
    symbol: p.market(ctx.market),
    limit: p.int(60, 1, 60),
  })
  const trades = ctx.exchange.trades(m.instrument.symbol, -Infinity, Infinity).slice(-limit).reverse()
  return {
    category: 'spot',
    list: trades.map((t) => ({
      execId: publicTradeId(t),
      symbol: m.venueSymbol,
      price: fixed(t.price, m.priceDp),
      size: fixed(t.size, m.qtyDp),
      side: SIDE[t.side],
      time: String(t.timestamp.getTime()),
      isBlockTrade: false,
    })),
  }
}

/**
 * What both the REST tickers and the `tickers.{symbol}` topic publish: the market's statistics (before
 * any trade the last price is its start price) and `pcnt24h`, `(last - open) / open` to 4 places.
 */
export function tickerFigures(ctx: BybitContext, m: BybitMarket) {
  const s = marketStats(ctx.exchange, m, m.config.startPrice)
  const pcnt24h = s.open.isZero() ? '0' : rounded(s.last.minus(s.open).div(s.open).toDecimalPlaces(4), 4)
  return { ...s, pcnt24h }
}

/** `GET /v5/market/tickers`: every symbol, or the one asked. */
export function tickers(ctx: BybitContext, params: Params): unknown {
  const markets = marketsOf(ctx, params)
  return {
    category: 'spot',
    list: markets.map((m) => {
      const f = tickerFigures(ctx, m)
      const price = (d: Decimal | undefined) => (d === undefined ? '' : fixed(d, m.priceDp))
      const size = (d: Decimal | undefined) => (d === undefined ? '' : fixed(d, m.qtyDp))
      return {
        symbol: m.venueSymbol,
        bid1Price: price(f.bid),
        bid1Size: size(f.bidSize),
        ask1Price: price(f.ask),
        ask1Size: size(f.askSize),
        lastPrice: price(f.last),
        prevPrice24h: price(f.open),
        price24hPcnt: f.pcnt24h,
        highPrice24h: price(f.high),
        lowPrice24h: price(f.low),
        turnover24h: plain(f.quoteVolume),
        volume24h: plain(f.volume),
        usdIndexPrice: price(f.last),
      }
    }),
  }
}

/**
 * `GET /v5/market/kline`: the `limit` newest candles whose open time is in [`start`, `end`] (`end`
 * defaults to now), newest first. Page back by passing the oldest open time received, minus one, as
 * the next `end`.
 */
export function klines(ctx: BybitContext, params: Params): unknown {
  const { symbol: m, ...q } = readParams(params, {
    category: spot,
    symbol: p.market(ctx.market),
    interval: (params: Params, name: string) => KLINE_INTERVALS.of(params.get(name)),
    limit: p.int(200, 1, 1000),
    start: timestamp,
    end: timestamp,
  })
  checkSpan(q.start, q.end, Infinity, () => reject('params', 'start is after end'))
  const candles = ctx.candles(m, q.interval, { from: q.start, to: q.end, limit: q.limit, take: 'last' })
  return { symbol: m.venueSymbol, category: 'spot', list: candles.reverse().map((c) => klineRow(m, c)) }
}

function klineRow(m: BybitMarket, c: SeriesCandle): string[] {
  return [
    String(c.openTime),
    fixed(c.open, m.priceDp),
    fixed(c.high, m.priceDp),
    fixed(c.low, m.priceDp),
    fixed(c.close, m.priceDp),
    plain(c.volume),
    plain(c.turnover),
  ]
}

/** The markets a `symbol` filter names: the one asked, or every listed one. */
function marketsOf(ctx: BybitContext, params: Params): BybitMarket[] {
  const { symbol } = readParams(params, { category: spot, symbol: p.marketFilter(ctx.market) })
  return symbol === undefined ? [...ctx.options.markets.values()] : [symbol]
}
