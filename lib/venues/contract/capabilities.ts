/**
 * What a venue declares it can do: market data, history, trading, RFQ and custody.
 */
import type { CandleInterval, OrderType, TimeInForce } from '../../core/model.js'

/**
 * Which public market-data streams a venue offers.
 *
 * @example
 * const { bookDepths } = client.venue('bybit').capabilities.marketData
 * const depth = bookDepths?.includes(50) ? 50 : bookDepths?.[0]
 */
export interface MarketDataCapabilities {
  /** `bookChanges$` works. */
  readonly book: boolean
  /**
   * Depths (levels per side) the venue's book topics serve; absent: any depth, the driver trims.
   * `bookChanges$` accepts any whole depth up to the deepest, served from the next deeper one (levels
   * beyond the one asked for may arrive; `orderBook$` cuts them).
   */
  readonly bookDepths?: readonly number[] | undefined
  /** `trades$` works. */
  readonly trades: boolean
  /** `ticker$` works. */
  readonly ticker: boolean
  /** Intervals `candles$` streams; empty when the venue has no live candles. */
  readonly candleIntervals: readonly CandleInterval[]
}

/**
 * Which historical queries a venue answers.
 *
 * @example
 * if (client.venue('binance').capabilities.history.candleIntervals.includes('1h')) {
 *   history.candles('binance', 'BTC/USDT', { interval: '1h', from, to }).subscribe(save)
 * }
 */
export interface HistoryCapabilities {
  /** Intervals `candleHistory` pages through; empty when there is no candle history. */
  readonly candleIntervals: readonly CandleInterval[]
  /** `tradeHistory` works. */
  readonly trades: boolean
}

/**
 * Which private account streams a venue pushes (or the driver polls for).
 *
 * @example
 * if (venue.capabilities.trading?.privateStreams.fills) venue.trading?.fills$().subscribe(record)
 */
export interface PrivateStreamCapabilities {
  /** `trading.orderUpdates$` emits. */
  readonly orders: boolean
  /** `trading.fills$` emits. */
  readonly fills: boolean
  /** `trading.balanceUpdates$` emits. */
  readonly balances: boolean
}

/**
 * What order entry a venue accepts.
 *
 * @example
 * const tif = venue.capabilities.trading?.timeInForce.includes('PostOnly') ? 'PostOnly' : 'GTC'
 */
export interface TradingCapabilities {
  /** Order types `placeOrder` accepts. */
  readonly orderTypes: readonly OrderType[]
  /** Time-in-force values for limit orders. Market orders are always immediate-or-cancel. */
  readonly timeInForce: readonly TimeInForce[]
  /** A market buy may give `quoteQuantity` (spend this much quote) instead of a base quantity. */
  readonly quoteQuantityMarketOrders: boolean
  /** `trading.amendOrder` exists. */
  readonly amend: boolean
  /** `trading.cancelAllOrders` exists. */
  readonly cancelAll: boolean
  /** `trading.positions` exists. */
  readonly positions: boolean
  /** Which account streams emit. */
  readonly privateStreams: PrivateStreamCapabilities
}

/**
 * What a request-for-quote venue offers.
 *
 * @example
 * const side = venue.capabilities.rfq?.twoWay ? 'two-way' : 'buy'
 */
export interface RfqCapabilities {
  /** A quote may be asked for both sides at once (`side: 'two-way'`). */
  readonly twoWay: boolean
  /** A quote may be asked for a quote-asset amount. */
  readonly quoteQuantity: boolean
}

/**
 * What a custody venue offers.
 *
 * @example
 * if (venue.capabilities.custody?.abort) venue.custody?.abort?.(id).subscribe()
 */
export interface CustodyCapabilities {
  /** Transfers wait for policy approvers before they are signed. */
  readonly approvals: boolean
  /** `custody.abort` exists. */
  readonly abort: boolean
  /** The venue pushes signed transaction updates (webhooks) a driver can be fed. */
  readonly webhooks: boolean
}

/**
 * What a venue can do, declared by its driver. A group is present when the venue offers it at all,
 * whether or not this instance has the credentials to use it. Check before asking, or let the call
 * fail with `invalid-request` naming what is missing.
 *
 * @example
 * const caps: VenueCapabilities = client.venue('bybit').capabilities
 * caps.marketData.candleIntervals.includes('1m') // true
 * caps.trading !== undefined                     // Bybit offers trading, with credentials or not
 */
export interface VenueCapabilities {
  /** Live public streams. */
  readonly marketData: MarketDataCapabilities
  /** Paged historical queries. */
  readonly history: HistoryCapabilities
  /** Order entry; present when the venue offers it. */
  readonly trading?: TradingCapabilities | undefined
  /** Request for quote; present when the venue offers it. */
  readonly rfq?: RfqCapabilities | undefined
  /** Custody transfers; present when the venue offers them. */
  readonly custody?: CustodyCapabilities | undefined
}
