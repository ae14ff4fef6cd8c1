import { Decimal } from '../../../core/decimal.js'
import type { Order, Timestamped, UnifiedSymbol, VenueId } from '../../../core/model.js'
import type { CheckedOrder } from './checked-order.js'

const ZERO = new Decimal(0)

/**
 * The order a create answer without a status stands for: `new`, as the checked request asked for it.
 *
 * @example
 * acceptedOrder('binance', 'BTC/USDT', ack.orderId, checked, timestampedMs(ack.transactTime))
 */
export function acceptedOrder(
  venue: VenueId,
  symbol: UnifiedSymbol,
  id: string,
  order: CheckedOrder,
  at: Timestamped,
): Order {
  return {
    venue,
    symbol,
    id,
    clientOrderId: order.clientOrderId,
    side: order.side,
    type: order.type,
    timeInForce: order.timeInForce,
    price: order.price,
    quantity: order.quantity ?? ZERO,
    quoteQuantity: order.quoteQuantity,
    filledQuantity: ZERO,
    status: 'new',
    createdAt: at.timestamp,
    ...at,
  }
}
