/**
 * The top-level stream functions: each one is the {@link Client} method of the same name on the
 * {@link defaultClient}, looked up when subscribed, so importing the package connects nothing and
 * `closeDefaultClient()` can be followed by new subscriptions.
 */
import { defer, type Observable } from 'rxjs'
import type {
  BookChange,
  Candle,
  CandleInterval,
  Instrument,
  OrderBook,
  Ticker,
  Trade,
  UnifiedSymbol,
} from '../lib/core/model.js'
import type { VenueEvent } from '../lib/venues/contract/index.js'
import type { BestBidAsk, CrossSpread, MarketPair, MergedBook } from './aggregate/index.js'
import type {
  AggregateOptions,
  BookStreamOptions,
  Client,
  HealthOptions,
  MergedBookOptions,
  VenueRef,
} from './client.js'
import { defaultClient } from './default-client.js'
import type { VenueHealth } from './health.js'

const onDefault = <T>(use: (client: Client) => Observable<T>): Observable<T> =>
  defer(() => use(defaultClient()))

/**
 * A venue's L2 book as immutable views, best levels first; exact (the venue's decimal strings) and
 * self-healing: a sequence gap, a crossed book or a reconnect rebuilds it from a fresh snapshot.
 * Subscribers of the same book share it; views are conflated (a slow subscriber sees the latest, never
 * a backlog), and `throttleMs` caps the rate.
 *
 * @example
 * orderBook$('bybit', 'BTC/USDT', { depth: 10, throttleMs: 100 }).subscribe((book) =>
 *   console.log(book.bids[0]?.price.toString(), book.asks[0]?.price.toString()),
 * )
 */
export function orderBook$(
  venue: VenueRef,
  symbol: UnifiedSymbol,
  options?: BookStreamOptions,
): Observable<OrderBook> {
  return onDefault((c) => c.orderBook$(venue, symbol, options))
}

/**
 * A venue's normalized book messages, for code that keeps its own book: a snapshot, then deltas, and
 * a new snapshot after every resync. Sequence numbers are the venue's.
 *
 * @example
 * bookChanges$('binance', 'BTC/USDT').subscribe((c) => (c.isSnapshot ? book.reset(c) : book.apply(c)))
 */
export function bookChanges$(
  venue: VenueRef,
  symbol: UnifiedSymbol,
  options?: { readonly depth?: number },
): Observable<BookChange> {
  return onDefault((c) => c.bookChanges$(venue, symbol, options))
}

/**
 * Public trades as they happen. Each frame's trades are delivered synchronously as it arrives and
 * nothing is buffered: a consumer that works asynchronously buffers itself (`bufferTime`, `concatMap`).
 *
 * @example
 * trades$('bybit', 'BTC/USDT').subscribe((t) => console.log(t.side, t.size.toString(), '@', t.price.toString()))
 */
export function trades$(venue: VenueRef, symbol: UnifiedSymbol): Observable<Trade> {
  return onDefault((c) => c.trades$(venue, symbol))
}

/**
 * The venue's ticker as it changes: the fields its ticker channel carries, the others `undefined`
 * (Bybit: last and 24 h statistics, no best prices; Binance: best prices and sizes only; Coinbase: best
 * prices, last, 24 h high, low and volume).
 *
 * @example
 * ticker$('binance', 'ETH/USDT').subscribe((t) => console.log(t.bid?.toString(), t.ask?.toString()))
 * ticker$('bybit', 'ETH/USDT').subscribe((t) => console.log(t.last?.toString(), t.volume24h?.toString()))
 */
export function ticker$(venue: VenueRef, symbol: UnifiedSymbol): Observable<Ticker> {
  return onDefault((c) => c.ticker$(venue, symbol))
}

/**
 * Live candles: the forming candle as it changes (`closed: false`), then once closed.
 *
 * @example
 * candles$('bybit', 'BTC/USDT', '1m').pipe(filter((c) => c.closed)).subscribe(onBar)
 */
export function candles$(
  venue: VenueRef,
  symbol: UnifiedSymbol,
  interval: CandleInterval,
): Observable<Candle> {
  return onDefault((c) => c.candles$(venue, symbol, interval))
}

/**
 * The venue's tradable instruments with their tick and lot sizes; one request in flight per venue, shared.
 *
 * @example
 * const list = await firstValueFrom(instruments$('binance'))
 * list.find((i) => i.symbol === 'BTC/USDT')?.tickSize.toString()
 */
export function instruments$(venue: VenueRef): Observable<readonly Instrument[]> {
  return onDefault((c) => c.instruments$(venue))
}

/**
 * Paged history over REST, oldest first: pages are fetched only as far as they are consumed, so
 * `take(100)` asks for one page.
 *
 * @example
 * history.candles('binance', 'BTC/USDT', { interval: '1h', from: new Date('2026-01-01'), to: new Date('2026-01-02') })
 *   .pipe(toArray())
 *   .subscribe((bars) => console.log(bars.length)) // 24
 */
export const history: Client['history'] = {
  candles: (venue, symbol, request) => onDefault((c) => c.history.candles(venue, symbol, request)),
  trades: (venue, symbol, range) => onDefault((c) => c.history.trades(venue, symbol, range)),
}

/**
 * The best bid and the best ask across the pairs, each with its venue, and the spread between them
 * (negative when two venues cross). A pair whose connection dropped, whose book is being rebuilt, or
 * that has been silent for `staleAfterMs` is flagged in `venues` and left out until its next fresh view.
 *
 * @example
 * bestBidAsk$([['bybit', 'BTC/USDT'], ['binance', 'BTC/USDT']])
 *   .pipe(filter((q) => q.spread?.isNegative() === true))
 *   .subscribe((q) => console.log(`buy on ${q.ask?.venue}, sell on ${q.bid?.venue}`))
 */
export function bestBidAsk$(
  pairs: readonly MarketPair[],
  options?: AggregateOptions,
): Observable<BestBidAsk> {
  return onDefault((c) => c.bestBidAsk$(pairs, options))
}

/**
 * One book of the pairs' levels summed by price, keeping each venue's size at every level; optional
 * per-venue taker fees shift prices before merging. Stale pairs are left out and flagged.
 *
 * @example
 * mergedBook$([['bybit', 'BTC/USDT'], ['binance', 'BTC/USDT']], { depth: 10 }).subscribe((book) =>
 *   console.log(book.bids[0]?.size.toString(), book.bids[0]?.venues.map((v) => v.venue)),
 * )
 */
export function mergedBook$(
  pairs: readonly MarketPair[],
  options?: MergedBookOptions,
): Observable<MergedBook> {
  return onDefault((c) => c.mergedBook$(pairs, options))
}

/**
 * The cross-venue spread of two pairs: what buying on one and selling on the other earns per unit,
 * both ways, and the difference of the mids; `undefined` fields and `stale: true` while either is stale.
 *
 * @example
 * spread$(['bybit', 'BTC/USDT'], ['binance', 'BTC/USDT']).subscribe((s) => console.log(s.midDiffBps?.toFixed(2)))
 */
export function spread$(a: MarketPair, b: MarketPair, options?: AggregateOptions): Observable<CrossSpread> {
  return onDefault((c) => c.spread$(a, b, options))
}

/**
 * A venue's health, sampled every `intervalMs` and on every connection event: connection state,
 * reconnects, last message age and rate, REST latency, rate-limit headroom, breaker. Watching it
 * connects nothing.
 *
 * @example
 * health$('bybit').subscribe((h) => console.log(h.status, h.messagesPerSecond, h.restLatencyMs))
 */
export function health$(venue: VenueRef, options?: HealthOptions): Observable<VenueHealth> {
  return onDefault((c) => c.health$(venue, options))
}

/**
 * Events of every venue of the default client, for logs and metrics bridges: connections, reconnects,
 * resyncs, decode errors, rate limits, breaker changes.
 *
 * @example
 * events$().subscribe((e) => log.info(e.type, e.venue))
 */
export function events$(): Observable<VenueEvent> {
  return onDefault((c) => c.events$())
}
