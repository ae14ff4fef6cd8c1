/**
 * Order requests written as Bybit create and amend bodies, once the kit has checked them against the
 * instrument. https://bybit-exchange.github.io/docs/v5/order/create-order
 */
import type { Decimal } from '../../core/decimal.js'
import type { Instrument, OrderAmendment, OrderRef, OrderRequest } from '../../core/model.js'
import { checkOrder } from '../kit/trading/checked-order.js'
import { checkAmendment } from '../kit/trading/amendment.js'
import type { QtyUnit } from './private-mappers.js'

/**
 * Checks an order request against the instrument (see `checkOrder`) and builds the body of
 * `POST /v5/order/create`, keys in the order they are sent (and signed). A market order says its unit
 * (`marketUnit`), so a market buy by base quantity is not read as quote.
 *
 * @throws VenueError `invalid-request` naming the broken rule (and the nearest valid value where one exists).
 */
export function prepareOrder(request: OrderRequest, instrument: Instrument) {
  const order = checkOrder('bybit', request, instrument)
  const unit: QtyUnit = order.quoteQuantity !== undefined ? 'quoteCoin' : 'baseCoin'
  const qty = (order.quoteQuantity ?? order.quantity) as Decimal
  const body = {
    category: 'spot',
    symbol: instrument.venueSymbol,
    side: order.side === 'buy' ? 'Buy' : 'Sell',
    orderType: order.type === 'limit' ? 'Limit' : 'Market',
    qty: qty.toFixed(),
    ...(order.price === undefined ? {} : { price: order.price.toFixed() }),
    timeInForce: order.timeInForce,
    orderLinkId: order.clientOrderId,
    ...(order.type === 'market' ? { marketUnit: unit } : {}),
    isLeverage: 0,
    orderFilter: 'Order',
  }
  return { order, body, unit }
}

/** The order a cancel, amend or lookup names: by `orderId`, else by `orderLinkId`. */
export const refBody = (venueSymbol: string, ref: OrderRef) => ({
  category: 'spot',
  symbol: venueSymbol,
  ...(ref.id !== undefined ? { orderId: ref.id } : { orderLinkId: ref.clientOrderId ?? '' }),
})

/**
 * An amendment checked by the kit's `checkAmendment`, as the `price` / `qty` texts to send.
 *
 * @throws VenueError `invalid-request` when nothing changes or a value breaks the instrument's rules.
 */
export function prepareAmendment(
  changes: OrderAmendment,
  instrument: Instrument,
): { readonly price?: string; readonly qty?: string } {
  const { price, quantity } = checkAmendment('bybit', changes, instrument)
  return {
    ...(quantity === undefined ? {} : { qty: quantity.toFixed() }),
    ...(price === undefined ? {} : { price: price.toFixed() }),
  }
}
