import { defer, mergeMap, ReplaySubject, type Observable } from 'rxjs'
import { VenueError } from '../lib/core/errors.js'
import type { Logger } from '../lib/core/logging.js'
import type {
  Candle,
  CandleInterval,
  Instrument,
  OrderBook,
  Ticker,
  Trade,
  UnifiedSymbol,
  VenueId,
} from '../lib/core/model.js'
import { createBinanceVenue, type BinanceOptions } from '../lib/venues/binance/index.js'
import { createBybitVenue, type BybitOptions } from '../lib/venues/bybit/index.js'
import { createMockVenue, type MockVenueOptions } from '../lib/venues/mock/index.js'
import {
  capabilityError,
  type CandleHistoryRequest,
  type HistoryRange,
  type Venue,
  type VenueEvent,
  type VenueTrading,
} from '../lib/venues/venue.js'
import { orderBook$, type OrderBookOptions } from './order-book.js'

/** Per-venue settings of {@link createClient}. */
export interface VenueSettings {
  readonly bybit?: BybitOptions | undefined
  readonly binance?: BinanceOptions | undefined
  readonly mock?: MockVenueOptions | undefined
}

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Settings per venue; a venue is created on first use. */
  readonly venues?: VenueSettings | undefined
  /** Ready-made drivers that take the place of the built-in ones (a fake, a wrapped venue). */
  readonly drivers?: Partial<Record<VenueId, Venue>> | undefined
  readonly logger?: Logger | undefined
}

/** Makes a driver from its settings. */
type Factory = (settings: unknown, logger: Logger | undefined) => Venue

const FACTORIES: Partial<Record<VenueId, Factory>> = {
  mock: (settings) => createMockVenue(settings as MockVenueOptions | undefined),
  bybit: (settings, logger) => createBybitVenue({ logger, ...(settings as BybitOptions | undefined) }),
  binance: (settings, logger) => createBinanceVenue({ logger, ...(settings as BinanceOptions | undefined) }),
}

/**
 * One set of venue connections with its own lifecycle: every stream function is a method here, drivers
 * are created on first use and shared by every stream of that venue, and {@link Client.close} releases
 * them all.
 */
export interface Client {
  /** The driver of a venue, created on first use. */
  venue(id: VenueId): Venue
  orderBook$(venue: VenueId, symbol: UnifiedSymbol, options?: OrderBookOptions): Observable<OrderBook>
  trades$(venue: VenueId, symbol: UnifiedSymbol): Observable<Trade>
  ticker$(venue: VenueId, symbol: UnifiedSymbol): Observable<Ticker>
  candles$(venue: VenueId, symbol: UnifiedSymbol, interval: CandleInterval): Observable<Candle>
  instruments(venue: VenueId): Observable<readonly Instrument[]>
  readonly history: {
    candles(venue: VenueId, symbol: UnifiedSymbol, request: CandleHistoryRequest): Observable<Candle>
    trades(venue: VenueId, symbol: UnifiedSymbol, range: HistoryRange): Observable<Trade>
  }
  /** The trading surface of a venue; fails with `auth` when no credentials were given. */
  account(venue: VenueId): VenueTrading
  /** Events of every venue created so far and later. */
  events$(): Observable<VenueEvent>
  /** Releases every driver's sockets, timers and pools. */
  close(): Promise<void>
}

/**
 * Creates a client.
 *
 * @example
 * const client = createClient({ venues: { mock: { seed: 7 } } })
 * client.orderBook$('mock', 'BTC/USDT', { depth: 10 }).subscribe(render)
 * await client.close()
 */
export function createClient(options: ClientOptions = {}): Client {
  const drivers = new Map<VenueId, Venue>()
  const created$ = new ReplaySubject<Venue>()
  let closed = false

  const venue = (id: VenueId): Venue => {
    if (closed) throw new VenueError({ kind: 'invalid-request', venue: id, message: 'the client is closed' })
    let driver = drivers.get(id) ?? options.drivers?.[id]
    if (driver === undefined) {
      const factory = FACTORIES[id]
      if (factory === undefined) {
        throw new VenueError({
          kind: 'invalid-request',
          venue: id,
          message: `${id} is not available in this version`,
        })
      }
      driver = factory(options.venues?.[id as keyof VenueSettings], options.logger)
    }
    if (!drivers.has(id)) {
      drivers.set(id, driver)
      created$.next(driver)
    }
    return driver
  }

  // Errors of venue lookup are delivered as stream errors, never thrown at the call site.
  const lazy = <T>(make: () => Observable<T>): Observable<T> => defer(make)

  return {
    venue,
    orderBook$: (id, symbol, o) => lazy(() => orderBook$(venue(id), symbol, o)),
    trades$: (id, symbol) => lazy(() => venue(id).trades$(symbol)),
    ticker$: (id, symbol) => lazy(() => venue(id).ticker$(symbol)),
    candles$: (id, symbol, interval) => lazy(() => venue(id).candles$(symbol, interval)),
    instruments: (id) => lazy(() => venue(id).instruments()),
    history: {
      candles: (id, symbol, request) => lazy(() => venue(id).candleHistory(symbol, request)),
      trades: (id, symbol, range) => lazy(() => venue(id).tradeHistory(symbol, range)),
    },
    account: (id) => {
      const v = venue(id)
      if (v.trading === undefined) {
        const why = capabilityError(v, { kind: 'trading' })
        throw why ?? new VenueError({ kind: 'auth', venue: id, message: `${id}: trading needs credentials` })
      }
      return v.trading
    },
    events$: () => created$.pipe(mergeMap((d) => d.events$)),
    close: async () => {
      closed = true
      created$.complete()
      const all = [...drivers.values()]
      drivers.clear()
      await Promise.all(all.map((d) => d.close()))
    },
  }
}
