/**
 * The normalized model shared by every venue. Readonly; every money field is a {@link Decimal};
 * every time is a `Date` plus the venue's raw timestamp exactly as it arrived.
 */
import type { Decimal } from './decimal.js'

/**
 * Venue ids rxvenue knows. Every stream function and `createClient` addresses venues by these; a venue
 * listed here but not yet available fails with `invalid-request`.
 *
 * @example
 * const venues: VenueId[] = ['bybit', 'binance']
 * venues.map((venue) => orderBook$(venue, 'BTC/USDT', { depth: 10 }))
 */
export type VenueId = KnownVenueId | (string & {})

/**
 * The venues this package names: built, planned, and the mock. A venue module of its own may use any
 * other id ({@link VenueId} stays open to it).
 *
 * @example
 * const known: KnownVenueId[] = ['bybit', 'binance', 'mock']
 */
export type KnownVenueId = 'bybit' | 'binance' | 'coinbase' | 'prime' | 'falconx' | 'fordefi' | 'mock'

/**
 * A unified symbol, `BASE/QUOTE` in upper case, e.g. `BTC/USDT`: the same name on every venue, mapped
 * by each driver to the venue's own (`BTCUSDT`, `BTC-USD`).
 *
 * @example
 * const symbol: UnifiedSymbol = 'ETH/USDT'
 * trades$('binance', symbol).subscribe((t) => console.log(t.price.toString()))
 */
export type UnifiedSymbol = `${string}/${string}`

/**
 * The venue's own timestamp, as sent (ms or µs number, numeric string or ISO text), kept beside the
 * parsed `Date` because a `Date` holds milliseconds only.
 *
 * @example
 * const raw: RawTimestamp = trade.rawTimestamp // e.g. 1718000000123 or '2024-06-10T06:13:20.123456Z'
 */
export type RawTimestamp = number | string

/**
 * Fields every timestamped record carries.
 *
 * @example
 * const lagMs = (record: Timestamped) => Date.now() - record.timestamp.getTime()
 * trades$('bybit', 'BTC/USDT').subscribe((t) => metrics.observe('trade_lag_ms', lagMs(t)))
 */
export interface Timestamped {
  /** When the venue says the event happened. */
  readonly timestamp: Date
  /** The venue's timestamp as sent, for audit and sub-millisecond precision. */
  readonly rawTimestamp: RawTimestamp
}

/**
 * Which side of the book or trade. For trades it is the taker's side.
 *
 * @example
 * const side: Side = signal > 0 ? 'buy' : 'sell'
 * account.placeOrder({ symbol: 'BTC/USDT', side, type: 'market', quantity: new Decimal('0.01') })
 */
export type Side = 'buy' | 'sell'

/**
 * One price level. Implementations may build the Decimals lazily.
 *
 * @example
 * const notional = (levels: readonly BookLevel[]) => levels.reduce((sum, l) => sum.plus(l.price.times(l.size)), new Decimal(0))
 * notional(book.bids.slice(0, 5)).toString() // quote value resting in the top 5 bids
 */
export interface BookLevel {
  readonly price: Decimal
  /** Base quantity resting at `price`; never zero in a book view. */
  readonly size: Decimal
}

/**
 * A full L2 order book view: bids best (highest) first, asks best (lowest) first. A view never changes
 * after it was emitted, so it can be kept or handed to another task as it is.
 *
 * @example
 * orderBook$('bybit', 'BTC/USDT', { depth: 10 }).subscribe((book: OrderBook) => {
 *   const [bid, ask] = [book.bids[0], book.asks[0]]
 *   if (bid && ask) console.log(`${bid.price} / ${ask.price}`)
 * })
 */
export interface OrderBook extends Timestamped {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  /** Best (highest) first. */
  readonly bids: readonly BookLevel[]
  /** Best (lowest) first. */
  readonly asks: readonly BookLevel[]
  /** The venue's update id / sequence of the last change applied, when it has one. */
  readonly sequence?: number | undefined
}

/**
 * One book message: a snapshot (replaces the book) or a delta (size 0 deletes a level).
 * `firstSequence`..`sequence` is the range of venue update ids it covers, where the venue says.
 * For keeping your own book or recording raw changes; `orderBook$` already folds them.
 *
 * @example
 * const book = new L2Book({ venue: 'bybit', symbol: 'BTC/USDT', sequence: consecutiveUpdateIds })
 * bookChanges$('bybit', 'BTC/USDT', { depth: 50 }).subscribe((change: BookChange) => {
 *   const result = book.applyChange(change)
 *   if (result.kind === 'gap') console.warn('missed updates: resubscribe for a fresh snapshot')
 * })
 */
export interface BookChange extends Timestamped {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  /** True: the change replaces the whole book. False: a delta on top of what came before. */
  readonly isSnapshot: boolean
  /** Changed bid levels; size 0 deletes the level. */
  readonly bids: readonly BookLevel[]
  /** Changed ask levels; size 0 deletes the level. */
  readonly asks: readonly BookLevel[]
  /** The venue's update id after this change (the last id it covers). */
  readonly sequence?: number | undefined
  /** The first update id this change covers, for venues that send ranges (Binance `U`). */
  readonly firstSequence?: number | undefined
  /** The update id of the venue's previous message, for venues that chain messages (`pu`). */
  readonly previousSequence?: number | undefined
}

/**
 * A public trade.
 *
 * @example
 * trades$('binance', 'BTC/USDT')
 *   .pipe(bufferTime(1_000))
 *   .subscribe((batch: Trade[]) => console.log(batch.length, 'trades in the last second'))
 */
export interface Trade extends Timestamped {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  /** The venue's trade id, unique per venue and symbol: deduplicate replays by it. */
  readonly id: string
  readonly price: Decimal
  /** Base quantity. */
  readonly size: Decimal
  /** The taker's side. */
  readonly side: Side
}

/**
 * Best prices and 24 h statistics; fields a venue does not send are `undefined`.
 *
 * @example
 * ticker$('bybit', 'ETH/USDT').subscribe((t: Ticker) => console.log(t.last?.toString(), t.volume24h?.toString()))
 */
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

/**
 * Candle intervals every venue maps to its own names (`1M` is the calendar month). Which ones a venue
 * streams or pages through is in its `capabilities`.
 *
 * @example
 * const interval: CandleInterval = '15m'
 * candles$('binance', 'BTC/USDT', interval).subscribe(console.log)
 */
export type CandleInterval =
  '1m' | '3m' | '5m' | '15m' | '30m' | '1h' | '2h' | '4h' | '6h' | '12h' | '1d' | '1w' | '1M'

/**
 * One OHLCV candle. `timestamp` is the open time.
 *
 * @example
 * // live candles repeat the forming one: keep only those that closed
 * candles$('bybit', 'BTC/USDT', '1m')
 *   .pipe(filter((c: Candle) => c.closed))
 *   .subscribe((c) => console.log(c.timestamp.toISOString(), c.close.toString()))
 */
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
  /** Quote-asset volume, where the venue sends it. */
  readonly quoteVolume?: Decimal | undefined
  /** False while the candle is still forming. */
  readonly closed: boolean
}

/**
 * Whether an instrument can be traded now.
 *
 * @example
 * instruments$('bybit').pipe(map((all) => all.filter((i) => i.status === 'trading')))
 */
export type InstrumentStatus = 'trading' | 'halted' | 'pre-trading' | 'delisted'

/**
 * A tradable pair on one venue, with the rules an order must satisfy: round prices to `tickSize` and
 * quantities to `lotSize` before placing, or the order is refused (`invalid-request`, naming the nearest
 * valid values) before it is sent.
 *
 * @example
 * const btc = (await firstValueFrom(instruments$('bybit'))).find((i) => i.symbol === 'BTC/USDT')!
 * const quantity = roundToLot('0.012345', btc.lotSize)
 * const price = roundToTick('65000.127', btc.tickSize, 'floor')
 */
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
  /** Largest order quantity, where the venue sets one. */
  readonly maxSize?: Decimal | undefined
  /** Smallest order value in quote currency. */
  readonly minNotional?: Decimal | undefined
  readonly status: InstrumentStatus
}

/**
 * Order type. A limit order needs `price`; a market order takes what the book offers.
 *
 * @example
 * const type: OrderType = price === undefined ? 'market' : 'limit'
 */
export type OrderType = 'limit' | 'market'

/**
 * Time in force; `PostOnly` is a limit order that is rejected rather than take liquidity. Which ones a
 * venue accepts is in `capabilities.trading.timeInForce`.
 *
 * @example
 * const maker: TimeInForce = 'PostOnly'
 * account.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price, quantity, timeInForce: maker })
 */
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'PostOnly'

/**
 * Order lifecycle. `pending-new` is sent but not acknowledged; `pending-cancel` has a cancel in flight.
 * `filled`, `canceled`, `rejected` and `expired` are terminal.
 *
 * @example
 * account.orderUpdates$().pipe(filter((o) => isTerminal(o.status))).subscribe((o) => console.log(o.status))
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

/**
 * A request to place an order. Money fields are Decimals: build them from strings, never from floats.
 *
 * @example
 * const request: OrderRequest = {
 *   symbol: 'BTC/USDT', side: 'buy', type: 'limit', timeInForce: 'GTC',
 *   price: new Decimal('60000'), quantity: new Decimal('0.001'), clientOrderId: 'grid-1-buy',
 * }
 * account.placeOrder(request).subscribe((order) => console.log(order.status))
 */
export interface OrderRequest {
  readonly symbol: UnifiedSymbol
  readonly side: Side
  readonly type: OrderType
  /** Base quantity. Market buys may give `quoteQuantity` instead where the venue allows. */
  readonly quantity?: Decimal | undefined
  /** Quote amount to spend (market buys), where `capabilities.trading.quoteQuantityMarketOrders`. */
  readonly quoteQuantity?: Decimal | undefined
  /** Limit price; required for `limit`, ignored for `market`. */
  readonly price?: Decimal | undefined
  /** Default `GTC` for limit orders; market orders are always immediate-or-cancel. */
  readonly timeInForce?: TimeInForce | undefined
  /** Client order id; generated when absent. It is how a lost response is reconciled. */
  readonly clientOrderId?: string | undefined
}

/**
 * The SDK's view of one order.
 *
 * @example
 * account.orderUpdates$().subscribe((o: Order) =>
 *   console.log(`${o.clientOrderId} ${o.status} ${o.filledQuantity}/${o.quantity} @ ${o.averagePrice ?? '-'}`),
 * )
 */
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

/**
 * Whether a fill added or took liquidity; fees usually differ.
 *
 * @example
 * account.fills$().pipe(filter((f) => f.liquidity === 'taker')).subscribe(countTakerFill)
 */
export type Liquidity = 'maker' | 'taker'

/**
 * One execution of an order.
 *
 * @example
 * account.fills$().subscribe((f: Fill) => ledger.record(f.tradeId, f.quantity, f.fee, f.feeAsset))
 */
export interface Fill extends Timestamped {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  /**
   * The venue's execution id. A fill may be delivered twice (REST and WebSocket): dedupe by
   * {@link fillKey}, not by this id alone, since both sides of a self-trade carry the same one.
   */
  readonly tradeId: string
  /** The venue's order id. */
  readonly orderId: string
  readonly clientOrderId?: string | undefined
  readonly side: Side
  readonly price: Decimal
  readonly quantity: Decimal
  /** Fee charged, in `feeAsset` (a negative fee is a rebate). */
  readonly fee: Decimal
  readonly feeAsset: string
  readonly liquidity?: Liquidity | undefined
}

/**
 * What makes a fill one: its venue, symbol, trade id and order. An execution between two orders of the
 * same account (a self-trade) is two fills with one trade id, one for each order.
 *
 * @example
 * const seen = new Set<string>()
 * account.fills$().pipe(filter((f) => !seen.has(fillKey(f)) && !!seen.add(fillKey(f)))).subscribe(record)
 */
export function fillKey(fill: Pick<Fill, 'venue' | 'symbol' | 'tradeId' | 'orderId'>): string {
  return `${fill.venue} ${fill.symbol} ${fill.tradeId} ${fill.orderId}`
}

/**
 * One asset's balance. `total = free + locked`; `locked` is held by open orders.
 *
 * @example
 * account.balances().subscribe((all: readonly Balance[]) =>
 *   console.log(all.find((b) => b.asset === 'USDT')?.free.toString()),
 * )
 */
export interface Balance extends Timestamped {
  readonly venue: VenueId
  readonly asset: string
  readonly free: Decimal
  readonly locked: Decimal
  readonly total: Decimal
}

/**
 * A position (derivatives, or a spot inventory view), where `capabilities.trading.positions`.
 *
 * @example
 * account.positions?.().subscribe((all: readonly Position[]) => console.log(all.filter((p) => p.side !== 'flat').length))
 */
export interface Position extends Timestamped {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  readonly side: 'long' | 'short' | 'flat'
  readonly size: Decimal
  readonly entryPrice?: Decimal | undefined
  readonly unrealizedPnl?: Decimal | undefined
}

/**
 * Names one order: by the venue's id, or by the client order id. An {@link Order} is a valid ref.
 * When both are given the venue id wins, as it does on the venues themselves. `createdAt`, when known,
 * tells a venue that finds orders by time alone (FalconX by client order id) where to look from.
 *
 * @example
 * const ref: OrderRef = { symbol: 'BTC/USDT', clientOrderId: 'grid-1-buy' }
 * account.cancelOrder(ref).subscribe((o) => console.log(o.status)) // 'canceled'
 */
export type OrderRef =
  | {
      readonly symbol: UnifiedSymbol
      readonly clientOrderId: string
      readonly id?: string | undefined
      readonly createdAt?: Date | undefined
    }
  | {
      readonly symbol: UnifiedSymbol
      readonly id: string
      readonly clientOrderId?: string | undefined
      readonly createdAt?: Date | undefined
    }

/**
 * Changes to a resting order; at least one field. Venues may reset queue priority on a price change.
 *
 * @example
 * account.amendOrder?.(ref, { price: new Decimal('64950') } satisfies OrderAmendment).subscribe()
 */
export interface OrderAmendment {
  readonly price?: Decimal | undefined
  readonly quantity?: Decimal | undefined
}
