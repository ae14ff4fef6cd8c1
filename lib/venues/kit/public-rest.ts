/**
 * The public REST calls a spot driver offers beside the venue contract, declared once.
 */
import type { Observable } from 'rxjs'
import type { Candle, OrderBook, Ticker, Trade, UnifiedSymbol } from '../../core/model.js'
import type { CandleHistoryRequest } from '../contract/index.js'

/**
 * A spot venue's public REST in the model's terms, its own options for the book and trades; every call
 * is cold: one request per subscription.
 *
 * @example
 * const rest: PublicRest<BybitOrderBookOptions, BybitRecentTradesOptions> = createBybitPublicRest(ctx)
 */
export interface PublicRest<BookOptions, TradesOptions> {
  /** The venue's clock. */
  serverTime(): Observable<Date>
  /** A snapshot of the book. */
  orderBook(symbol: UnifiedSymbol, options?: BookOptions): Observable<OrderBook>
  /** The latest public trades, oldest first; `side` is the taker's. */
  recentTrades(symbol: UnifiedSymbol, options?: TradesOptions): Observable<readonly Trade[]>
  /** 24 h tickers with best prices, of one symbol or of every listed one. */
  tickers(symbol?: UnifiedSymbol): Observable<readonly Ticker[]>
  /** Candles of `[from, to)`, paged lazily (see the kit's `walkCandleHistory`). */
  candleHistory(symbol: UnifiedSymbol, request: CandleHistoryRequest): Observable<Candle>
}
