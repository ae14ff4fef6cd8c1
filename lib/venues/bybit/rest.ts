/**
 * Bybit v5 public REST (spot) in the model's terms: server time, order book, recent trades, tickers and
 * candle history. https://bybit-exchange.github.io/docs/v5/market/orderbook (and `recent-trade`, `tickers`)
 */
import type * as t from 'io-ts'
import { map, type Observable } from 'rxjs'
import type { OrderBook, Ticker, Trade, UnifiedSymbol } from '../../core/model.js'
import type { RestQuery } from '../../transport/rest.js'
import { bookSnapshot } from '../kit/book-snapshot.js'
import { walkCandleHistory } from '../kit/candle-walk.js'
import type { PublicRest } from '../kit/public-rest.js'
import { listedRows } from '../kit/rest-market.js'
import { withInstrument } from '../kit/market-topics.js'
import { checkLimit } from '../kit/request-limit.js'
import { timestampedMs } from '../kit/timestamps.js'
import { klineSource } from '../kit/kline-source.js'
import {
  BybitKlines,
  BybitOrderBookSnapshot,
  BybitRecentTrades,
  BybitSpotTickers,
  bybitEnvelope,
} from './codecs.js'
import type { BybitContext } from './context.js'
import { BYBIT_INTERVALS, BYBIT_KLINE_PAGE_LIMIT } from './spec.js'

const OrderBookAnswer = bybitEnvelope(BybitOrderBookSnapshot)
const RecentTradesAnswer = bybitEnvelope(BybitRecentTrades)
const TickersAnswer = bybitEnvelope(BybitSpotTickers)
const KlinesAnswer = bybitEnvelope(BybitKlines)

/** Largest `limit` of spot `/v5/market/orderbook`. */
const REST_BOOK_LIMIT = 200
/** Largest `limit` of spot `/v5/market/recent-trade`. */
const RECENT_TRADES_LIMIT = 60

/**
 * Options of {@link BybitPublicRest.orderBook}.
 *
 * @example
 * venue.orderBook('BTC/USDT', { limit: 50 })
 */
export interface BybitOrderBookOptions {
  /** Levels per side, 1 to 200 (Bybit's spot maximum). Default 200. */
  readonly limit?: number | undefined
}

/**
 * Options of {@link BybitPublicRest.recentTrades}.
 *
 * @example
 * venue.recentTrades('BTC/USDT', { limit: 10 })
 */
export interface BybitRecentTradesOptions {
  /** How many, 1 to 60 (Bybit's spot maximum). Default 60. */
  readonly limit?: number | undefined
}

/**
 * Bybit's public REST in the model's terms (see the kit's `PublicRest`).
 *
 * @example
 * createBybitPublicRest(ctx).tickers().subscribe((all) => console.log(all.length))
 */
export interface BybitPublicRest extends PublicRest<BybitOrderBookOptions, BybitRecentTradesOptions> {
  /** A snapshot of the book; `sequence` is the `u` of the 50-level WebSocket book. */
  orderBook(symbol: UnifiedSymbol, options?: BybitOrderBookOptions): Observable<OrderBook>
}

/**
 * The public REST calls of a Bybit driver. Candle history walks `GET /v5/market/kline` (newest first
 * on the wire, https://bybit-exchange.github.io/docs/v5/market/kline).
 */
export function createBybitPublicRest(ctx: BybitContext): BybitPublicRest {
  const klines = klineSource(ctx.rest, {
    venue: 'bybit',
    intervals: BYBIT_INTERVALS,
    pageLimit: BYBIT_KLINE_PAGE_LIMIT,
    path: '/v5/market/kline',
    codec: KlinesAnswer,
    range: ['start', 'end'],
    query: { category: 'spot' },
    rows: (answer) => answer.result.list,
    quoteVolume: (row) => row[6],
    now: (answer) => answer.time,
  })
  const limited = (given: number | undefined, max: number, what: string) =>
    checkLimit('bybit', given ?? max, max, what)
  const spot = <A>(path: string, codec: t.Decoder<unknown, A>, query: RestQuery) =>
    ctx.rest.request$({ path, query: { category: 'spot', ...query }, codec })
  return {
    serverTime: ctx.serverTime,

    orderBook: (symbol, options = {}) =>
      withInstrument(ctx, symbol, (i) =>
        spot('/v5/market/orderbook', OrderBookAnswer, {
          symbol: i.venueSymbol,
          limit: limited(options.limit, REST_BOOK_LIMIT, 'order book limit'),
        }).pipe(
          map(({ result }) =>
            bookSnapshot(i, { bids: result.b, asks: result.a, sequence: result.u }, result.ts),
          ),
        ),
      ),

    recentTrades: (symbol, options = {}) =>
      withInstrument(ctx, symbol, ({ venueSymbol, symbol: unified }) =>
        spot('/v5/market/recent-trade', RecentTradesAnswer, {
          symbol: venueSymbol,
          limit: limited(options.limit, RECENT_TRADES_LIMIT, 'recent trades limit'),
        }).pipe(
          map(({ result }) =>
            result.list
              .map((raw): Trade => ({
                venue: 'bybit',
                symbol: unified,
                id: raw.execId,
                price: raw.price,
                size: raw.size,
                side: raw.side === 'Buy' ? 'buy' : 'sell',
                ...raw.time,
              }))
              // the venue lists newest first; a stable sort keeps same-millisecond trades in match order
              .reverse()
              .sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime()),
          ),
        ),
      ),

    tickers: (symbol) =>
      listedRows(
        ctx,
        symbol,
        (venueSymbol) =>
          spot('/v5/market/tickers', TickersAnswer, { symbol: venueSymbol }).pipe(
            map(({ result, time }) => result.list.map((row) => ({ ...row, time }))),
          ),
        (row) => row.symbol,
        (row, unified): Ticker => ({
          venue: 'bybit',
          symbol: unified,
          bid: row.bid1Price,
          bidSize: row.bid1Size,
          ask: row.ask1Price,
          askSize: row.ask1Size,
          last: row.lastPrice,
          open24h: row.prevPrice24h,
          high24h: row.highPrice24h,
          low24h: row.lowPrice24h,
          volume24h: row.volume24h,
          quoteVolume24h: row.turnover24h,
          ...timestampedMs(row.time),
        }),
      ),

    candleHistory: (symbol, request) => walkCandleHistory(ctx, klines, symbol, request),
  }
}
