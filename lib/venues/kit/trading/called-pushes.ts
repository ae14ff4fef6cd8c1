/**
 * The trading streams of a venue that pushes nothing (no account socket: FalconX): the orders and
 * fills its calls learn of are put on the streams as the calls resolve.
 */
import { EMPTY, merge, NEVER, Subject, type Observable } from 'rxjs'
import type { Fill, Order } from '../../../core/model.js'
import type { TradingParts } from './surface.js'

/**
 * What {@link calledPushes} gives: `publish` for the calls, `pushes` for the trading surface.
 *
 * @example
 * const { publish, pushes } = calledPushes()
 * createTradingSurface(context, { ...parts, pushes })
 */
export interface CalledPushes {
  /** Puts `order` on `orderUpdates$` and `fill`, when there is one, on `fills$`; returns `order`. */
  publish(order: Order, fill?: Fill): Order
  /** What was published, with `more`'s orders and fills; no balances, never a resubscription. */
  readonly pushes: TradingParts['pushes']
}

/**
 * The pushes of a venue without an account socket: what its calls publish, merged with the orders and
 * fills of `more` (the RFQ surface's executions, say).
 *
 * @example
 * const { publish, pushes } = calledPushes({ orders$: rfq.orders$, fills$: rfq.fills$ })
 * send(order).pipe(map((answer) => publish(toOrder(answer), toFill(answer))))
 */
export function calledPushes(
  more: { readonly orders$?: Observable<Order>; readonly fills$?: Observable<Fill> } = {},
): CalledPushes {
  const orders = new Subject<Order>()
  const fills = new Subject<Fill>()
  return {
    publish: (order, fill) => {
      orders.next(order)
      if (fill !== undefined) fills.next(fill)
      return order
    },
    pushes: {
      orders$: merge(orders, more.orders$ ?? EMPTY),
      fills$: merge(fills, more.fills$ ?? EMPTY),
      balances$: EMPTY,
      resubscribed$: NEVER,
    },
  }
}
