/**
 * The trading surface of one account on one venue.
 */
import type { Observable } from 'rxjs'
import type {
  Balance,
  Fill,
  Order,
  OrderAmendment,
  OrderRef,
  OrderRequest,
  Position,
  UnifiedSymbol,
} from '../../core/model.js'

/**
 * A range of the account's fills of one symbol.
 *
 * @example
 * const lastHour: FillHistoryQuery = { symbol: 'BTC/USDT', from: new Date(Date.now() - 3_600_000) }
 * account.fillHistory?.(lastHour).subscribe((fills) => console.log(fills.length))
 */
export interface FillHistoryQuery {
  readonly symbol: UnifiedSymbol
  /** Inclusive start. */
  readonly from: Date
  /** End; default now. */
  readonly to?: Date | undefined
}

/**
 * Options of {@link VenueTrading.placeOrder}.
 *
 * @example
 * account.placeOrder(request, { heldMs: 120 }) // the caller held it 120 ms (risk checks) before this call
 */
export interface PlaceOrderOptions {
  /**
   * How long the caller already held this order before the call, in ms (default 0): it counts against
   * `orderDeadlineMs`, so the order is never sent later than that after it was first asked for.
   */
  readonly heldMs?: number | undefined
}

/**
 * The trading surface of one account on one venue: what `client.account(venue)` returns.
 *
 * @example
 * const account: VenueTrading = client.account('bybit')
 * account.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: new Decimal('60000'), quantity: new Decimal('0.001') })
 *   .subscribe((order) => console.log(order.id, order.status))
 * account.orderUpdates$().subscribe((order) => console.log(order.clientOrderId, order.status))
 */
export interface VenueTrading {
  /**
   * Places an order. Emits the order as the venue acknowledged it, then completes; the status may
   * already be `filled` where the venue reports immediate fills. Later progress arrives on
   * {@link VenueTrading.orderUpdates$}. Every refusal is a VenueError (`invalid-request`,
   * `insufficient-funds`, ...). Not retried blindly: after a timeout, ask {@link VenueTrading.getOrder}
   * by client order id first.
   */
  placeOrder(request: OrderRequest, options?: PlaceOrderOptions): Observable<Order>
  /** Cancels a resting order; emits it in its final state. A finished order is `invalid-request`. */
  cancelOrder(ref: OrderRef): Observable<Order>
  /** One order, by venue id or client order id; `not-found` when the venue does not know it. */
  getOrder(ref: OrderRef): Observable<Order>
  /** Orders resting now, optionally of one symbol, oldest first. */
  openOrders(symbol?: UnifiedSymbol): Observable<readonly Order[]>
  /** Present when `capabilities.trading.amend`. */
  amendOrder?(ref: OrderRef, changes: OrderAmendment): Observable<Order>
  /** Present when `capabilities.trading.cancelAll`; emits the orders it canceled. */
  cancelAllOrders?(symbol?: UnifiedSymbol): Observable<readonly Order[]>
  /** Every state change of every order of the account, as the whole order after the change. */
  orderUpdates$(): Observable<Order>
  /** Every execution of the account's orders. */
  fills$(): Observable<Fill>
  /** All balances now. */
  balances(): Observable<readonly Balance[]>
  /** Each balance as it changes. */
  balanceUpdates$(): Observable<Balance>
  /**
   * The account's fills of one symbol from `from` (to `to`, default now), oldest first; present where
   * the venue answers a fill history. The order manager reconciles missed fills with it.
   */
  fillHistory?(query: FillHistoryQuery): Observable<readonly Fill[]>
  /** Present when `capabilities.trading.positions`. */
  positions?(): Observable<readonly Position[]>
  /**
   * How long after it is asked for a placement may still reach the venue (its order deadline, receive
   * window and the lag of its order queries): an order the venue does not know this long after it was
   * asked for never will.
   * The order manager waits at least this long before it takes a placement in doubt as never placed.
   * Absent where the venue gives no bound.
   */
  readonly placementWindowMs?: number | undefined
}
