/**
 * Coinbase Advanced Trade's public REST in the model's terms: server time, the order book, the latest
 * trades and candle history, all on the unauthenticated `/market/…` endpoints.
 * https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/public/get-public-product-book
 * (and `get-public-market-trades`, `get-public-product-candles`, `get-server-time`)
 */
import { map, type Observable } from 'rxjs'
import type { OrderBook, UnifiedSymbol } from '../../core/model.js'
import { bookSnapshot } from '../kit/book-snapshot.js'
import { walkCandleHistory, type CandleHistorySource } from '../kit/candle-walk.js'
import { withInstrument } from '../kit/market-topics.js'
import type { PublicRest } from '../kit/public-rest.js'
import { checkLimit } from '../kit/request-limit.js'
import { CoinbaseCandles, CoinbaseMarketTrades, CoinbaseProductBook } from './codecs.js'
import { toCandle } from './candles.js'
import type { CoinbaseContext } from './context.js'
import { API } from './listing.js'
import { COINBASE_INTERVALS } from './spec.js'
import { inTradeOrder, toTrade } from './trades.js'

/**
 * Most candles one `/market/products/{id}/candles` request returns (the docs: "max 350").
 *
 * @example
 * // one request covers up to 350 hourly candles
 */
export const COINBASE_CANDLE_PAGE_LIMIT = 350

/** Largest `limit` the driver asks of `/market/products/{id}/ticker`. */
const RECENT_TRADES_LIMIT = 1000

/**
 * Options of {@link CoinbasePublicRest.orderBook}.
 *
 * @example
 * venue.orderBook('BTC/USD', { limit: 50 })
 */
export interface CoinbaseOrderBookOptions {
  /** Levels per side. Default: the venue's (the whole book when none is given). */
  readonly limit?: number | undefined
}

/**
 * Options of {@link CoinbasePublicRest.recentTrades}.
 *
 * @example
 * venue.recentTrades('BTC/USD', { limit: 10 })
 */
export interface CoinbaseRecentTradesOptions {
  /** How many, 1 to 1000. Default 100. */
  readonly limit?: number | undefined
}

/**
 * Coinbase's public REST in the model's terms (see the kit's `PublicRest`), without tickers: trades
 * with the taker's side (Coinbase names the maker's), candles 350 a request.
 *
 * @example
 * createCoinbasePublicRest(ctx).recentTrades('BTC/USD').subscribe((trades) => console.log(trades.length))
 */
export interface CoinbasePublicRest extends Omit<
  PublicRest<CoinbaseOrderBookOptions, CoinbaseRecentTradesOptions>,
  'tickers'
> {
  /** A snapshot of the book (`/market/product_book`); it carries no sequence. */
  orderBook(symbol: UnifiedSymbol, options?: CoinbaseOrderBookOptions): Observable<OrderBook>
}

/**
 * The public REST calls of a Coinbase driver.
 *
 * @example
 * createCoinbasePublicRest(ctx).orderBook('BTC/USD', { limit: 50 }).subscribe((book) => console.log(book.bids[0]?.price.toString()))
 */
export function createCoinbasePublicRest(ctx: CoinbaseContext): CoinbasePublicRest {
  const candles = coinbaseCandles(ctx)
  return {
    serverTime: ctx.serverTime,

    orderBook: (symbol, options = {}) =>
      withInstrument(ctx, symbol, (instrument) => {
        const limit =
          options.limit === undefined
            ? undefined
            : checkLimit('coinbase', options.limit, Number.MAX_SAFE_INTEGER, 'order book limit')
        return ctx.rest
          .request$({
            path: `${API}/market/product_book`,
            query: { product_id: instrument.venueSymbol, limit },
            codec: CoinbaseProductBook,
          })
          .pipe(map(({ pricebook }) => bookSnapshot(instrument, pricebook, pricebook.time)))
      }),

    recentTrades: (symbol, options = {}) =>
      withInstrument(ctx, symbol, ({ venueSymbol, symbol: unified }) => {
        const limit = checkLimit('coinbase', options.limit ?? 100, RECENT_TRADES_LIMIT, 'recent trades limit')
        return ctx.rest
          .request$({
            path: `${API}/market/products/${encodeURIComponent(venueSymbol)}/ticker`,
            query: { limit },
            codec: CoinbaseMarketTrades,
          })
          .pipe(map(({ trades }) => inTradeOrder(trades.map((t) => toTrade(unified, t)))))
      }),

    candleHistory: (symbol, request) => walkCandleHistory(ctx, candles, symbol, request),
  }
}

/**
 * The candle request of a Coinbase driver, as the kit's candle walk takes it: `start` and `end` in
 * whole seconds, newest first on the wire.
 *
 * @example
 * walkCandleHistory(ctx, coinbaseCandles(ctx), 'BTC/USD', { interval: '1h', from, to })
 */
export function coinbaseCandles(ctx: CoinbaseContext): CandleHistorySource {
  return {
    venue: 'coinbase',
    intervals: COINBASE_INTERVALS,
    pageLimit: COINBASE_CANDLE_PAGE_LIMIT,
    // the request takes `start` and `end` only: at most 350 candles between them
    windowOnly: true,
    fetch: ({ instrument, interval, code, start, end }) => {
      const { venueSymbol, symbol } = instrument
      return ctx.rest
        .request$({
          path: `${API}/market/products/${encodeURIComponent(venueSymbol)}/candles`,
          query: { start: Math.ceil(start / 1000), end: Math.floor(end / 1000), granularity: code },
          codec: CoinbaseCandles,
          context: `GET ${API}/market/products/${venueSymbol}/candles ${code}`,
        })
        .pipe(
          map((answer) => {
            const now = ctx.clock.now()
            return {
              now,
              candles: answer.candles.map((c) => toCandle(symbol, interval, c, now)),
            }
          }),
        )
    },
  }
}
