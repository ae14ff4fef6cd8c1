/**
 * The driver contract every venue implements (Bybit, Binance, Coinbase, Coinbase Prime, FalconX,
 * Fordefi, the mock), and the declared capabilities the stream layer checks before it calls one.
 *
 * Shape, and why:
 * - Market data and history are members of every {@link Venue}. The stream layer addresses venues by id
 *   and composes them generically (`bestBidAsk$` over a list), so these calls always exist; a venue that
 *   lacks one returns an Observable that fails with `invalid-request`, and {@link VenueCapabilities}
 *   says so up front, with details types cannot carry (book depths, candle intervals).
 * - Account-level surfaces are optional sub-objects: {@link Venue.trading}, {@link Venue.rfq},
 *   {@link Venue.custody}. They exist only on an instance that can use them (the venue offers them and
 *   credentials were given), so the compiler makes callers narrow first ({@link hasTrading}).
 *   Inside one, a method only some venues have (`amendOrder`, `cancelAllOrders`) is optional too,
 *   and present exactly when its capability flag is true.
 *
 * Everything returns an Observable. Request-like calls (`instruments()`, `placeOrder()`) are cold and
 * lazy: nothing is sent until subscription, each subscription is one request (the REST drivers keep
 * one `instruments()` request in flight, shared), and they emit one value and complete. Streams (`bookChanges$()`, `orderUpdates$()`) are hot and shared by the driver: one
 * venue subscription however many observers, released when the last one unsubscribes.
 */
import type { Observable } from 'rxjs'
import type { SequenceRule } from '../../book/sequence-rule.js'
import type { VenueCapabilities } from './capabilities.js'
import type { VenueCustody } from './custody.js'
import type { VenueEvent } from './events.js'
import type { VenueHealthSnapshot } from './health.js'
import type { BookChangesOptions, CandleHistoryRequest, HistoryRange } from './requests.js'
import type { VenueRfq } from './rfq.js'
import type { VenueTrading } from './trading.js'
import type {
  BookChange,
  Candle,
  CandleInterval,
  Instrument,
  Ticker,
  Trade,
  UnifiedSymbol,
  VenueId,
} from '../../core/model.js'

/**
 * One venue, as a driver presents it.
 *
 * @example
 * venue.bookChanges$('BTC/USDT', { depth: 50 }).subscribe((change) => book.apply(change))
 * if (hasTrading(venue)) venue.trading.placeOrder(order).subscribe(console.log)
 */
export interface Venue {
  readonly id: VenueId
  readonly capabilities: VenueCapabilities
  /**
   * The continuity rule of this venue's book messages, for consumers that keep their own book
   * (`orderBook$` does). Absent: the venue's changes carry no checkable sequence.
   */
  readonly bookSequence?: SequenceRule | undefined
  /** The venue's tradable instruments. */
  instruments(): Observable<readonly Instrument[]>
  /**
   * L2 book changes: a snapshot first, then deltas; after any resync (reconnect, gap) a new snapshot.
   * Sequence numbers are the venue's where it has them. Consumers should still check them.
   */
  bookChanges$(symbol: UnifiedSymbol, options?: BookChangesOptions): Observable<BookChange>
  /** Public trades as they happen. */
  trades$(symbol: UnifiedSymbol): Observable<Trade>
  /** Best prices and 24 h statistics as they change. */
  ticker$(symbol: UnifiedSymbol): Observable<Ticker>
  /** Live candles: the forming candle as it changes (`closed: false`), then once closed. */
  candles$(symbol: UnifiedSymbol, interval: CandleInterval): Observable<Candle>
  /** Past candles in the range, oldest first, fetched page by page only as far as they are consumed. */
  candleHistory(symbol: UnifiedSymbol, request: CandleHistoryRequest): Observable<Candle>
  /** Past public trades in the range, oldest first, paged lazily like {@link Venue.candleHistory}. */
  tradeHistory(symbol: UnifiedSymbol, range: HistoryRange): Observable<Trade>
  /** Present when this instance can trade: the venue offers it and credentials were given. */
  readonly trading?: VenueTrading | undefined
  /** Present when this instance can ask for quotes. */
  readonly rfq?: VenueRfq | undefined
  /** Present when this instance can use custody. */
  readonly custody?: VenueCustody | undefined
  /** Connection, reconnect, resync, decode and rate-limit events. Hot; never errors. */
  readonly events$: Observable<VenueEvent>
  /**
   * The driver's health counters now (connections, REST latency, rate budget, breaker); sampled by
   * `health$`. Optional for drivers written outside this package: `health$` then reports what
   * `events$` tells it.
   */
  health?(): VenueHealthSnapshot
  /**
   * Completes every stream and releases sockets, timers and pools. A call still in progress (waiting
   * for the limiter, in backoff, or on the wire, where it is aborted) and every later call fail with a
   * non-retryable `invalid-request` saying the client is closed. Resolves once released.
   */
  close(): Promise<void>
}

/**
 * A venue instance that can trade, as {@link hasTrading} narrows it.
 *
 * @example
 * function flatten(venue: TradingVenue) { return venue.trading.cancelAllOrders?.() }
 */
export type TradingVenue = Venue & { readonly trading: VenueTrading }
/**
 * A venue instance that can ask for quotes, as {@link hasRfq} narrows it.
 *
 * @example
 * const quote = (venue: RfqVenue, request: RfqRequest) => venue.rfq.quote$(request)
 */
export type RfqVenue = Venue & { readonly rfq: VenueRfq }
/**
 * A venue instance that can use custody, as {@link hasCustody} narrows it.
 *
 * @example
 * const vaults = (venue: CustodyVenue) => venue.custody.vaults$()
 */
export type CustodyVenue = Venue & { readonly custody: VenueCustody }

/**
 * Narrows a venue to one that can trade.
 *
 * @example
 * if (hasTrading(venue)) venue.trading.balances().subscribe(show)
 */
export function hasTrading(venue: Venue): venue is TradingVenue {
  return venue.trading !== undefined
}

/**
 * Narrows a venue to one that can ask for quotes.
 *
 * @example
 * if (hasRfq(venue)) venue.rfq.quote$(request).subscribe(show)
 */
export function hasRfq(venue: Venue): venue is RfqVenue {
  return venue.rfq !== undefined
}

/**
 * Narrows a venue to one that can use custody.
 *
 * @example
 * if (hasCustody(venue)) venue.custody.vaults$().subscribe(show)
 */
export function hasCustody(venue: Venue): venue is CustodyVenue {
  return venue.custody !== undefined
}
