/**
 * Prime's order and fill records in the model's words.
 * https://docs.cdp.coinbase.com/api-reference/prime-api/rest-api/orders/get-order-by-order-id
 */
import type { Fill, Order } from '../../core/model.js'
import type { SymbolMap } from '../../core/symbols.js'
import {
  factsOrder,
  TIME_IN_FORCE_WORDS,
  type OrderFacts,
  type OrderWords,
} from '../kit/trading/order-facts.js'
import type { PrimeFillRecord, PrimeOrderRecord, PrimeWsOrder } from './codecs.js'
import { PRIME_ORDER_STATUS } from './spec.js'

/**
 * How Prime's order facts read in the model: a status its table does not list leaves the order out.
 *
 * @example
 * factsOrder(PRIME_WORDS, pushedFacts(order), symbols, frame.timestamp)?.status // 'new'
 */
export const PRIME_WORDS: OrderWords = { venue: 'prime', statuses: PRIME_ORDER_STATUS, unlisted: undefined }

/**
 * An order record as an {@link Order}, or `undefined` for an unlisted product or an unknown status.
 * Every type but `MARKET` has a limit price and is a `limit` order in the model.
 *
 * @example
 * toOrder(answer.order, symbols)?.status // 'filled'
 */
export function toOrder(r: PrimeOrderRecord, symbols: SymbolMap): Order | undefined {
  const facts: OrderFacts = {
    productId: r.product_id,
    id: r.id,
    clientOrderId: r.client_order_id,
    side: r.side,
    type: r.type.toUpperCase() === 'MARKET' ? 'market' : 'limit',
    timeInForce: TIME_IN_FORCE_WORDS[r.time_in_force ?? ''],
    price: r.limit_price,
    base: r.base_quantity,
    quote: r.quote_value,
    filled: r.filled_quantity,
    average: r.average_filled_price,
    status: r.status,
  }
  return factsOrder(PRIME_WORDS, facts, symbols, r.created_at)
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
 * An order of the `orders` channel, as its {@link Order} and its running totals (`cum_qty`, `avg_px`,
 * `fees`): its `side` and `order_type` are lower case there, upper case on REST.
 *
 * @example
 * totalsChannelPushes(ctx, { …, ...factsChannel(PRIME_WORDS, pushedFacts) })
 */
export function pushedFacts(o: PrimeWsOrder): OrderFacts {
  return {
    productId: o.product_id,
    id: o.order_id,
    clientOrderId: o.client_order_id,
    side: o.side,
    type: o.order_type.toUpperCase() === 'MARKET' ? 'market' : 'limit',
    price: o.limit_px,
    leaves: o.leaves_qty,
    filled: o.cum_qty,
    average: o.avg_px,
    status: o.status,
    fees: o.fees,
  }
}
