/**
 * The order manager's commands on one order it names (amend and cancel): the order resolved as the
 * manager knows it, by client order id or venue id, each command in the order's lane.
 */
import { catchError, concatMap, defer, map, of, tap, throwError, type Observable } from 'rxjs'
import { isErrorKind, VenueError } from '../core/errors.js'
import { canonicalSymbol } from '../core/symbols.js'
import type { Order, OrderAmendment, OrderRef, OrderStatus, VenueId } from '../core/model.js'
import { isTerminal } from '../core/order-status.js'
import type { Risk } from '../risk/risk-engine.js'
import { checkOrderAmendment } from '../venues/kit/trading/order-checks.js'
import type { VenueTrading } from '../venues/contract/trading.js'
import type { Lanes } from './lanes.js'
import type { ManagedRef } from './manager-types.js'
import { named } from './operators.js'

/** The ends only the venue reports: a cancel of an order in one is not sent. */
const VENUE_ENDS: ReadonlySet<OrderStatus> = new Set(['filled', 'canceled', 'expired'])
import type { TradingState } from './trading-state.js'

/**
 * What the commands on one order work with: the manager's model, lanes, risk checks and sessions.
 *
 * @example
 * const { amend, cancel } = createOrderCommands({ model, lanes, risk, readyNow, ready, applyOrder })
 */
export interface OrderCommandContext {
  readonly model: TradingState
  readonly lanes: Lanes
  readonly risk: Risk
  /** The venue's trading surface once ready; fails at once while it is not (for commands adding risk). */
  readyNow(venue: VenueId): Observable<{ readonly trading: VenueTrading }>
  /** The venue's trading surface once ready; waits for it (for cancels, which reduce risk). */
  ready(venue: VenueId): Observable<{ readonly trading: VenueTrading }>
  applyOrder(order: Order, reconciling: boolean): boolean
}

/**
 * The amend and cancel of a manager.
 *
 * @example
 * const { amend, cancel } = createOrderCommands(context)
 * cancel('bybit', { symbol: 'BTC/USDT', id: '1234' }).subscribe((o) => console.log(o.status))
 */
export function createOrderCommands(ctx: OrderCommandContext) {
  const { model, lanes, risk, readyNow, applyOrder } = ctx
  const readyOf = ctx.ready

  /**
   * The order a command names, as the manager knows it: a client order id it knows, or a ref whose venue
   * id is that of an order it knows, resolved to the order's client order id (so that the risk checks
   * see the change and the command runs in the order's lane). A ref it cannot resolve goes as given.
   */
  const refOf = (venue: VenueId, ref: ManagedRef): OrderRef => {
    if (typeof ref !== 'string') {
      const given = { ...ref, symbol: canonicalSymbol(ref.symbol) }
      if (given.clientOrderId !== undefined || given.id === undefined) return given
      const known = model.orderById(venue, given.symbol, given.id)
      return known === undefined ? given : { ...given, clientOrderId: known.clientOrderId }
    }
    const known = model.order(venue, ref)
    if (known === undefined) {
      throw new VenueError({
        kind: 'not-found',
        venue,
        clientOrderId: ref,
        message: `no order ${ref} on ${venue}`,
      })
    }
    return { symbol: known.symbol, clientOrderId: ref, id: known.id }
  }
  /** The ref with the venue id the manager knows by now (one learned since the command was asked for). */
  const refreshed = (venue: VenueId, ref: OrderRef): OrderRef => {
    const known = ref.clientOrderId === undefined ? undefined : model.order(venue, ref.clientOrderId)
    return known?.id === undefined || ref.id !== undefined ? ref : { ...ref, id: known.id }
  }
  const laneOf = (venue: VenueId, ref: OrderRef) => `${venue} ${ref.clientOrderId ?? `#${ref.id ?? ''}`}`

  const amend = (venue: VenueId, given: ManagedRef, input: OrderAmendment): Observable<Order> =>
    defer(() => {
      const ref = refOf(venue, given)
      let clientOrderId = ref.clientOrderId
      return defer(() => {
        const changes = checkOrderAmendment(venue, input)
        return lanes.run(laneOf(venue, ref), () =>
          readyNow(venue).pipe(
            concatMap(({ trading }) => {
              const amendOrder = trading.amendOrder?.bind(trading)
              if (amendOrder === undefined) {
                return throwError(
                  () =>
                    new VenueError({
                      kind: 'invalid-request',
                      venue,
                      message: `${venue} cannot amend orders`,
                    }),
                )
              }
              const now = refreshed(venue, ref)
              const known =
                now.clientOrderId === undefined ? undefined : model.order(venue, now.clientOrderId)
              // one the manager does not know (placed elsewhere, or finished long ago) is looked up first:
              // the risk checks see every change
              const order$ =
                known !== undefined
                  ? of(known)
                  : trading.getOrder(now).pipe(
                      map((found) => {
                        applyOrder(found, false)
                        clientOrderId = found.clientOrderId
                        return model.order(venue, found.clientOrderId) ?? found
                      }),
                    )
              return order$.pipe(
                concatMap((order) => {
                  // the venue said it ended: there is nothing to amend, and nothing is sent (the manager's
                  // own conclusion `rejected` may be corrected by the venue: that one is asked)
                  if (isTerminal(order.status) && order.status !== 'rejected') {
                    const message = `order ${order.clientOrderId} is ${order.status}: nothing to amend`
                    return throwError(() => new VenueError({ kind: 'invalid-request', venue, message }))
                  }
                  const quantity = changes.quantity ?? order.quantity
                  const refused = risk.check(
                    {
                      venue,
                      symbol: order.symbol,
                      side: order.side,
                      type: order.type,
                      price: changes.price ?? order.price,
                      quantity: quantity.minus(order.filledQuantity),
                      clientOrderId: order.clientOrderId,
                      replaces: order.quantity.minus(order.filledQuantity),
                    },
                    model,
                  )
                  if (refused !== undefined) return throwError(() => refused)
                  const target = { ...now, clientOrderId: order.clientOrderId, id: now.id ?? order.id }
                  return amendOrder(target, changes).pipe(tap((o) => void applyOrder(o, false)))
                }),
              )
            }),
          ),
        )
      }).pipe(catchError((e: unknown) => throwError(() => named(e, venue, clientOrderId))))
    })

  const cancel = (venue: VenueId, given: ManagedRef): Observable<Order> =>
    defer(() => {
      const ref = refOf(venue, given)
      return lanes
        .run(laneOf(venue, ref), () =>
          defer(() => {
            const now = refreshed(venue, ref)
            const known = now.clientOrderId === undefined ? undefined : model.order(venue, now.clientOrderId)
            // an end the venue reported (filled, canceled, expired): as it finished, and nothing is sent. A
            // `rejected` may be the manager's own conclusion (a refusal misread, lookups that missed it):
            // the cancel goes, and a venue that does not know the order leaves it rejected
            if (known !== undefined && VENUE_ENDS.has(known.status)) return of(known)
            return readyOf(venue).pipe(
              concatMap(({ trading }) =>
                trading.cancelOrder(now).pipe(
                  // refused because it finished first (filled while the cancel was on its way): the order
                  // as it finished. Venues refuse so as not-found (Bybit 170213, Binance -2011) or otherwise
                  catchError((e: unknown) =>
                    isErrorKind(e, 'invalid-request') || isErrorKind(e, 'not-found')
                      ? finishedAtVenue(trading, now, e, known)
                      : throwError(() => e),
                  ),
                ),
              ),
              tap((o) => void applyOrder(o, false)),
            )
          }),
        )
        .pipe(catchError((e: unknown) => throwError(() => named(e, venue, ref.clientOrderId))))
    })

  /**
   * The order as the venue shows it when it is finished, else the cancel's refusal; one the venue does
   * not know that the manager holds `rejected` (`known`): as rejected.
   */
  const finishedAtVenue = (
    trading: VenueTrading,
    ref: OrderRef,
    refusal: unknown,
    known: Order | undefined,
  ): Observable<Order> =>
    trading.getOrder(ref).pipe(
      catchError((e: unknown) =>
        known?.status === 'rejected' && isErrorKind(e, 'not-found') ? of(known) : throwError(() => refusal),
      ),
      concatMap((found) => (isTerminal(found.status) ? of(found) : throwError(() => refusal))),
    )

  return { amend, cancel }
}
