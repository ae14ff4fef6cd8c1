/**
 * A venue's order record as the model's order: the rules every venue's record follows alike (the
 * listed instrument, the client id, a price only where one rests, quantities of an order placed by
 * quote amount, an average only once something filled), each venue naming its own fields.
 */
import type { Decimal } from '../../../core/decimal.js'
import type {
  Order,
  OrderStatus,
  OrderType,
  Side,
  TimeInForce,
  Timestamped,
  VenueId,
} from '../../../core/model.js'
import type { SymbolMap } from '../../../core/symbols.js'

/**
 * What an order record says, in the model's words, before the shared rules apply.
 *
 * @example
 * const fields: OrderFields = { venueSymbol: 'BTCUSDT', id: '1', clientOrderId: 'grid-1', side: 'buy', type: 'limit', timeInForce: 'GTC', price, quantity, quoteQuantity: undefined, filled, averagePrice: undefined, status: 'new', created, at }
 */
export interface OrderFields {
  readonly venueSymbol: string
  readonly id: string
  /** Empty or absent: the order's id stands for it. */
  readonly clientOrderId: string | undefined
  readonly side: Side
  readonly type: OrderType
  readonly timeInForce: TimeInForce
  /** Kept for a limit order only, and only when positive. */
  readonly price: Decimal | undefined
  /** The base quantity ordered. */
  readonly quantity: Decimal | undefined
  /** Set for an order placed by quote amount: its `quantity` is then the base filled so far. */
  readonly quoteQuantity: Decimal | undefined
  readonly filled: Decimal
  /** Kept only when positive and something filled. */
  readonly averagePrice: Decimal | undefined
  readonly status: OrderStatus
  /** Absent: the epoch (a record that names no time). */
  readonly created: Timestamped | undefined
  readonly at: Timestamped | undefined
  /** The venue's reason for a reject or cancel; left out when absent. */
  readonly reason?: string | undefined
}

/**
 * The {@link Order} of a venue's record, or `undefined` when its symbol is not a listed instrument.
 *
 * @example
 * venueOrder('bybit', symbols, { ...fields, status: 'partially-filled' })?.filledQuantity
 */
export function venueOrder(venue: VenueId, symbols: SymbolMap, f: OrderFields): Order | undefined {
  const instrument = symbols.getByVenueSymbol(f.venueSymbol)
  if (instrument === undefined) return undefined
  const { filled, price, quoteQuantity, averagePrice: average } = f
  return {
    venue,
    symbol: instrument.symbol,
    id: f.id,
    clientOrderId: f.clientOrderId || f.id,
    side: f.side,
    type: f.type,
    timeInForce: f.timeInForce,
    price: f.type === 'limit' && price !== undefined && price.gt(0) ? price : undefined,
    quantity: quoteQuantity !== undefined ? filled : (f.quantity ?? filled),
    quoteQuantity,
    filledQuantity: filled,
    averagePrice: average !== undefined && average.gt(0) && filled.gt(0) ? average : undefined,
    status: f.status,
    createdAt: f.created?.timestamp ?? new Date(0),
    timestamp: f.at?.timestamp ?? new Date(0),
    rawTimestamp: f.at?.rawTimestamp ?? 0,
    ...(f.reason === undefined ? {} : { reason: f.reason }),
  }
}

/**
 * The model's side of a venue's word for it, whatever its case (`BUY`, `Buy`, `buy`).
 *
 * @example
 * sideOf('Sell') // 'sell'
 */
export function sideOf(word: string): Side {
  return BUY.test(word) ? 'buy' : 'sell'
}

const BUY = /^buy$/i
