/**
 * The public market-data endpoints of Binance spot (`/api/v3`), answered from the engine, the
 * diff-depth books and the candle series.
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api/market-data-endpoints
 */
import { Decimal } from '../../core/decimal.js'
import type { Trade } from '../../core/model.js'
import type { SeriesCandle } from '../../sim/candle-series.js'
import { IntervalNames, MINUTE } from '../kit/intervals.js'
import { checkSpan, history } from '../kit/history.js'
import { readJson } from '../kit/json.js'
import { lastPrice, marketStats } from '../kit/market-stats.js'
import type { BinanceContext } from './context.js'
import type { BinanceMarket } from './options.js'
import { id, p, type Params } from './params.js'
import { binanceError, eight } from './wire.js'

const DAY = 24 * 60 * MINUTE

/**
 * Binance's kline intervals and their lengths (case-sensitive: `1m` is a minute, `1M` a month).
 *
 * @example
 * KLINE_INTERVALS.of('1h') // 3_600_000
 */
export const KLINE_INTERVALS = new IntervalNames(
  {
    '1s': 1000,
    '1m': MINUTE,
    '3m': 3 * MINUTE,
    '5m': 5 * MINUTE,
    '15m': 15 * MINUTE,
    '30m': 30 * MINUTE,
    '1h': 60 * MINUTE,
    '2h': 120 * MINUTE,
    '4h': 240 * MINUTE,
    '6h': 360 * MINUTE,
    '8h': 480 * MINUTE,
    '12h': 720 * MINUTE,
    '1d': DAY,
    '3d': 3 * DAY,
    '1w': 7 * DAY,
    '1M': 'month',
  },
  () => binanceError('badInterval'),
)

/**
 * The weight of `GET /api/v3/depth` for a `limit`.
 *
 * @example
 * depthWeight(5000) // 250
 */
export function depthWeight(limit: number): number {
  if (limit <= 100) return 5
  if (limit <= 500) return 25
  if (limit <= 1000) return 50
  return 250
}

/**
 * The markets a `symbol` or `symbols` (JSON array) parameter names, or all of them.
 *
 * @example
 * symbolsParam(ctx, formParams('symbols=["BTCUSDT","ETHUSDT"]', '')).map((m) => m.venueSymbol) // ['BTCUSDT', 'ETHUSDT']
 */
export function symbolsParam(ctx: BinanceContext, params: Params): BinanceMarket[] {
  const one = p.text(params, 'symbol')
  const many = p.text(params, 'symbols')
  if (one !== undefined && many !== undefined) {
    throw binanceError('badParam', "Parameter 'symbol' and 'symbols' cannot be sent together.")
  }
  if (one !== undefined) return [ctx.market(one)]
  if (many === undefined) return [...ctx.options.markets.values()]
  const names = readJson(many)
  if (!Array.isArray(names) || names.length === 0 || names.some((n) => typeof n !== 'string')) {
    throw binanceError(
      'badParam',
      "Invalid data sent for a parameter: 'symbols' must be a JSON array of symbols.",
    )
  }
  return (names as string[]).map((n) => ctx.market(n))
}

/**
 * `GET /api/v3/exchangeInfo`.
 *
 * @example
 * exchangeInfo(ctx, formParams('symbol=BTCUSDT', '')).symbols[0].filters
 */
export function exchangeInfo(ctx: BinanceContext, params: Params): unknown {
  return {
    timezone: 'UTC',
    serverTime: ctx.clock.now(),
    rateLimits: ctx.limits.rateLimits(),
    exchangeFilters: [],
    symbols: symbolsParam(ctx, params).map((m) => ({
      symbol: m.venueSymbol,
      status: 'TRADING',
      baseAsset: m.instrument.base,
      baseAssetPrecision: 8,
      quoteAsset: m.instrument.quote,
      quotePrecision: 8,
      quoteAssetPrecision: 8,
      baseCommissionPrecision: 8,
      quoteCommissionPrecision: 8,
      orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET'],
      icebergAllowed: false,
      ocoAllowed: false,
      otoAllowed: false,
      quoteOrderQtyMarketAllowed: true,
      allowTrailingStop: false,
      cancelReplaceAllowed: false,
      isSpotTradingAllowed: true,
      isMarginTradingAllowed: false,
      filters: [
        {
          filterType: 'PRICE_FILTER',
          minPrice: eight(m.tickSize),
          maxPrice: eight(new Decimal(1_000_000)),
          tickSize: eight(m.tickSize),
        },
        {
          filterType: 'LOT_SIZE',
          minQty: eight(m.minQty),
          maxQty: eight(m.maxQty),
          stepSize: eight(m.stepSize),
        },
        {
          filterType: 'MARKET_LOT_SIZE',
          minQty: eight(new Decimal(0)),
          maxQty: eight(m.marketMaxQty),
          stepSize: eight(new Decimal(0)),
        },
        {
          filterType: 'MIN_NOTIONAL',
          minNotional: eight(m.minNotional),
          applyToMarket: true,
          avgPriceMins: 5,
        },
        {
          filterType: 'NOTIONAL',
          minNotional: eight(m.minNotional),
          applyMinToMarket: true,
          maxNotional: eight(m.maxNotional),
          applyMaxToMarket: false,
          avgPriceMins: 5,
        },
        { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
      ],
      permissions: [],
      permissionSets: [['SPOT']],
      defaultSelfTradePreventionMode: 'NONE',
      allowedSelfTradePreventionModes: ['NONE'],
    })),
  }
}

/**
 * `GET /api/v3/depth`: `limit` default 100, above 5000 cut to 5000; `lastUpdateId` is the update id of
 * the book shown, in the id space of the `depthUpdate` events.
 *
 * @example
 * depth(ctx, formParams('symbol=BTCUSDT&limit=5000', '')).lastUpdateId
 */
export function depth(ctx: BinanceContext, params: Params): unknown {
  const m = ctx.market(params.get('symbol'))
  const limit = Math.min(5000, p.int(100, 1, Number.MAX_SAFE_INTEGER)(params, 'limit'))
  const snap = ctx.depth(m).snapshot(limit, ctx.faults.takeSnapshotLag())
  return {
    lastUpdateId: snap.lastUpdateId,
    bids: snap.bids.map((l) => [eight(l.price), eight(l.size)]),
    asks: snap.asks.map((l) => [eight(l.price), eight(l.size)]),
  }
}

/**
 * A public trade as `trades` lists it. `isBuyerMaker` is true when the taker sold.
 *
 * @example
 * restTrade(trade).isBuyerMaker
 */
export function restTrade(t: Trade): unknown {
  return {
    id: Number(t.id),
    price: eight(t.price),
    qty: eight(t.size),
    quoteQty: eight(t.price.mul(t.size)),
    time: t.timestamp.getTime(),
    isBuyerMaker: t.side === 'sell',
    isBestMatch: true,
  }
}

/**
 * A public trade as `aggTrades` lists it: each trade is its own aggregate (`f` = `l` = its id).
 *
 * @example
 * restAggTrade(trade).a
 */
export function restAggTrade(t: Trade): Record<string, unknown> {
  const id = Number(t.id)
  return {
    a: id,
    p: eight(t.price),
    q: eight(t.size),
    f: id,
    l: id,
    T: t.timestamp.getTime(),
    m: t.side === 'sell',
    M: true,
  }
}

function allTrades(ctx: BinanceContext, m: BinanceMarket): Trade[] {
  return ctx.exchange.trades(m.instrument.symbol, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)
}

/**
 * `GET /api/v3/trades`: the latest `limit` (default 500, at most 1000), oldest first.
 *
 * @example
 * trades(ctx, formParams('symbol=BTCUSDT&limit=10', ''))
 */
export function trades(ctx: BinanceContext, params: Params): unknown {
  const m = ctx.market(params.get('symbol'))
  const limit = p.int(500, 1, 1000)(params, 'limit')
  return allTrades(ctx, m).slice(-limit).map(restTrade)
}

/**
 * `GET /api/v3/aggTrades`: from `fromId`, or in [`startTime`, `endTime`] (at most 1 h apart), else the
 * latest; `limit` default 500, at most 1000; oldest first.
 *
 * @example
 * aggTrades(ctx, formParams('symbol=BTCUSDT&fromId=1&limit=100', ''))
 */
export function aggTrades(ctx: BinanceContext, params: Params): unknown {
  const m = ctx.market(params.get('symbol'))
  const limit = p.int(500, 1, 1000)(params, 'limit')
  const fromId = id(params, 'fromId')
  const start = id(params, 'startTime')
  const end = id(params, 'endTime')
  if (fromId === undefined)
    checkSpan(start, end, 60 * MINUTE, () =>
      binanceError('badParam', 'startTime and endTime must be at most 1 hour apart.'),
    )
  const take = start !== undefined || end !== undefined ? 'first' : 'last'
  const time = (t: Trade) => t.timestamp.getTime()
  return history(allTrades(ctx, m), { id: (t) => Number(t.id), time, fromId, start, end, limit, take }).map(
    restAggTrade,
  )
}

/**
 * A candle as a REST kline row: `[openTime, o, h, l, c, volume, closeTime, quoteVolume, trades,
 * takerBuyBase, takerBuyQuote, "0"]`.
 *
 * @example
 * klineRow(candle)[6] // closeTime, the last ms of the candle
 */
export function klineRow(c: SeriesCandle, m: BinanceMarket): unknown[] {
  const n = c.volume.div(m.stepSize).floor().toNumber()
  return [
    c.openTime,
    eight(c.open),
    eight(c.high),
    eight(c.low),
    eight(c.close),
    eight(c.volume),
    c.closeTime - 1,
    eight(c.turnover),
    n,
    eight(c.volume.div(2)),
    eight(c.turnover.div(2)),
    '0',
  ]
}

/**
 * `GET /api/v3/klines`: candles with open time in [`startTime`, `endTime`], oldest first, at most
 * `limit` (default 500, at most 1000): the first ones from `startTime`, else the last ones up to
 * `endTime` or now.
 *
 * @example
 * klines(ctx, formParams('symbol=BTCUSDT&interval=1h&startTime=1714521600000&limit=24', ''))
 */
export function klines(ctx: BinanceContext, params: Params): unknown {
  const m = ctx.market(params.get('symbol'))
  const interval = KLINE_INTERVALS.of(p.required(params, 'interval'))
  const limit = p.int(500, 1, 1000)(params, 'limit')
  const start = id(params, 'startTime')
  const end = id(params, 'endTime')
  const take = start !== undefined ? 'first' : 'last'
  return ctx.candles(m, interval, { from: start, to: end, limit, take }).map((c) => klineRow(c, m))
}

function ticker24(ctx: BinanceContext, m: BinanceMarket, mini: boolean): unknown {
  const now = ctx.clock.now()
  const list = ctx.exchange.trades(m.instrument.symbol, now - DAY + 1, now + 1)
  const zero = new Decimal(0)
  const s = marketStats(ctx.exchange, m, zero)
  const first = list[0]
  const lastTrade = list[list.length - 1]
  const stats = {
    openPrice: eight(s.open),
    highPrice: eight(s.high),
    lowPrice: eight(s.low),
    lastPrice: eight(s.last),
    volume: eight(s.volume),
    quoteVolume: eight(s.quoteVolume),
    openTime: now - DAY,
    closeTime: now,
    firstId: first === undefined ? -1 : Number(first.id),
    lastId: lastTrade === undefined ? -1 : Number(lastTrade.id),
    count: list.length,
  }
  if (mini) return { symbol: m.venueSymbol, ...stats }
  const change = s.last.minus(s.open)
  return {
    symbol: m.venueSymbol,
    priceChange: eight(change),
    priceChangePercent: s.open.isZero()
      ? '0.000'
      : change.div(s.open).mul(100).toFixed(3, Decimal.ROUND_DOWN),
    weightedAvgPrice: eight(s.volume.isZero() ? zero : s.quoteVolume.div(s.volume)),
    prevClosePrice: eight(s.open),
    lastQty: eight(lastTrade?.size ?? zero),
    bidPrice: eight(s.bid ?? zero),
    bidQty: eight(s.bidSize ?? zero),
    askPrice: eight(s.ask ?? zero),
    askQty: eight(s.askSize ?? zero),
    ...stats,
  }
}

/** One row (an object) for `symbol`, else a list: one per market `symbols` names, or every market. */
function perSymbol(ctx: BinanceContext, params: Params, row: (m: BinanceMarket) => unknown): unknown {
  const list = symbolsParam(ctx, params).map(row)
  return p.text(params, 'symbol') === undefined ? list : list[0]
}

/**
 * `GET /api/v3/ticker/24hr`: one symbol (an object) or several (an array); `type` FULL or MINI.
 *
 * @example
 * ticker24hr(ctx, formParams('symbol=BTCUSDT', ''))
 */
export function ticker24hr(ctx: BinanceContext, params: Params): unknown {
  const type = p.text(params, 'type') ?? 'FULL'
  if (type !== 'FULL' && type !== 'MINI')
    throw binanceError('badParam', "Invalid data sent for a parameter: 'type'.")
  return perSymbol(ctx, params, (m) => ticker24(ctx, m, type === 'MINI'))
}

/**
 * `GET /api/v3/ticker/bookTicker`.
 *
 * @example
 * bookTicker(ctx, formParams('symbol=BTCUSDT', '')).bidPrice
 */
export function bookTicker(ctx: BinanceContext, params: Params): unknown {
  return perSymbol(ctx, params, (m) => {
    const { bids, asks } = ctx.exchange.book(m.instrument.symbol, 1)
    const zero = new Decimal(0)
    return {
      symbol: m.venueSymbol,
      bidPrice: eight(bids[0]?.price ?? zero),
      bidQty: eight(bids[0]?.size ?? zero),
      askPrice: eight(asks[0]?.price ?? zero),
      askQty: eight(asks[0]?.size ?? zero),
    }
  })
}

/**
 * `GET /api/v3/ticker/price`: the last trade price (the mid price before any trade).
 *
 * @example
 * tickerPrice(ctx, formParams('symbol=BTCUSDT', '')).price
 */
export function tickerPrice(ctx: BinanceContext, params: Params): unknown {
  return perSymbol(ctx, params, (m) => ({ symbol: m.venueSymbol, price: eight(lastPrice(ctx.exchange, m)) }))
}

/**
 * `GET /api/v3/avgPrice`: the mean trade price of the last 5 minutes (the last price when none).
 *
 * @example
 * avgPrice(ctx, formParams('symbol=BTCUSDT', '')).mins // 5
 */
export function avgPrice(ctx: BinanceContext, params: Params): unknown {
  const m = ctx.market(params.get('symbol'))
  const now = ctx.clock.now()
  const list = ctx.exchange.trades(m.instrument.symbol, now - 5 * MINUTE, now + 1)
  const volume = list.reduce((s, t) => s.plus(t.size), new Decimal(0))
  const value = list.reduce((s, t) => s.plus(t.size.mul(t.price)), new Decimal(0))
  const price = volume.isZero() ? lastPrice(ctx.exchange, m) : value.div(volume)
  return { mins: 5, price: eight(price), closeTime: list[list.length - 1]?.timestamp.getTime() ?? now }
}
