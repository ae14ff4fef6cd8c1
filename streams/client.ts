import {
  defer,
  filter,
  merge,
  mergeMap,
  Subject,
  ReplaySubject,
  throttleTime,
  throwError,
  asyncScheduler,
  identity,
  type MonoTypeOperatorFunction,
  type Observable,
} from 'rxjs'
import { VenueError } from '../lib/core/errors.js'
import { loggerFromEnv } from '../lib/core/logging.js'
import type {
  BookChange,
  Candle,
  CandleInterval,
  Instrument,
  OrderBook,
  Ticker,
  Trade,
  UnifiedSymbol,
  VenueId,
} from '../lib/core/model.js'
import { own } from '../lib/core/own.js'
import { canonicalSymbol } from '../lib/core/symbols.js'
import { createStreamCloser } from '../lib/venues/kit/lifecycle.js'
import { findVenueModule, VENUE_MODULES, type AnyVenueModule } from '../lib/venues/registry.js'
import {
  capabilityError,
  type CandleHistoryRequest,
  type HistoryRange,
  type Venue,
  type VenueEvent,
} from '../lib/venues/contract/index.js'
import {
  bestBidAsk$ as combineBestBidAsk$,
  mergedBook$ as combineMergedBook$,
  spread$ as combineSpread$,
  watchPair,
  type BestBidAsk,
  type CrossSpread,
  type MarketPair,
  type MergedBook,
  type PairState,
} from './aggregate/index.js'
import { health$ as venueHealth$, type VenueHealth } from './health.js'
import { withProgress } from './history-progress.js'
import { orderBook$ as selfHealingBook$ } from '../lib/venues/kit/book-stream.js'
import { reachWithin } from './reach.js'
import { shareLatest } from './share-latest.js'
import type { VenueTradingOf } from './venue-tradings.js'
import type { OrderManager } from '../lib/orders/manager-types.js'
import { createOrderManager } from '../lib/orders/order-manager.js'
import {
  BOOK_CHANGES_OPTIONS,
  BOOK_OPTIONS,
  AGGREGATE_OPTIONS,
  CANDLE_HISTORY_OPTIONS,
  HISTORY_OPTIONS,
  checkClientOptions,
  HEALTH_OPTIONS,
  MERGED_OPTIONS,
  refusedFees,
  refusedOptions,
  unconfiguredVenue,
  unknownVenue,
  type AggregateOptions,
  type BookStreamOptions,
  type ClientOptions,
  type HealthOptions,
  type MergedBookOptions,
} from './client-options.js'

export type {
  AggregateOptions,
  BookStreamOptions,
  ClientOptions,
  ClientTransports,
  HealthOptions,
  MergedBookOptions,
  OnlyConfiguredRefusal,
} from './client-options.js'

/**
 * A venue given by id (the client makes and shares its driver), or a driver instance used directly
 * (one you made or wrapped yourself).
 *
 * @example
 * orderBook$('bybit', 'BTC/USDT')                            // by id
 * orderBook$(createBybitVenue({ apiKey, secret }), 'BTC/USDT') // a driver of your own
 */
export type VenueRef = VenueId | Venue

/**
 * One set of venue connections with its own lifecycle: every stream function is a method here, drivers
 * are created on first use and shared by every stream of that venue, and {@link Client.close} releases
 * them all.
 *
 * @example
 * const client = createClient({ venues: { bybit: {}, binance: {} } })
 * client.bestBidAsk$([['bybit', 'BTC/USDT'], ['binance', 'BTC/USDT']]).subscribe((q) => console.log(q.spread?.toString()))
 * await client.close()
 */
export interface Client {
  /**
   * The driver of a venue, created on first use.
   *
   * @throws VenueError `invalid-request` for an unknown venue (naming the closest known ones) or a
   * closed client.
   */
  venue(id: VenueId): Venue
  /**
   * The venue's L2 book, exact and self-healing (see the package's `orderBook$`). Subscribers with the
   * same venue, symbol, depth and throttle share one book; a late subscriber gets the latest view at once.
   */
  orderBook$(venue: VenueRef, symbol: UnifiedSymbol, options?: BookStreamOptions): Observable<OrderBook>
  /** The venue's normalized book messages: a snapshot, then deltas, a new snapshot after each resync. */
  bookChanges$(
    venue: VenueRef,
    symbol: UnifiedSymbol,
    options?: { readonly depth?: number },
  ): Observable<BookChange>
  /** Public trades as they happen; not buffered beyond the frame being delivered. */
  trades$(venue: VenueRef, symbol: UnifiedSymbol): Observable<Trade>
  /** The venue's ticker: the fields its ticker channel carries (best prices, last, 24 h statistics). */
  ticker$(venue: VenueRef, symbol: UnifiedSymbol): Observable<Ticker>
  /** Live candles: the forming candle as it changes, then once closed. */
  candles$(venue: VenueRef, symbol: UnifiedSymbol, interval: CandleInterval): Observable<Candle>
  /** The venue's instruments: one request in flight per venue, shared by every subscriber meanwhile. */
  instruments$(venue: VenueRef): Observable<readonly Instrument[]>
  /**
   * Paged history, fetched page by page only as far as it is consumed. `from` and `to` are each a
   * `Date`, epoch ms or an ISO 8601 string (another value is `invalid-request` naming it);
   * `onProgress` is called after each page and once at the end (`HistoryProgress`).
   */
  readonly history: {
    /**
     * Candles of `interval` from `from` (inclusive) to `to` (exclusive), oldest first. A `from` before
     * the venue's earliest candle of the symbol fails with `invalid-request` naming that candle's time
     * (ask again from there), rather than starting later without a word.
     */
    candles(venue: VenueRef, symbol: UnifiedSymbol, request: CandleHistoryRequest): Observable<Candle>
    /** Public trades from `from` (inclusive) to `to` (exclusive), oldest first. */
    trades(venue: VenueRef, symbol: UnifiedSymbol, range: HistoryRange): Observable<Trade>
  }
  /** Best bid and ask across the pairs, with the venue of each; stale pairs are flagged and left out. */
  bestBidAsk$(pairs: readonly MarketPair[], options?: AggregateOptions): Observable<BestBidAsk>
  /** One book of the pairs' levels summed by price, with each venue's share; stale pairs left out. */
  mergedBook$(pairs: readonly MarketPair[], options?: MergedBookOptions): Observable<MergedBook>
  /** What buying on one pair and selling on the other would earn now, both ways. */
  spread$(a: MarketPair, b: MarketPair, options?: AggregateOptions): Observable<CrossSpread>
  /** Connection state, message rates, REST latency, rate-limit headroom and breaker of one venue. */
  health$(venue: VenueRef, options?: HealthOptions): Observable<VenueHealth>
  /**
   * The trading surface of a venue, typed as that venue's own for a venue named literally
   * (`client.account('prime').previewOrder`, Prime's `prime` order terms), else the common one.
   *
   * @throws VenueError `auth` when no credentials were given, `invalid-request` when the venue does not trade.
   */
  account<V extends VenueId>(venue: V): VenueTradingOf<V>
  /** Events of every venue created so far and later: connections, resyncs, decode errors, rate limits. */
  events$(): Observable<VenueEvent>
  /**
   * Releases every driver's sockets, timers and pools; later calls fail with `invalid-request`. Always
   * resolves, also when a driver failed to be made (a test network the venue lacks) or to close.
   */
  close(): Promise<void>
  /**
   * An order manager over this client, made on first use: in-memory store, no risk limits. For a store
   * or limits of your own, make one with `createOrderManager({ client, store, risk })`.
   */
  readonly orders: OrderManager
}

/**
 * Creates a client.
 *
 * @example
 * const client = createClient({ venues: { mock: { seed: 7 } } })
 * client.orderBook$('mock', 'BTC/USDT', { depth: 10 }).subscribe(render)
 * await client.close()
 *
 * // against the built-in simulator (rxvenue/testing)
 * const sim = await startSimulator({ venues: ['bybit', 'binance'] })
 * const simulated = createClient(sim.clientOptions())
 */
export function createClient(options: ClientOptions = {}): Client {
  const drivers = new Map<VenueId, Venue>()
  const created$ = new ReplaySubject<Venue>()
  const books = new Map<string, Observable<OrderBook>>()
  /** Scheduler time each shared book (by its key in `books`) was last found broken, to be rebuilt. */
  const resyncedAt = new Map<string, number>()
  /** Resyncs of books kept by this client, beside the drivers' own events. */
  const resyncs = new Subject<VenueEvent>()
  const scheduler = options.scheduler ?? asyncScheduler
  const modules: readonly AnyVenueModule[] = [...VENUE_MODULES, ...(options.modules ?? [])]
  checkClientOptions(options, modules)
  // RXVENUE_LOG is read once, here; a logger of the caller's own wins over it
  const envLogger = options.logger === undefined ? loggerFromEnv() : undefined
  let closed = false

  const closedError = (id?: string) =>
    new VenueError({ kind: 'invalid-request', venue: id, message: 'the client is closed' })
  // `close` completes every stream the client handed out, even one waiting out a retry delay
  const streams = createStreamCloser(() => closedError())

  const venue = (id: VenueId): Venue => {
    if (closed) throw closedError(id)
    const existing = drivers.get(id)
    if (existing !== undefined) return existing
    // own properties only: an id like 'constructor' must not find what every object inherits
    let driver = own(options.drivers, id)
    if (driver === undefined) {
      const module = findVenueModule(modules, id)
      if (module === undefined) throw unknownVenue(id, modules, options)
      // a venue left out of an offline setup must not be made on its real endpoints
      const unconfigured = unconfiguredVenue(id, options)
      if (unconfigured !== undefined) throw unconfigured
      const defaults = {
        logger: options.logger ?? envLogger?.child(id),
        transport: options.transports?.http,
        WebSocketCtor: options.transports?.WebSocket,
      }
      // a venue's own settings win over what the client shares
      const settings = own(options.venues as Readonly<Record<string, unknown>> | undefined, id)
      driver = module.create({ ...defined(defaults), ...(settings as object | undefined) })
    }
    drivers.set(id, driver)
    created$.next(driver)
    return driver
  }

  /** The latest value per window of `ms`, first at once; every value when `ms` is not above 0. */
  const throttled = <T>(ms: number | undefined): MonoTypeOperatorFunction<T> =>
    ms === undefined || !(ms > 0)
      ? identity
      : throttleTime<T>(ms, scheduler, { leading: true, trailing: true })

  // a driver is an object; anything else a JavaScript caller passes is looked up, and refused, as an id
  const resolve = (ref: VenueRef): Venue =>
    typeof ref === 'object' && ref !== null ? ref : venue(ref as VenueId)
  /** The id a stream's errors name: the venue asked for, if it is one. */
  const idOf = (ref: unknown): string | undefined =>
    typeof ref === 'string'
      ? ref
      : typeof ref === 'object' && ref !== null && typeof (ref as Venue).id === 'string'
        ? (ref as Venue).id
        : undefined

  const connectTimeoutMs = options.connectTimeoutMs ?? 20_000
  /** A live stream of a venue: retried while watched, failed when the venue was never reached in time. */
  const live = <T>(ref: VenueRef, open: (v: Venue) => Observable<T>): Observable<T> =>
    lazy(() => {
      const v = resolve(ref)
      return open(v).pipe(reachWithin(v, { connectTimeoutMs, live: true, scheduler }))
    }, idOf(ref))
  /** A request to a venue: retried only until the venue is first reached, within the same deadline. */
  const request = <T>(ref: VenueRef, open: (v: Venue) => Observable<T>): Observable<T> =>
    lazy(
      () => {
        const v = resolve(ref)
        return open(v).pipe(reachWithin(v, { connectTimeoutMs, live: false, scheduler }))
      },
      idOf(ref),
      // cut off by close, it fails: a history that just ended would pass for a whole one
      { request: true },
    )

  // Errors of venue lookup are delivered as stream errors, never thrown at the call site; a stream of
  // one venue subscribed after close names it.
  const lazy = <T>(
    make: () => Observable<T>,
    id?: string,
    o?: { readonly request: boolean },
  ): Observable<T> =>
    defer(() => (closed ? throwError(() => closedError(id)) : defer(make).pipe(streams.untilClosed<T>(o))))

  const bookKey = (id: VenueId, symbol: UnifiedSymbol, o: BookStreamOptions): string =>
    `${id}|${symbol}|${o.depth ?? ''}|${o.throttleMs ?? ''}`

  const makeBook = (
    ref: VenueRef,
    symbol: UnifiedSymbol,
    o: BookStreamOptions,
    key?: string,
  ): Observable<OrderBook> => {
    const driver = resolve(ref)
    const book$ = selfHealingBook$(driver, symbol, {
      depth: o.depth,
      // a book the driver passed on broken (a gap it missed, a crossed or invalid level) is news too;
      // a shared book's last view is from before the break until the next one (see pairState$)
      onResync: (e) => {
        if (key !== undefined) resyncedAt.set(key, scheduler.now())
        resyncs.next({
          type: 'resync',
          venue: driver.id,
          symbol,
          reason: e.result.kind,
          at: new Date(scheduler.now()),
        })
      },
    })
    return book$.pipe(
      reachWithin(driver, { connectTimeoutMs, live: true, scheduler }),
      throttled(o.throttleMs),
    )
  }

  const orderBook$ = (
    ref: VenueRef,
    given: UnifiedSymbol,
    o: BookStreamOptions = {},
  ): Observable<OrderBook> => {
    const symbol = canonicalSymbol(given)
    const refused = refusedOptions('orderBook$', o, BOOK_OPTIONS, idOf(ref))
    if (refused !== undefined) return refused
    if (typeof ref !== 'string') return lazy(() => makeBook(ref, symbol, o), idOf(ref))
    const key = bookKey(ref, symbol, o)
    let shared = books.get(key)
    if (shared === undefined) {
      // One book per key while anyone watches; the latest view is replayed to late subscribers and
      // dropped with the last one, so nothing outlives the subscriptions.
      shared = shareLatest(
        lazy(() => makeBook(ref, symbol, o, key), ref),
        scheduler,
      )
      books.set(key, shared)
    }
    return shared
  }

  const pairState$ = (pair: MarketPair, o: AggregateOptions): Observable<PairState> =>
    lazy(() => {
      const [id, given] = pair
      const symbol = canonicalSymbol(given)
      const driver = venue(id)
      const events$ = merge(driver.events$, resyncs.pipe(filter((e) => e.venue === id)))
      return watchPair([id, symbol], orderBook$(id, symbol), events$, {
        staleAfterMs: o.staleAfterMs,
        scheduler,
        // a drop before this subscription is no event it sees: the pair starts from the venue's state
        health: () => driver.health?.(),
        // and so is a resync of the shared book: its last view, replayed, is from before the break
        resyncedAt: () => resyncedAt.get(bookKey(id, symbol, {})),
      })
    })

  const pairsOf = (pairs: readonly MarketPair[], o: AggregateOptions): Observable<PairState>[] =>
    pairs.map((p) => pairState$(p, o))

  const noPairs = () =>
    throwError(
      () => new VenueError({ kind: 'invalid-request', message: 'give at least one [venue, symbol] pair' }),
    )

  const client: Client = {
    venue,
    orderBook$,
    bookChanges$: (ref, symbol, o) =>
      refusedOptions('bookChanges$', o, BOOK_CHANGES_OPTIONS, idOf(ref)) ??
      live(ref, (v) => {
        const refused = capabilityError(v, { kind: 'book', depth: o?.depth })
        return refused ? throwError(() => refused) : v.bookChanges$(canonicalSymbol(symbol), o)
      }),
    trades$: (ref, symbol) => live(ref, (v) => v.trades$(canonicalSymbol(symbol))),
    ticker$: (ref, symbol) => live(ref, (v) => v.ticker$(canonicalSymbol(symbol))),
    candles$: (ref, symbol, interval) => live(ref, (v) => v.candles$(canonicalSymbol(symbol), interval)),
    instruments$: (ref) => request(ref, (v) => v.instruments()),
    history: {
      candles: (ref, symbol, range) =>
        refusedOptions('history.candles', range, CANDLE_HISTORY_OPTIONS, idOf(ref)) ??
        request(ref, (v) => withProgress(range, v.candleHistory(canonicalSymbol(symbol), range))),
      trades: (ref, symbol, range) =>
        refusedOptions('history.trades', range, HISTORY_OPTIONS, idOf(ref)) ??
        request(ref, (v) => withProgress(range, v.tradeHistory(canonicalSymbol(symbol), range))),
    },
    bestBidAsk$: (pairs, o = {}) =>
      refusedOptions('bestBidAsk$', o, AGGREGATE_OPTIONS) ??
      (pairs.length === 0
        ? noPairs()
        : lazy(() => combineBestBidAsk$(pairsOf(pairs, o), { scheduler })).pipe(throttled(o.throttleMs))),
    mergedBook$: (pairs, o = {}) =>
      refusedOptions('mergedBook$', o, MERGED_OPTIONS) ??
      refusedFees(o.fees) ??
      (pairs.length === 0
        ? noPairs()
        : lazy(() => combineMergedBook$(pairsOf(pairs, o), { depth: o.depth, fees: o.fees, scheduler })).pipe(
            throttled(o.throttleMs),
          )),
    spread$: (a, b, o = {}) =>
      refusedOptions('spread$', o, AGGREGATE_OPTIONS) ??
      lazy(() => combineSpread$(pairState$(a, o), pairState$(b, o), { scheduler })).pipe(
        throttled(o.throttleMs),
      ),
    health$: (ref, o = {}) =>
      refusedOptions('health$', o, HEALTH_OPTIONS, idOf(ref)) ??
      lazy(() => venueHealth$(resolve(ref), { intervalMs: o.intervalMs, scheduler }), idOf(ref)),
    account: <V extends VenueId>(id: V): VenueTradingOf<V> => {
      const v = venue(id)
      if (v.trading === undefined) {
        const why = capabilityError(v, { kind: 'trading' })
        throw why ?? new VenueError({ kind: 'auth', venue: id, message: `${id}: trading needs credentials` })
      }
      // the driver of a venue of VenueTradings gives that venue's own surface
      return v.trading as VenueTradingOf<V>
    },
    events$: () => merge(created$.pipe(mergeMap((d) => d.events$)), resyncs),
    close: async () => {
      if (closed) return
      closed = true
      streams.close()
      created$.complete()
      resyncs.complete()
      books.clear()
      // close() always resolves: a driver that failed to load (a network the venue lacks) or fails to
      // close has nothing more to release, and must neither keep the others open nor crash the caller
      const settled = await Promise.allSettled([manager?.close()])
      const all = [...drivers.values()]
      drivers.clear()
      settled.push(...(await Promise.allSettled(all.map(async (d) => d.close()))))
      const log = options.logger ?? envLogger
      for (const r of settled) {
        if (r.status === 'rejected') log?.debug('close: a part failed to close', { error: String(r.reason) })
      }
    },
    get orders() {
      return (manager ??= createOrderManager({ client, scheduler, logger: options.logger }))
    },
  }
  let manager: OrderManager | undefined
  return client
}

/** The object without its undefined fields. */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
