/**
 * Prime's order and fill records in the model's words.
 * https://docs.cdp.coinbase.com/api-reference/prime-api/rest-api/orders/get-order-by-order-id
 */
import type { Fill, Order } from '../../core/model.js'
import { venueFill } from '../kit/trading/venue-fill.js'
import type { SymbolMap } from '../../core/symbols.js'
import {
  factsOrder,
  TIME_IN_FORCE_WORDS,
  type OrderFacts,
  type OrderWords,
} from '../kit/trading/order-facts.js'
import type { PrimeFillRecord, PrimeOrderRecord, PrimeWsOrder } from './codecs.js'
import { PRIME_ORDER_STATUS } from './spec.js'

/** How Prime's order facts read in the model: a status its table does not list leaves the order out. */
export const PRIME_WORDS: OrderWords = { venue: 'prime', statuses: PRIME_ORDER_STATUS, unlisted: undefined }

/** An order record as an {@link Order}: every type but `MARKET` has a limit price, a `limit` order in the model. */
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

/** A fill record as a {@link Fill}; its `commission` is in the quote currency. */
export function toFill(r: PrimeFillRecord, symbols: SymbolMap): Fill | undefined {
  return venueFill('prime', symbols, r.product_id, (instrument) => ({
    tradeId: r.id,
    orderId: r.order_id,
    clientOrderId: r.client_order_id,
    side: r.side === 'BUY' ? 'buy' : 'sell',
    price: r.price,
    quantity: r.filled_quantity,
    fee: r.commission ?? r.price.mul(0),
    feeAsset: instrument.quote,
    ...r.time,
  }))
}

/** An order of the `orders` channel (`side` and `order_type` lower case there, upper case on REST) and its running totals. */
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
