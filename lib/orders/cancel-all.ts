/**
 * The order manager's cancel-all: the venue's own where it has one, else order by order (an order
 * finished meanwhile taken as the venue shows it), and the placements in flight when it began canceled
 * once they land open.
 */
import {
  catchError,
  concat,
  concatMap,
  defer,
  EMPTY,
  from,
  map,
  mergeMap,
  of,
  tap,
  throwError,
  toArray,
  type Observable,
  type SchedulerLike,
} from 'rxjs'
import type { Order, OrderRef, UnifiedSymbol, VenueId } from '../core/model.js'
import { isOpen, isTerminal } from '../core/order-status.js'
import type { VenueTrading } from '../venues/contract/trading.js'
import type { OrderIntent } from '../store/order-store.js'
import type { Lanes } from './lanes.js'
import type { OrderFilter } from './manager-types.js'
import { catchAll, onNotFound, retryRecoverable } from './operators.js'
import type { TradingState } from './trading-state.js'

/**
 * What a cancel-all works with: the manager's model, journal and commands.
 *
 * @example
 * const cancelAll = createCancelAll(context)
 * cancelAll({ venue: 'bybit' }).subscribe((canceled) => console.log(canceled.length))
 */
export interface CancelAllContext {
  readonly model: TradingState
  readonly intents: ReadonlyMap<string, OrderIntent>
  readonly lanes: Lanes
  readonly scheduler: SchedulerLike
  /** Placements to cancel as soon as they land open (their outcome was unknown at the cancel-all). */
  readonly cancelWhenOpen: Set<string>
  /** The venues a cancel-all of every venue goes to (besides those with open orders). */
  venues(): Iterable<VenueId>
  /** The venue's trading surface once it is ready; waits for it (cancels reduce risk). */
  ready(venue: VenueId): Observable<{ readonly trading: VenueTrading }>
  /** The manager's cancel of one order. */
  cancel(venue: VenueId, ref: OrderRef | string): Observable<Order>
  applyOrder(order: Order, reconciling: boolean): boolean
}

/**
 * The cancel-all of a manager: emits the orders canceled, once every venue has answered.
 *
 * @example
 * const cancelAll = createCancelAll(context)
 * cancelAll().subscribe((canceled) => console.log(canceled.map((o) => o.clientOrderId)))
 */
export function createCancelAll(
  ctx: CancelAllContext,
): (which?: OrderFilter) => Observable<readonly Order[]> {
  const { model, intents, lanes, scheduler, cancelWhenOpen, cancel, applyOrder } = ctx

  const unsettledPlacements = (venue: VenueId, symbol: UnifiedSymbol | undefined) =>
    [...intents.values()].filter(
      (i) =>
        i.venue === venue && i.state === 'pending' && (symbol === undefined || i.request.symbol === symbol),
    )

  /**
   * A venue's cancel-all misses an order whose placement lands after it: once each placement unsettled
   * when the cancel-all began has its answer, the orders open are canceled, and those whose outcome is
   * still unknown are canceled when they land open.
   */
  const cancelLanded = (venue: VenueId, unsettled: readonly OrderIntent[]): Observable<Order[]> =>
    from(unsettled).pipe(
      mergeMap((intent) => {
        const key = `${venue} ${intent.clientOrderId}`
        return concat(
          lanes.run(key, () => EMPTY),
          defer(() => {
            const order = model.order(venue, intent.clientOrderId)
            if (order === undefined || !isOpen(order.status)) return EMPTY
            if (order.status === 'pending-new') {
              cancelWhenOpen.add(key)
              return EMPTY
            }
            return cancel(venue, intent.clientOrderId).pipe(retryRecoverable(scheduler), catchAll())
          }),
        )
      }, 4),
      toArray(),
    )

  /**
   * Cancels orders one by one (a venue without cancel-all). One finished meanwhile (the venue says
   * not-found, or refuses to cancel it and shows it finished: see the manager's cancel) is taken as it
   * is; every cancel is tried before a failure is reported.
   */
  const cancelEach = (venue: VenueId, orders: readonly Order[]): Observable<Order[]> => {
    const failures: unknown[] = []
    return from(orders).pipe(
      mergeMap((o) => {
        const ref = { symbol: o.symbol, clientOrderId: o.clientOrderId, id: o.id }
        return cancel(venue, ref).pipe(
          retryRecoverable(scheduler),
          onNotFound<Order>(() => EMPTY),
          catchError((e: unknown) => {
            failures.push(e)
            return EMPTY
          }),
        )
      }, 4),
      toArray(),
      concatMap((canceled) => (failures.length > 0 ? throwError(() => failures[0]) : of(canceled))),
    )
  }

  return (which = {}) =>
    defer(() => {
      const venues = new Set<VenueId>(which.venue !== undefined ? [which.venue] : ctx.venues())
      if (which.venue === undefined) for (const o of model.openOrders()) venues.add(o.venue)
      const { symbol } = which
      return from([...venues]).pipe(
        mergeMap((venue) =>
          ctx.ready(venue).pipe(
            concatMap(({ trading }) => {
              const unsettled = unsettledPlacements(venue, symbol)
              const all = trading.cancelAllOrders?.bind(trading)
              const placing = new Set(unsettled.map((i) => i.clientOrderId))
              const atVenue =
                all !== undefined
                  ? defer(() => all(symbol)).pipe(
                      // cancels reduce risk: through an open breaker too, as soon as the venue is back
                      retryRecoverable(scheduler),
                      tap((list) => list.forEach((o) => applyOrder(o, false))),
                    )
                  : cancelEach(
                      venue,
                      model.openOrders(venue, symbol).filter((o) => !placing.has(o.clientOrderId)),
                    )
              return concat(atVenue, cancelLanded(venue, unsettled))
            }),
          ),
        ),
        toArray(),
        // a cancel answered with an order that finished otherwise first (filled unheard) canceled nothing
        map((lists) => lists.flat().filter((o) => o.status === 'canceled' || !isTerminal(o.status))),
      )
    })
}
