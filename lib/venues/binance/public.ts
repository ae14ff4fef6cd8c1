/**
 * Binance spot public REST: order book, recent and aggregate trades, 24 h tickers, book tickers, and
 * kline and trade history paged lazily across any time range. Each request spends its documented
 * weight in the driver's limiter.
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api/market-data-endpoints
 */
import * as t from 'io-ts'
import { defer, map, type Observable } from 'rxjs'
import type { Decimal } from '../../core/decimal.js'
import type { OrderBook, Ticker, Timestamped, Trade, UnifiedSymbol } from '../../core/model.js'
import type { RestQuery } from '../../transport/rest.js'
import type { HistoryRange } from '../contract/index.js'
import { bookSnapshot } from '../kit/book-snapshot.js'
import { walkCandleHistory } from '../kit/candle-walk.js'
import { checkHistoryRange } from '../kit/history-request.js'
import { idHistory, type IdHistory } from '../kit/id-history.js'
import { klineSource } from '../kit/kline-source.js'
import { servedBookDepth } from '../kit/market-requests.js'
import { withInstrument } from '../kit/market-topics.js'
import type { PublicRest } from '../kit/public-rest.js'
import { historyWalk, listedRows } from '../kit/rest-market.js'
import { checkLimit } from '../kit/request-limit.js'
import { timestampedMs } from '../kit/timestamps.js'
import {
  BinanceAggTrade,
  BinanceDepthSnapshot,
  BinanceKlines,
  BinanceRestBookTicker,
  BinanceRestTrade,
  BinanceTicker24h,
} from './codecs.js'
import type { BinanceContext } from './context.js'
import { BINANCE_INTERVALS, BINANCE_PAGE_LIMITS, BINANCE_WEIGHTS } from './spec.js'

/**
 * Options of {@link BinancePublicRest.orderBook}. Binance charges more request weight for deeper
 * snapshots (5 up to 100 levels, 250 at 5000), so ask for no more than you use.
 *
 * @example
 * binance.orderBook('BTC/USDT', { limit: 20 }).subscribe((book) => console.log(book.asks[0]?.price.toString()))
 */
export interface BinanceOrderBookOptions {
  /** Levels per side, 1 to 5000. Default 100. */
  readonly limit?: number | undefined
}

/**
 * Options of {@link BinancePublicRest.recentTrades}.
 *
 * @example
 * binance.recentTrades('BTC/USDT', { limit: 100 }).subscribe((trades) => console.log(trades.at(-1)?.price.toString()))
 */
export interface BinanceRecentTradesOptions {
  /** How many, 1 to 1000. Default 500. */
  readonly limit?: number | undefined
}

/**
 * Options of {@link BinancePublicRest.aggTrades}: page by `fromId`, or ask for a time span of at most
 * an hour.
 *
 * @example
 * const to = new Date()
 * binance.aggTrades('BTC/USDT', { startTime: new Date(to.getTime() - 60_000), endTime: to })
 */
export interface BinanceAggTradesOptions {
  /** From this aggregate trade id on. */
  readonly fromId?: number | undefined
  /** Trades at or after this time; with `endTime`, at most an hour before it. */
  readonly startTime?: Date | undefined
  /** Trades at or before this time. */
  readonly endTime?: Date | undefined
  /** 1 to 1000. Default 500. */
  readonly limit?: number | undefined
}

/**
 * Binance's public REST in the model's terms (see the kit's `PublicRest`). Candle history takes 1 000
 * candles a request; a candle whose close time has not passed on the venue's clock is `closed: false`.
 *
 * @example
 * binance.bookTicker('BTC/USDT').subscribe((t) => console.log(t.bid?.toString()))
 */
export interface BinancePublicRest extends PublicRest<BinanceOrderBookOptions, BinanceRecentTradesOptions> {
  /** A snapshot of the book; `sequence` is its `lastUpdateId`. */
  orderBook(symbol: UnifiedSymbol, options?: BinanceOrderBookOptions): Observable<OrderBook>
  /** Aggregate trades (id: the aggregate id), oldest first. */
  aggTrades(symbol: UnifiedSymbol, options?: BinanceAggTradesOptions): Observable<readonly Trade[]>
  /** Best bid and ask of a symbol (the venue sends no time: `timestamp` is the venue clock's now). */
  bookTicker(symbol: UnifiedSymbol): Observable<Ticker>
  /**
   * Aggregate trades in `[from, to)`, oldest first, each once, paged lazily: found by time an hour at a
   * time, then followed by aggregate id, which leaves no gaps.
   */
  tradeHistory(symbol: UnifiedSymbol, range: HistoryRange): Observable<Trade>
}

/** The request weight of `/api/v3/depth` for a `limit` (`BINANCE_WEIGHTS.depth`), 250 beyond. */
export function binanceDepthWeight(limit: number): number {
  for (const [upTo, weight] of BINANCE_WEIGHTS.depth) if (limit <= upTo) return weight
  return 250
}

/**
 * The `limit` of the REST snapshot a local book of `depth` levels a side starts from: the deepest of
 * the weight band that covers the depth, so the book gets all the headroom its weight pays for; 1000
 * when no depth is asked.
 *
 * @throws VenueError `invalid-request` for a depth that is not a positive integer or exceeds 5000.
 */
export function binanceSnapshotLimit(depth: number | undefined): number {
  return servedBookDepth('binance', SNAPSHOT_LIMITS, depth ?? 1000)
}

const SNAPSHOT_LIMITS = BINANCE_WEIGHTS.depth.map(([limit]) => limit)

/** `GET /api/v3/depth` as decoded (levels still validated text), spending the weight of its limit. */
export function depthSnapshot(
  ctx: BinanceContext,
  venueSymbol: string,
  n: number,
): Observable<BinanceDepthSnapshot> {
  return defer(() =>
    ctx.rest.request$({
      path: '/api/v3/depth',
      query: { symbol: venueSymbol, limit: limit(n, BINANCE_PAGE_LIMITS.depth, 'order book limit') },
      codec: BinanceDepthSnapshot,
      cost: binanceDepthWeight(n),
      context: `GET /api/v3/depth ${venueSymbol}`,
    }),
  )
}

/** A trade of the `trade` or `aggTrade` kind (REST or stream), `m` meaning the buyer was the maker. */
export function toTrade(
  symbol: UnifiedSymbol,
  id: number | string,
  raw: { readonly p: Decimal; readonly q: Decimal; readonly m: boolean; readonly T: Timestamped },
): Trade {
  return {
    venue: 'binance',
    symbol,
    id: String(id),
    price: raw.p,
    size: raw.q,
    side: raw.m ? 'sell' : 'buy',
    ...raw.T,
  }
}

const AggTrades = t.array(BinanceAggTrade)
const RestTrades = t.array(BinanceRestTrade)
const Tickers24h = t.array(BinanceTicker24h)

/** The public REST calls of a Binance driver. */
export function createBinancePublicRest(ctx: BinanceContext): BinancePublicRest {
  const { rest } = ctx
  const aggTrades = (venueSymbol: string, options: BinanceAggTradesOptions) =>
    defer(() =>
      rest.request$({
        path: '/api/v3/aggTrades',
        query: {
          symbol: venueSymbol,
          fromId: options.fromId,
          startTime: options.startTime?.getTime(),
          endTime: options.endTime?.getTime(),
          limit: limit(options.limit ?? 500, BINANCE_PAGE_LIMITS.aggTrades, 'aggregate trades limit'),
        },
        codec: AggTrades,
        cost: BINANCE_WEIGHTS.aggTrades,
        context: `GET /api/v3/aggTrades ${venueSymbol}`,
      }),
    )
  const get = <A>(path: string, codec: t.Decoder<unknown, A>, cost: number, query?: RestQuery) =>
    rest.request$({ path, query, codec, cost })
  const now = () => timestampedMs(ctx.clock.now())
  const klines = klineSource(rest, {
    venue: 'binance',
    intervals: BINANCE_INTERVALS,
    pageLimit: BINANCE_PAGE_LIMITS.klines,
    path: '/api/v3/klines',
    codec: BinanceKlines,
    cost: BINANCE_WEIGHTS.klines,
    range: ['startTime', 'endTime'],
    rows: (answer) => answer,
    quoteVolume: (row) => row[7],
    now: () => ctx.clock.now(),
  })

  return {
    serverTime: ctx.serverTime,

    orderBook: (symbol, options = {}) =>
      withInstrument(ctx, symbol, (i) =>
        depthSnapshot(ctx, i.venueSymbol, options.limit ?? 100).pipe(
          map((s) => bookSnapshot(i, { bids: s.bids, asks: s.asks, sequence: s.lastUpdateId }, now())),
        ),
      ),

    recentTrades: (symbol, options = {}) =>
      withInstrument(ctx, symbol, (i) =>
        get('/api/v3/trades', RestTrades, BINANCE_WEIGHTS.trades, {
          symbol: i.venueSymbol,
          limit: limit(options.limit ?? 500, BINANCE_PAGE_LIMITS.trades, 'recent trades limit'),
        }).pipe(
          map((rows) =>
            rows.map((r) => toTrade(i.symbol, r.id, { p: r.price, q: r.qty, m: r.isBuyerMaker, T: r.time })),
          ),
        ),
      ),

    aggTrades: (symbol, options = {}) =>
      withInstrument(ctx, symbol, (i) =>
        aggTrades(i.venueSymbol, options).pipe(map((rows) => rows.map((r) => toTrade(i.symbol, r.a, r)))),
      ),

    tickers: (symbol) =>
      listedRows(
        ctx,
        symbol,
        (venueSymbol) =>
          venueSymbol === undefined
            ? get('/api/v3/ticker/24hr', Tickers24h, BINANCE_WEIGHTS.ticker24hAll)
            : get('/api/v3/ticker/24hr', BinanceTicker24h, BINANCE_WEIGHTS.ticker24h, {
                symbol: venueSymbol,
              }).pipe(map((row) => [row])),
        (row) => row.symbol,
        (row, unified) => ticker24h(unified, row),
      ),

    bookTicker: (symbol) =>
      withInstrument(ctx, symbol, (i) =>
        get('/api/v3/ticker/bookTicker', BinanceRestBookTicker, BINANCE_WEIGHTS.bookTicker, {
          symbol: i.venueSymbol,
        }).pipe(map((row) => bestPrices(i.symbol, row, now()))),
      ),

    candleHistory: (symbol, request) => walkCandleHistory(ctx, klines, symbol, request),

    tradeHistory: (symbol, range) =>
      historyWalk(
        ctx,
        () => checkHistoryRange('binance', range, 'trade history'),
        ({ fromMs, toMs }) =>
          withInstrument(ctx, symbol, (i) => {
            const page = (options: BinanceAggTradesOptions) =>
              aggTrades(i.venueSymbol, { limit: BINANCE_PAGE_LIMITS.aggTrades, ...options })
            const trades: IdHistory<BinanceAggTrade> = {
              venue: 'binance',
              what: `${i.symbol} trades`,
              // a request bounded by time spans at most an hour
              windowMs: 3_600_000,
              byTime: (start, end) => page({ startTime: new Date(start), endTime: new Date(end) }),
              byId: (fromId) => page({ fromId }),
              earliest: () =>
                page({ fromId: 0, limit: 1 }).pipe(map((first) => first[0]?.T.timestamp.getTime())),
              id: (r) => r.a,
              time: (r) => r.T.timestamp.getTime(),
            }
            return idHistory(trades, fromMs, toMs).pipe(map((r) => toTrade(i.symbol, r.a, r)))
          }),
      ),
  }
}

const limit = (n: number, max: number, what: string): number => checkLimit('binance', n, max, what)

/** A 24 h ticker row; its time is the window's close time. */
function ticker24h(symbol: UnifiedSymbol, row: BinanceTicker24h): Ticker {
  return {
    ...bestPrices(symbol, row, row.closeTime),
    last: row.lastPrice,
    open24h: row.openPrice,
    high24h: row.highPrice,
    low24h: row.lowPrice,
    volume24h: row.volume,
    quoteVolume24h: row.quoteVolume,
  }
}

/** The best bid and ask of a ticker row (REST or `bookTicker` stream), at `at`. */
export function bestPrices(
  symbol: UnifiedSymbol,
  row: Partial<Pick<BinanceRestBookTicker, 'bidPrice' | 'bidQty' | 'askPrice' | 'askQty'>>,
  at: Timestamped,
): Ticker {
  return {
    venue: 'binance',
    symbol,
    bid: row.bidPrice,
    bidSize: row.bidQty,
    ask: row.askPrice,
    askSize: row.askQty,
    ...at,
  }
}
