/**
 * The Binance spot driver: `createBinanceVenue`, and what its parts export.
 * @module
 */
import { rangedUpdateIds } from '../../book/sequence-rules.js'
import type { Observable } from 'rxjs'
import type { Trade, UnifiedSymbol } from '../../core/model.js'
import type { VenueHealthSnapshot } from '../contract/health.js'
import type { Venue } from '../contract/index.js'
import { createBinanceContext, type BinanceOptions } from './context.js'
import { createBinanceTrading, type BinanceTrading } from './private.js'
import { BINANCE_CAPABILITIES } from './spec.js'
import { createBinancePublicRest, type BinancePublicRest } from './public.js'
import { createBinancePublicStreams } from './ws-public.js'

export {
  BINANCE_INSTRUMENTS_TTL_MS,
  BINANCE_RATE_WINDOWS,
  binanceUsageWindow,
  binanceWindowId,
  createBinanceContext,
  type BinanceContext,
  type BinanceOptions,
  type ResolvedBinanceOptions,
} from './context.js'
export {
  BINANCE_AGG_TRADES_LIMIT,
  BINANCE_KLINE_PAGE_LIMIT,
  BINANCE_RECENT_TRADES_LIMIT,
  BINANCE_REST_BOOK_LIMIT,
  binanceDepthWeight,
  binanceSnapshotLimit,
  createBinancePublicRest,
  type BinanceAggTradesOptions,
  type BinanceOrderBookOptions,
  type BinancePublicRest,
  type BinanceRecentTradesOptions,
} from './public.js'
export {
  BINANCE_CONTROL_MESSAGES_PER_SECOND,
  BINANCE_HANDOVER_TIMEOUT_MS,
  BINANCE_MAX_STREAMS_PER_MESSAGE,
  createBinancePublicStreams,
  type BinancePublicStreams,
} from './ws-public.js'
export { decodeBinanceMarketFrame, type BinanceMarketFrame } from './codecs.js'
export {
  BINANCE_CAPABILITIES,
  BINANCE_INTERVALS,
  BINANCE_MAX_BODY_BYTES,
  BINANCE_TRADING_CAPABILITIES,
} from './spec.js'
export { createBinanceTrading, type BinanceTrading } from './private.js'
export { binanceError } from './errors.js'

/**
 * The Binance venue: the {@link Venue} contract plus Binance's other public calls.
 *
 * @example
 * const binance: BinanceVenue = createBinanceVenue()
 * binance.bookTicker('BTC/USDT').subscribe((t) => console.log(t.bid?.toString()))
 */
export interface BinanceVenue extends Venue, Omit<BinancePublicRest, 'candleHistory' | 'tradeHistory'> {
  readonly id: 'binance'
  /** Present when an API key and a secret (or private key) were given. */
  readonly trading: BinanceTrading | undefined
  readonly rfq: undefined
  readonly custody: undefined
  /** `<s>@aggTrade`: aggregate trades as they happen (id: the aggregate id). */
  aggTrades$(symbol: UnifiedSymbol): Observable<Trade>
  /** Open market-stream connections, and the streams each carries (health, tests). */
  streamsPerConnection(): readonly number[]
  /**
   * The market-stream pool (as one `public` connection), the WebSocket API connection once used
   * (`user-data`), both REST clients, the limiter and the breaker, now.
   */
  health(): VenueHealthSnapshot
}

/**
 * Creates a Binance spot driver. Nothing connects until a stream or request is subscribed; streams
 * share a small pool of combined connections, every request one rate limiter and circuit breaker.
 * Trading is present only with credentials.
 *
 * @example
 * const binance = createBinanceVenue()
 * binance.bookChanges$('BTC/USDT').subscribe((change) => console.log(change.firstSequence, change.sequence))
 * await binance.close()
 */
export function createBinanceVenue(options: BinanceOptions = {}): BinanceVenue {
  const ctx = createBinanceContext(options)
  const rest = createBinancePublicRest(ctx)
  const streams = createBinancePublicStreams(ctx)
  const trading = ctx.privateRest !== undefined ? createBinanceTrading(ctx) : undefined
  return {
    id: 'binance',
    capabilities: BINANCE_CAPABILITIES,
    bookSequence: rangedUpdateIds,
    instruments: () => ctx.instruments().pipe(ctx.untilClosed()),
    bookChanges$: (symbol, bookOptions) => streams.bookChanges$(symbol, bookOptions).pipe(ctx.untilClosed()),
    trades$: (symbol) => streams.trades$(symbol).pipe(ctx.untilClosed()),
    aggTrades$: (symbol) => streams.aggTrades$(symbol).pipe(ctx.untilClosed()),
    ticker$: (symbol) => streams.ticker$(symbol).pipe(ctx.untilClosed()),
    candles$: (symbol, interval) => streams.candles$(symbol, interval).pipe(ctx.untilClosed()),
    candleHistory: (symbol, request) => rest.candleHistory(symbol, request).pipe(ctx.untilClosed()),
    tradeHistory: (symbol, range) => rest.tradeHistory(symbol, range).pipe(ctx.untilClosed()),
    serverTime: () => rest.serverTime(),
    orderBook: (symbol, bookOptions) => rest.orderBook(symbol, bookOptions),
    recentTrades: (symbol, tradeOptions) => rest.recentTrades(symbol, tradeOptions),
    aggTrades: (symbol, aggOptions) => rest.aggTrades(symbol, aggOptions),
    tickers: (symbol) => rest.tickers(symbol),
    bookTicker: (symbol) => rest.bookTicker(symbol),
    streamsPerConnection: () => streams.streamsPerConnection(),
    trading,
    rfq: undefined,
    custody: undefined,
    events$: ctx.events.asObservable(),
    health: () => ctx.health(),
    close: () => ctx.close(),
  }
}
