/**
 * The normalized model shared by every venue. Readonly; every money field is a {@link Decimal};
 * every time is a `Date` plus the venue's raw timestamp exactly as it arrived.
 */
import type { Decimal } from './decimal.js'

/** Venue ids rxvenue knows. */
export type VenueId = 'bybit' | 'binance' | 'coinbase' | 'prime' | 'falconx' | 'fordefi' | 'mock'

/** A unified symbol, `BASE/QUOTE` in upper case, e.g. `BTC/USDT`. */
export type UnifiedSymbol = `${string}/${string}`

/** The venue's own timestamp, as sent (ms or µs number, numeric string or ISO text). */
export type RawTimestamp = number | string

/** Fields every timestamped record carries. */
export interface Timestamped {
  /** When the venue says the event happened. */
  readonly timestamp: Date
  /** The venue's timestamp as sent, for audit and sub-millisecond precision. */
  readonly rawTimestamp: RawTimestamp
}

/** Which side of the book or trade. For trades it is the taker's side. */
export type Side = 'buy' | 'sell'

/** One price level. Implementations may build the Decimals lazily. */
export interface BookLevel {
  readonly price: Decimal
  readonly size: Decimal
}

/** A full L2 order book view: bids best (highest) first, asks best (lowest) first. */
export interface OrderBook extends Timestamped {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  readonly bids: readonly BookLevel[]
  readonly asks: readonly BookLevel[]
  /** The venue's update id / sequence of the last change applied, when it has one. */
  readonly sequence?: number | undefined
}

/**
 * One book message: a snapshot (replaces the book) or a delta (size 0 deletes a level).
 * `firstSequence`..`sequence` is the range of venue update ids it covers, where the venue says.
 */
export interface BookChange extends Timestamped {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  readonly isSnapshot: boolean
  readonly bids: readonly BookLevel[]
  readonly asks: readonly BookLevel[]
  readonly sequence?: number | undefined
  readonly firstSequence?: number | undefined
  readonly previousSequence?: number | undefined
}

/** A public trade. */
export interface Trade extends Timestamped {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  readonly id: string
  readonly price: Decimal
  readonly size: Decimal
  /** The taker's side. */
  readonly side: Side
}

/** Best prices and 24 h statistics; fields a venue does not send are `undefined`. */
export interface Ticker extends Timestamped {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  readonly bid?: Decimal | undefined
  readonly bidSize?: Decimal | undefined
  readonly ask?: Decimal | undefined
  readonly askSize?: Decimal | undefined
  readonly last?: Decimal | undefined
  readonly open24h?: Decimal | undefined
  readonly high24h?: Decimal | undefined
  readonly low24h?: Decimal | undefined
  /** Base-asset volume over 24 h. */
  readonly volume24h?: Decimal | undefined
  /** Quote-asset volume over 24 h. */
  readonly quoteVolume24h?: Decimal | undefined
}

/** Candle intervals every venue maps to its own names. */
export type CandleInterval =
  '1m' | '3m' | '5m' | '15m' | '30m' | '1h' | '2h' | '4h' | '6h' | '12h' | '1d' | '1w' | '1M'

/** One OHLCV candle. `timestamp` is the open time. */
export interface Candle extends Timestamped {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  readonly interval: CandleInterval
  readonly open: Decimal
  readonly high: Decimal
  readonly low: Decimal
  readonly close: Decimal
  /** Base-asset volume. */
  readonly volume: Decimal
  readonly quoteVolume?: Decimal | undefined
  /** False while the candle is still forming. */
  readonly closed: boolean
}

/** Whether an instrument can be traded now. */
export type InstrumentStatus = 'trading' | 'halted' | 'pre-trading' | 'delisted'

/** A tradable pair on one venue, with the rules an order must satisfy. */
export interface Instrument {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  /** The venue's own id: `BTCUSDT`, `BTC-USD`. */
  readonly venueSymbol: string
  readonly base: string
  readonly quote: string
  /** Price increment. */
  readonly tickSize: Decimal
  /** Quantity increment. */
  readonly lotSize: Decimal
  /** Smallest order quantity. */
  readonly minSize: Decimal
  readonly maxSize?: Decimal | undefined
  /** Smallest order value in quote currency. */
  readonly minNotional?: Decimal | undefined
  readonly status: InstrumentStatus
}

/** Order type. */
export type OrderType = 'limit' | 'market'

/** Time in force; `PostOnly` is a limit order that is rejected rather than take liquidity. */
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'PostOnly'

/**
 * Order lifecycle. `pending-new` is sent but not acknowledged; `pending-cancel` has a cancel in flight.
 * `filled`, `canceled`, `rejected` and `expired` are terminal.
 */
export type OrderStatus =
  | 'pending-new'
  | 'new'
  | 'partially-filled'
  | 'pending-cancel'
  | 'filled'
  | 'canceled'
  | 'rejected'
  | 'expired'

/** A request to place an order. */
export interface OrderRequest {
  readonly symbol: UnifiedSymbol
  readonly side: Side
  readonly type: OrderType
  /** Base quantity. Market buys may give `quoteQuantity` instead where the venue allows. */
  readonly quantity?: Decimal | undefined
  readonly quoteQuantity?: Decimal | undefined
  readonly price?: Decimal | undefined
  readonly timeInForce?: TimeInForce | undefined
  /** Client order id; generated when absent. It is how a lost response is reconciled. */
  readonly clientOrderId?: string | undefined
}

/** The SDK's view of one order. */
export interface Order extends Timestamped {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  /** The venue's order id, once known. */
  readonly id?: string | undefined
  readonly clientOrderId: string
  readonly side: Side
  readonly type: OrderType
  readonly timeInForce: TimeInForce
  readonly price?: Decimal | undefined
  readonly quantity: Decimal
  /**
   * The quote amount asked, for an order placed by quote quantity; `quantity` is then the base
   * quantity filled so far.
   */
  readonly quoteQuantity?: Decimal | undefined
  readonly filledQuantity: Decimal
  /** Average fill price, when something filled. */
  readonly averagePrice?: Decimal | undefined
  readonly status: OrderStatus
  readonly createdAt: Date
  /** The venue's reason for a reject or cancel, when given. */
  readonly reason?: string | undefined
}

/** Whether a fill added or took liquidity. */
export type Liquidity = 'maker' | 'taker'

/** One execution of an order. */
export interface Fill extends Timestamped {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  readonly tradeId: string
  readonly orderId: string
  readonly clientOrderId?: string | undefined
  readonly side: Side
  readonly price: Decimal
  readonly quantity: Decimal
  readonly fee: Decimal
  readonly feeAsset: string
  readonly liquidity?: Liquidity | undefined
}

/** One asset's balance. `total = free + locked`. */
export interface Balance extends Timestamped {
  readonly venue: VenueId
  readonly asset: string
  readonly free: Decimal
  readonly locked: Decimal
  readonly total: Decimal
}

/** A position (derivatives, or a spot inventory view). */
export interface Position extends Timestamped {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  readonly side: 'long' | 'short' | 'flat'
  readonly size: Decimal
  readonly entryPrice?: Decimal | undefined
  readonly unrealizedPnl?: Decimal | undefined
}
