/**
 * A spot venue's capabilities as data: what spot venues offer alike is the default, and a venue's spec
 * names only what differs.
 */
import type { CandleInterval } from '../../core/model.js'
import type { TradingCapabilities, VenueCapabilities } from '../contract/capabilities.js'

/**
 * Spot order entry as most venues offer it: limit and market orders, GTC, IOC, FOK and post-only, market
 * orders by quote amount, cancel-all, every private stream; no amend and no positions. `differs` names
 * what the venue does otherwise.
 *
 * @example
 * spotTrading({ amend: true }).amend // true; every other field the default
 */
export function spotTrading(differs: Partial<TradingCapabilities> = {}): TradingCapabilities {
  return Object.freeze({
    orderTypes: Object.freeze(['limit', 'market'] as const),
    timeInForce: Object.freeze(['GTC', 'IOC', 'FOK', 'PostOnly'] as const),
    quoteQuantityMarketOrders: true,
    amend: false,
    cancelAll: true,
    positions: false,
    privateStreams: Object.freeze({ orders: true, fills: true, balances: true }),
    ...differs,
  })
}

/**
 * What {@link spotCapabilities} takes: the venue's interval tables, book depths, trade history and trading.
 *
 * @example
 * const given: SpotCapabilitiesOf = { intervals: BYBIT_INTERVALS, bookDepths: [1, 50, 200], tradeHistory: false, trading: spotTrading() }
 */
export interface SpotCapabilitiesOf {
  /** The venue's name of each interval it serves: candle history, and live candles too unless `liveIntervals`. */
  readonly intervals: Readonly<Partial<Record<CandleInterval, string>>>
  /** The intervals of live candles, where they are fewer than those of history. */
  readonly liveIntervals?: Readonly<Partial<Record<CandleInterval, string>>> | undefined
  /** The depths book streams take; absent: any depth. */
  readonly bookDepths?: readonly number[] | undefined
  /** `tradeHistory` works. */
  readonly tradeHistory: boolean
  readonly trading: TradingCapabilities
}

/**
 * The capabilities of a spot venue with books, trades, tickers and candles, from its interval tables.
 *
 * @example
 * spotCapabilities({ intervals: BINANCE_INTERVALS, tradeHistory: true, trading: spotTrading() }).history.trades // true
 */
export function spotCapabilities(of: SpotCapabilitiesOf): VenueCapabilities {
  const keys = (table: SpotCapabilitiesOf['intervals']) =>
    Object.freeze(Object.keys(table) as CandleInterval[])
  const history = keys(of.intervals)
  return Object.freeze({
    marketData: Object.freeze({
      book: true,
      ...(of.bookDepths === undefined ? {} : { bookDepths: Object.freeze([...of.bookDepths]) }),
      trades: true,
      ticker: true,
      candleIntervals: of.liveIntervals === undefined ? history : keys(of.liveIntervals),
    }),
    history: Object.freeze({ candleIntervals: history, trades: of.tradeHistory }),
    trading: of.trading,
  })
}
