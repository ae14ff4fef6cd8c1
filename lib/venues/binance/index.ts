/**
 * The Binance spot driver: `createBinanceVenue`, and the types of its surface.
 * @module
 */
import type { Observable } from 'rxjs'
import type { Trade, UnifiedSymbol } from '../../core/model.js'
import type { VenueHealthSnapshot } from '../contract/health.js'
import type { Venue } from '../contract/index.js'
import { createBinanceContext } from './context.js'
import type { BinanceOptions } from './options.js'
import { createBinanceTrading, type BinanceTrading } from './private.js'
import { createBinancePublicRest, type BinancePublicRest } from './public.js'
import { BINANCE_SPEC } from './spec.js'
import { createBinancePublicStreams } from './ws-public.js'

export type { BinanceOptions } from './options.js'
export type { BinanceTrading } from './private.js'
export {
  binanceDepthWeight,
  binanceSnapshotLimit,
  type BinanceAggTradesOptions,
  type BinanceOrderBookOptions,
  type BinancePublicRest,
  type BinanceRecentTradesOptions,
} from './public.js'

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
  const closing = ctx.untilClosed
  return {
    id: 'binance',
    capabilities: BINANCE_SPEC.capabilities,
    bookSequence: BINANCE_SPEC.bookSequence,
    instruments: () => ctx.instruments().pipe(closing()),
    bookChanges$: (symbol, bookOptions) => streams.bookChanges$(symbol, bookOptions).pipe(closing()),
    trades$: (symbol) => streams.trades$(symbol).pipe(closing()),
    aggTrades$: (symbol) => streams.aggTrades$(symbol).pipe(closing()),
    ticker$: (symbol) => streams.ticker$(symbol).pipe(closing()),
    candles$: (symbol, interval) => streams.candles$(symbol, interval).pipe(closing()),
    candleHistory: (symbol, request) => rest.candleHistory(symbol, request).pipe(closing()),
    tradeHistory: (symbol, range) => rest.tradeHistory(symbol, range).pipe(closing()),
    serverTime: () => rest.serverTime(),
    orderBook: (symbol, bookOptions) => rest.orderBook(symbol, bookOptions),
    recentTrades: (symbol, tradeOptions) => rest.recentTrades(symbol, tradeOptions),
    aggTrades: (symbol, aggOptions) => rest.aggTrades(symbol, aggOptions),
    tickers: (symbol) => rest.tickers(symbol),
    bookTicker: (symbol) => rest.bookTicker(symbol),
    streamsPerConnection: () => streams.streamsPerConnection(),
    trading: ctx.privateRest !== undefined ? createBinanceTrading(ctx) : undefined,
    rfq: undefined,
    custody: undefined,
    events$: ctx.events.asObservable(),
    health: () => ctx.health(),
    close: () => ctx.close(),
  }
}
