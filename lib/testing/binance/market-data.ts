/**
 * The public market-data endpoints of Binance spot (`/api/v3`), answered from the engine, the
 * diff-depth books and the candle series.
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api/market-data-endpoints
 */
import { Decimal } from '../../core/decimal.js'
import type { Trade } from '../../core/model.js'
import { IntervalNames, MINUTE } from '../kit/intervals.js'
import { checkSpan, history } from '../kit/history.js'
import { readJson } from '../kit/json.js'
import { averagePrice, lastPrice, marketStats } from '../kit/market-stats.js'
import type { BinanceContext } from './context.js'
import type { BinanceMarket } from './options.js'
import { binanceError, eight, id, levels, p, type Params } from './wire.js'

const DAY = 24 * 60 * MINUTE
const ZERO = new Decimal(0)

/** Case-sensitive: `1m` is a minute, `1M` a month. */
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

/** The markets a `symbol` or `symbols` (JSON array) parameter names, or all of them. */
function symbolsParam(ctx: BinanceContext, params: Params): BinanceMarket[] {
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

/** One row (an object) for `symbol`, else a list: one per market `symbols` names, or every market. */
function perSymbol(ctx: BinanceContext, params: Params, row: (m: BinanceMarket) => unknown): unknown {
  const list = symbolsParam(ctx, params).map(row)
  return p.text(params, 'symbol') === undefined ? list : list[0]
}

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
          minQty: eight(ZERO),
          maxQty: eight(m.marketMaxQty),
          stepSize: eight(ZERO),
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

/** `limit` default 100, above 5000 cut to 5000; `lastUpdateId` is in the id space of `depthUpdate`s. */
export function depth(ctx: BinanceContext, params: Params): unknown {
  const m = ctx.market(params.get('symbol'))
  const limit = Math.min(5000, p.int(100, 1, Number.MAX_SAFE_INTEGER)(params, 'limit'))
  const snap = ctx.depth(m).snapshot(limit, ctx.faults.takeSnapshotLag())
  return { lastUpdateId: snap.lastUpdateId, bids: levels(snap.bids), asks: levels(snap.asks) }
}

/** A public trade as `aggTrades` lists it: each trade is its own aggregate (`f` = `l` = its id). */
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

const allTrades = (ctx: BinanceContext, m: BinanceMarket): Trade[] =>
  ctx.exchange.trades(m.instrument.symbol, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)

/** The latest `limit` (default 500, at most 1000), oldest first; `isBuyerMaker` when the taker sold. */
export function trades(ctx: BinanceContext, params: Params): unknown {
  const m = ctx.market(params.get('symbol'))
  const limit = p.int(500, 1, 1000)(params, 'limit')
  return allTrades(ctx, m)
    .slice(-limit)
    .map((t) => ({
      id: Number(t.id),
      price: eight(t.price),
      qty: eight(t.size),
      quoteQty: eight(t.price.mul(t.size)),
      time: t.timestamp.getTime(),
      isBuyerMaker: t.side === 'sell',
      isBestMatch: true,
    }))
}

/**
 * From `fromId`, or in [`startTime`, `endTime`] (at most 1 h apart), else the latest; `limit` default
 * 500, at most 1000; oldest first.
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
 * Candles with open time in [`startTime`, `endTime`], oldest first, at most `limit` (default 500, at
 * most 1000): the first ones from `startTime`, else the last ones up to `endTime` or now. A row:
 * `[openTime, o, h, l, c, volume, closeTime, quoteVolume, trades, takerBuyBase, takerBuyQuote, "0"]`.
 */
export function klines(ctx: BinanceContext, params: Params): unknown {
  const m = ctx.market(params.get('symbol'))
  const interval = KLINE_INTERVALS.of(p.required(params, 'interval'))
  const limit = p.int(500, 1, 1000)(params, 'limit')
  const start = id(params, 'startTime')
  const end = id(params, 'endTime')
  const take = start !== undefined ? 'first' : 'last'
  return ctx
    .candles(m, interval, { from: start, to: end, limit, take })
    .map((c) => [
      c.openTime,
      eight(c.open),
      eight(c.high),
      eight(c.low),
      eight(c.close),
      eight(c.volume),
      c.closeTime - 1,
      eight(c.turnover),
      c.volume.div(m.stepSize).floor().toNumber(),
      eight(c.volume.div(2)),
      eight(c.turnover.div(2)),
      '0',
    ])
}

function ticker24(ctx: BinanceContext, m: BinanceMarket, mini: boolean): unknown {
  const now = ctx.clock.now()
  const list = ctx.exchange.trades(m.instrument.symbol, now - DAY + 1, now + 1)
  const s = marketStats(ctx.exchange, m, ZERO)
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
    firstId: list.length === 0 ? -1 : Number(list[0]!.id),
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
    weightedAvgPrice: eight(s.volume.isZero() ? ZERO : s.quoteVolume.div(s.volume)),
    prevClosePrice: eight(s.open),
    lastQty: eight(lastTrade?.size ?? ZERO),
    bidPrice: eight(s.bid ?? ZERO),
    bidQty: eight(s.bidSize ?? ZERO),
    askPrice: eight(s.ask ?? ZERO),
    askQty: eight(s.askSize ?? ZERO),
    ...stats,
  }
}

/** One symbol (an object) or several (an array); `type` FULL or MINI. */
export function ticker24hr(ctx: BinanceContext, params: Params): unknown {
  const type = p.text(params, 'type') ?? 'FULL'
  if (type !== 'FULL' && type !== 'MINI')
    throw binanceError('badParam', "Invalid data sent for a parameter: 'type'.")
  return perSymbol(ctx, params, (m) => ticker24(ctx, m, type === 'MINI'))
}

/** Best bid price and size, best ask price and size; zeros for an empty side. */
export function bestLevels(ctx: BinanceContext, m: BinanceMarket): string[] {
  const { bids, asks } = ctx.exchange.book(m.instrument.symbol, 1)
  return [bids[0]?.price, bids[0]?.size, asks[0]?.price, asks[0]?.size].map((d) => eight(d ?? ZERO))
}

export function bookTicker(ctx: BinanceContext, params: Params): unknown {
  return perSymbol(ctx, params, (m) => {
    const [bidPrice, bidQty, askPrice, askQty] = bestLevels(ctx, m)
    return { symbol: m.venueSymbol, bidPrice, bidQty, askPrice, askQty }
  })
}

/** The last trade price (the mid price before any trade). */
export function tickerPrice(ctx: BinanceContext, params: Params): unknown {
  return perSymbol(ctx, params, (m) => ({ symbol: m.venueSymbol, price: eight(lastPrice(ctx.exchange, m)) }))
}

/** The mean trade price of the last 5 minutes (the last price when none). */
export function avgPrice(ctx: BinanceContext, params: Params): unknown {
  const m = ctx.market(params.get('symbol'))
  const now = ctx.clock.now()
  const { price, trades } = averagePrice(ctx.exchange, m, now - 5 * MINUTE, now + 1)
  return { mins: 5, price: eight(price), closeTime: trades[trades.length - 1]?.timestamp.getTime() ?? now }
}
