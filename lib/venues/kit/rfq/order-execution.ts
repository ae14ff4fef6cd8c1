/**
 * RFQ executions read from the order an accepted quote made, for a venue whose accept answers with an
 * order id and whose orders list their fills (Prime's).
 */
import { concatMap, map, of, type Observable } from 'rxjs'
import { VenueError } from '../../../core/errors.js'
import type { Fill, Order, OrderRef, VenueId } from '../../../core/model.js'
import type { RfqExecution, RfqQuote } from '../../contract/rfq.js'

/**
 * The order queries an execution is read by.
 *
 * @example
 * const orders: ExecutionOrders = { lookup: queries.lookup, orderFills }
 */
export interface ExecutionOrders {
  lookup(ref: OrderRef): Observable<Order | undefined>
  orderFills(ref: OrderRef): Observable<readonly Fill[]>
}

/**
 * The execution of `quote` by the order `ref` names: `undefined` until the order is filled, then the
 * order and its last fill (an RFQ fills once).
 *
 * @example
 * wire.lookup = (quote) => orderExecution(orders, quote, { symbol: quote.symbol, clientOrderId: quote.id })
 */
export function orderExecution(
  orders: ExecutionOrders,
  quote: RfqQuote,
  ref: OrderRef,
): Observable<RfqExecution | undefined> {
  return orders.lookup(ref).pipe(
    concatMap((order) =>
      order?.id === undefined || order.status !== 'filled'
        ? of(undefined)
        : orders.orderFills({ symbol: order.symbol, id: order.id }).pipe(
            map((fills) => {
              const fill = fills[fills.length - 1]
              return fill === undefined ? undefined : { quote, order, fill }
            }),
          ),
    ),
  )
}

/**
 * The outcome of an accept the venue took, whose order is `orderId`: its execution, or `temporary`
 * while the order has not filled (the surface then looks the quote up).
 *
 * @example
 * send('/accept_quote', Answer, call).pipe(concatMap((a) => acceptedExecution('prime', orders, quote, a.order_id)))
 */
export function acceptedExecution(
  venue: VenueId,
  orders: ExecutionOrders,
  quote: RfqQuote,
  orderId: string,
): Observable<RfqExecution> {
  return orderExecution(orders, quote, { symbol: quote.symbol, id: orderId }).pipe(
    map((x) => {
      if (x !== undefined) return x
      const message = `quote ${quote.id} accepted, its order not yet filled`
      throw new VenueError({ kind: 'temporary', venue, message })
    }),
  )
}
