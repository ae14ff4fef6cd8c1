/**
 * The body of a Prime create order (and of a preview), checked against the instrument first.
 * https://docs.cdp.coinbase.com/api-reference/prime-api/rest-api/orders/create-order
 */
import type { Decimal } from '../../core/decimal.js'
import type { Instrument, OrderRequest } from '../../core/model.js'
import { checkOrder, orderRefusal, type CheckedOrder } from '../kit/trading/checked-order.js'

/**
 * Prime's terms of an order beyond the model's request.
 *
 * @example
 * const twap: PrimeOrderTerms = { type: 'TWAP', startTime: new Date(), expiryTime: new Date(Date.now() + 3_600_000) }
 */
export interface PrimeOrderTerms {
  /** An algorithm or a stop instead of the request's `limit`: a limit price is required with each. */
  readonly type?: 'TWAP' | 'VWAP' | 'STOP_LIMIT' | undefined
  /** When a TWAP or VWAP starts. Required with them. */
  readonly startTime?: Date | undefined
  /** When a TWAP or VWAP ends (required with them), or when a limit order expires (good until then). */
  readonly expiryTime?: Date | undefined
  /** The trigger of a STOP_LIMIT order. Required with it. */
  readonly stopPrice?: Decimal | undefined
}

/**
 * An order request to Prime: the model's, with Prime's terms in `prime`. A TWAP, VWAP or STOP_LIMIT
 * order is a `limit` request (its `price` the limit price) whose `prime.type` names it.
 *
 * @example
 * prime.trading?.placeOrder({ symbol: 'BTC/USD', side: 'buy', type: 'limit', price: d('60000'), quantity: d('2'),
 *   prime: { type: 'TWAP', startTime: new Date(), expiryTime: new Date(Date.now() + 3_600_000) } })
 */
export type PrimeOrderRequest = OrderRequest & { readonly prime?: PrimeOrderTerms | undefined }

const PRIME_TYPES: readonly unknown[] = ['TWAP', 'VWAP', 'STOP_LIMIT'] satisfies NonNullable<
  PrimeOrderTerms['type']
>[]

/** The terms a caller gave, refused unless an object whose `type`, if any, is one Prime takes here. */
function primeTerms(terms: unknown, fail: (why: string) => never): PrimeOrderTerms {
  if (terms === undefined) return {}
  if (typeof terms !== 'object' || terms === null) return fail(`prime must be an object, got ${typeof terms}`)
  const type = (terms as PrimeOrderTerms).type
  if (type !== undefined && !PRIME_TYPES.includes(type))
    fail(`prime.type must be one of ${PRIME_TYPES.join(', ')}, got ${JSON.stringify(type)}`)
  return terms
}

const TIME_IN_FORCE = {
  GTC: 'GOOD_UNTIL_CANCELLED',
  IOC: 'IMMEDIATE_OR_CANCEL',
  FOK: 'FILL_OR_KILL',
} as const

/**
 * The checked order and the JSON body of its create.
 *
 * @throws VenueError `invalid-request` for a request the instrument or Prime's rules refuse (a
 * `prime.type` other than TWAP, VWAP or STOP_LIMIT among them).
 */
export function preparePrimeOrder(
  request: PrimeOrderRequest & { readonly clientOrderId: string },
  instrument: Instrument,
): { readonly order: CheckedOrder; readonly body: Record<string, string | boolean> } {
  const order = checkOrder('prime', request, instrument)
  const fail = orderRefusal('prime', request, instrument)
  const terms = primeTerms(request.prime, fail)
  const body: Record<string, string | boolean> = {
    product_id: instrument.venueSymbol,
    side: order.side === 'buy' ? 'BUY' : 'SELL',
    client_order_id: order.clientOrderId,
  }
  if (order.quantity !== undefined) body['base_quantity'] = order.quantity.toFixed()
  else if (order.quoteQuantity !== undefined) body['quote_value'] = order.quoteQuantity.toFixed()
  if (order.type === 'market') {
    if (terms.type !== undefined) fail(`${terms.type} takes a limit price: type must be limit`)
    return { order, body: { ...body, type: 'MARKET' } }
  }
  body['limit_price'] = order.price.toFixed()
  const expiry = terms.expiryTime?.toISOString()
  if (terms.type === 'TWAP' || terms.type === 'VWAP') {
    if (terms.startTime === undefined || expiry === undefined)
      fail(`${terms.type} needs prime.startTime and prime.expiryTime`)
    return {
      order,
      body: {
        ...body,
        type: terms.type,
        start_time: terms.startTime?.toISOString() ?? '',
        expiry_time: expiry ?? '',
        time_in_force: 'GOOD_UNTIL_DATE_TIME',
      },
    }
  }
  if (terms.type === 'STOP_LIMIT') {
    if (terms.stopPrice === undefined || !terms.stopPrice.gt(0))
      fail('STOP_LIMIT needs a positive prime.stopPrice')
    body['type'] = 'STOP_LIMIT'
    body['stop_price'] = terms.stopPrice?.toFixed() ?? ''
  } else {
    body['type'] = 'LIMIT'
  }
  if (expiry !== undefined) {
    if (order.timeInForce !== 'GTC') fail('an expiry goes with a resting (GTC) order only')
    return { order, body: { ...body, time_in_force: 'GOOD_UNTIL_DATE_TIME', expiry_time: expiry } }
  }
  const tif = order.timeInForce
  if (tif !== 'GTC' && tif !== 'IOC' && tif !== 'FOK') return fail(`prime takes no ${tif} orders`)
  return { order, body: { ...body, time_in_force: TIME_IN_FORCE[tif] } }
}
