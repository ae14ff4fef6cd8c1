/**
 * Order requests written as `POST /api/v3/order` parameters, once the kit has checked them against the
 * instrument. https://developers.binance.com/docs/binance-spot-api-docs/rest-api/trading-endpoints
 */
import type { Decimal } from '../../core/decimal.js'
import type { Instrument, OrderRequest } from '../../core/model.js'
import { checkOrder, type CheckedOrder } from '../kit/trading/checked-order.js'

/** A checked order and its parameters, in the order they are sent (and signed). */
export interface PreparedOrder {
  readonly order: CheckedOrder
  readonly params: Readonly<Record<string, string>>
}

/**
 * Checks an order request (see `checkOrder`) and writes its parameters: post-only is `LIMIT_MAKER`, a
 * market order takes `quantity` or `quoteOrderQty`, and every order asks for `newOrderRespType=FULL`,
 * so immediate fills come with the answer.
 *
 * @throws VenueError `invalid-request` naming the broken rule.
 */
export function prepareOrder(request: OrderRequest, instrument: Instrument): PreparedOrder {
  const order = checkOrder('binance', request, instrument)
  const type: Record<string, string> =
    order.type === 'market'
      ? { type: 'MARKET' }
      : order.timeInForce === 'PostOnly'
        ? { type: 'LIMIT_MAKER' }
        : { type: 'LIMIT', timeInForce: order.timeInForce }
  const amount: Record<string, string> =
    order.quoteQuantity !== undefined
      ? { quoteOrderQty: order.quoteQuantity.toFixed() }
      : { quantity: (order.quantity as Decimal).toFixed() }
  const params = {
    symbol: instrument.venueSymbol,
    side: order.side === 'buy' ? 'BUY' : 'SELL',
    ...type,
    ...amount,
    ...(order.price === undefined ? {} : { price: order.price.toFixed() }),
    newClientOrderId: order.clientOrderId,
    newOrderRespType: 'FULL',
  }
  return { order, params }
}
