/**
 * Prime's order and fill records in the model's words.
 * https://docs.cdp.coinbase.com/api-reference/prime-api/rest-api/orders/get-order-by-order-id
 */
import type { Fill, Order, TimeInForce, Timestamped } from '../../core/model.js'
import type { SymbolMap } from '../../core/symbols.js'
import { orderStatusBy } from '../kit/trading/status-table.js'
import type { PrimeFillRecord, PrimeOrderRecord, PrimeWsOrder } from './codecs.js'
import { PRIME_ORDER_STATUS } from './spec.js'

const TIME_IN_FORCE: Readonly<Record<string, TimeInForce>> = {
  GOOD_UNTIL_CANCELLED: 'GTC',
  GTC: 'GTC',
  // the model has no GTD (nor TWAP or VWAP): an order good until a date rests like a GTC one
  GOOD_UNTIL_DATE_TIME: 'GTC',
  IMMEDIATE_OR_CANCEL: 'IOC',
  FILL_OR_KILL: 'FOK',
}

/**
 * An order record as an {@link Order}, or `undefined` for an unlisted product or an unknown status.
 * Every type but `MARKET` has a limit price and is a `limit` order in the model.
 *
 * @example
 * toOrder(answer.order, symbols)?.status // 'filled'
 */
export function toOrder(r: PrimeOrderRecord, symbols: SymbolMap): Order | undefined {
  const instrument = symbols.getByVenueSymbol(r.product_id)
  const filled = r.filled_quantity
  const status = orderStatusBy(PRIME_ORDER_STATUS, r.status, filled, undefined)
  if (instrument === undefined || status === undefined) return undefined
  const market = r.type.toUpperCase() === 'MARKET'
  const byQuote = r.base_quantity === undefined && r.quote_value !== undefined
  const average = r.average_filled_price
  return {
    venue: 'prime',
    symbol: instrument.symbol,
    id: r.id,
    clientOrderId: r.client_order_id || r.id,
    side: r.side === 'BUY' ? 'buy' : 'sell',
    type: market ? 'market' : 'limit',
    timeInForce: market ? 'IOC' : (TIME_IN_FORCE[r.time_in_force ?? ''] ?? 'GTC'),
    price: market ? undefined : r.limit_price,
    quantity: byQuote ? filled : (r.base_quantity ?? filled),
    quoteQuantity: byQuote ? r.quote_value : undefined,
    filledQuantity: filled,
    averagePrice: average !== undefined && average.gt(0) && filled.gt(0) ? average : undefined,
    status,
    createdAt: r.created_at.timestamp,
    ...r.created_at,
  }
}

/**
 * A fill record as a {@link Fill}; its `commission` is in the quote currency.
 *
 * @example
 * toFill(page.fills[0], symbols)?.fee.toFixed()
 */
export function toFill(r: PrimeFillRecord, symbols: SymbolMap): Fill | undefined {
  const instrument = symbols.getByVenueSymbol(r.product_id)
  if (instrument === undefined) return undefined
  return {
    venue: 'prime',
    symbol: instrument.symbol,
    tradeId: r.id,
    orderId: r.order_id,
    clientOrderId: r.client_order_id,
    side: r.side === 'BUY' ? 'buy' : 'sell',
    price: r.price,
    quantity: r.filled_quantity,
    fee: r.commission ?? r.price.mul(0),
    feeAsset: instrument.quote,
    ...r.time,
  }
}

/**
 * An order of the `orders` channel as an {@link Order} (its `side` and `order_type` are lower case
 * there, upper case on REST).
 *
 * @example
 * toPushedOrder(frame.events[0].orders[0], symbols, frame.timestamp)?.status // 'new'
 */
export function toPushedOrder(o: PrimeWsOrder, symbols: SymbolMap, at: Timestamped): Order | undefined {
  const instrument = symbols.getByVenueSymbol(o.product_id)
  const filled = o.cum_qty
  const status = orderStatusBy(PRIME_ORDER_STATUS, o.status, filled, undefined)
  if (instrument === undefined || status === undefined) return undefined
  const market = o.order_type.toUpperCase() === 'MARKET'
  const average = o.avg_px
  return {
    venue: 'prime',
    symbol: instrument.symbol,
    id: o.order_id,
    clientOrderId: o.client_order_id || o.order_id,
    side: o.side.toUpperCase() === 'BUY' ? 'buy' : 'sell',
    type: market ? 'market' : 'limit',
    timeInForce: market ? 'IOC' : 'GTC',
    price: market ? undefined : o.limit_px,
    quantity: filled.plus(o.leaves_qty),
    filledQuantity: filled,
    averagePrice: average !== undefined && average.gt(0) && filled.gt(0) ? average : undefined,
    status,
    createdAt: at.timestamp,
    ...at,
  }
}
