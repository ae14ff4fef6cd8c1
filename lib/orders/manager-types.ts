/**
 * The order manager's public shapes: what it needs of a client, its options, and what it offers.
 */
import type { Observable, SchedulerLike } from 'rxjs'
import type { Decimal } from '../core/decimal.js'
import type { Logger } from '../core/logging.js'
import type {
  Fill,
  Order,
  OrderAmendment,
  OrderBook,
  OrderRef,
  OrderRequest,
  UnifiedSymbol,
  VenueId,
} from '../core/model.js'
import type { Risk, RiskConfig } from '../risk/risk-engine.js'
import type { VenueEvent } from '../venues/contract/events.js'
import type { VenueTrading } from '../venues/contract/trading.js'
import type { OrderStore } from '../store/order-store.js'
import type { OrderManagerEvent } from './events.js'
import type { ManagedPosition } from './position.js'
import type { TradingState } from './trading-state.js'

/**
 * What the order manager needs of a client; `createClient(...)` gives it.
 *
 * @example
 * const client: OrderManagerClient = createClient(sim.clientOptions())
 */
export interface OrderManagerClient {
  /** The trading surface of a venue. */
  account(venue: VenueId): VenueTrading
  /** The shared book of a venue's symbol, for the mids PnL and the risk checks use. */
  orderBook$(venue: VenueId, symbol: UnifiedSymbol): Observable<OrderBook>
  /** Venue events: a reconnect starts a reconciliation. */
  events$(): Observable<VenueEvent>
}

/**
 * Options of {@link createOrderManager}.
 *
 * @example
 * const options: OrderManagerOptions = { client, store: sqliteStore('orders.db'), risk: { maxOrderQuantity: '1' }, venues: ['bybit'] }
 */
export interface OrderManagerOptions {
  readonly client: OrderManagerClient
  /** Default: {@link memoryStore}. */
  readonly store?: OrderStore | undefined
  /** The risk checks, or their configuration. Default: no limits. */
  readonly risk?: Risk | RiskConfig | undefined
  /** Venues reconciled at start-up (others are, on their first command). */
  readonly venues?: readonly VenueId[] | undefined
  /**
   * Books watched from the start, for PnL and the risk checks that need a mid. Any other symbol's book
   * is watched from its first order on, until a minute after it has no open order nor position; a risk
   * check that needs the mid of a book not watched (the price band, a market order's notional) waits
   * for its first mid, within the order deadline (5 s). A book the venue refuses to stream (an unknown
   * symbol) fails the order, and is asked for again by the next.
   */
  readonly markets?: readonly (readonly [VenueId, UnifiedSymbol])[] | undefined
  /** Timers and `now`. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike | undefined
  /**
   * An order whose placement outcome is unknown (a lost answer, a crash) counts as never placed when
   * the venue still does not know it this long after it was journaled, and never sooner than the
   * venue's own bound (`VenueTrading.placementWindowMs`: its order deadline, receive window and lag;
   * 12 s on Bybit and Binance, 127 s on Coinbase by default). Default 15 000 ms.
   */
  readonly absentAfterMs?: number | undefined
  /**
   * Finished orders (filled, canceled, rejected, expired) the read model keeps, those finished last,
   * with their journal entries: a long run holds its open orders and this many more, not every order
   * of its life. Forgotten ones stay in a store that keeps history (`sqliteStore`). Default 10 000.
   */
  readonly keepFinishedOrders?: number | undefined
  /**
   * Fill keys held in memory, the newest, when the store answers `hasFill` (both built-in stores do):
   * it is asked about any other fill, so a long run does not grow by a key a fill. Default 10,000; a
   * store without `hasFill` has every key held.
   */
  readonly keepFillKeys?: number | undefined
  /**
   * While a venue has open orders in the read model, it is reconciled this often (its open orders, and
   * the fills of their symbols since the oldest of them): an order update or a fill a live socket never
   * delivered is found within this time, not only after a reconnect or a restart. `0` turns this off.
   * Default 60 000 ms.
   */
  readonly reconcileEveryMs?: number | undefined
  /** Client order ids of orders placed without one. Default: a random UUID. */
  readonly newClientOrderId?: (() => string) | undefined
  readonly logger?: Logger | undefined
}

/**
 * Which open orders: of one venue, of one symbol, or all.
 *
 * @example
 * manager.openOrders$({ venue: 'bybit', symbol: 'BTC/USDT' }).subscribe((open) => console.log(open.length))
 */
export interface OrderFilter {
  readonly venue?: VenueId | undefined
  readonly symbol?: UnifiedSymbol | undefined
}

/**
 * PnL of every position, marked to the mids of the shared books, fees included.
 *
 * @example
 * manager.pnl$().subscribe((p: PnlReport) => console.log(p.total.toFixed(2), p.realized.toFixed(2)))
 */
export interface PnlReport {
  /** Realized + unrealized − fees; the sum over positions (of one quote currency to make sense). */
  readonly total: Decimal
  readonly realized: Decimal
  readonly unrealized: Decimal
  readonly fees: Decimal
  readonly positions: readonly ManagedPosition[]
}

/**
 * An order ref, or a client order id the manager knows.
 *
 * @example
 * manager.cancel('bybit', 'grid-1')
 * manager.cancel('bybit', { symbol: 'BTC/USDT', id: '1234' })
 */
export type ManagedRef = string | OrderRef

/**
 * The order manager: commands, the read model, events, and the kill switch.
 *
 * @example
 * const manager = createOrderManager({ client, risk: { maxOrderQuantity: '1' } })
 * manager.place('bybit', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: new Decimal('60000'), quantity: new Decimal('0.01') })
 *   .subscribe((ack) => console.log(ack.clientOrderId, ack.status))
 * manager.positions$().subscribe((all) => console.log(all.map((p) => `${p.symbol} ${p.quantity}`)))
 */
export interface OrderManager {
  /**
   * Places an order after the risk checks, journaling the intent first. Emits the venue's
   * acknowledgement and completes. Commands with the same client order id run one at a time.
   *
   * A client order id is used once: placing it again is `invalid-request`, unless its placement placed
   * nothing, which the manager knows when it was refused before anything was sent (the risk checks,
   * the venue not ready, a check of the request), when it failed with a refusal that says so
   * (`invalid-request`, `insufficient-funds`, `rate-limit`, `auth`, `clock-skew`, `circuit-open`,
   * `risk-rejected`, `expired`), or once a lookup, past the time the request could still reach the
   * venue, found it absent. After any other failure (`timeout`, `network`, `temporary`, `decode`,
   * `not-found`, one that is no VenueError: the outcome is unknown) its id stays used while the manager
   * looks the order up until it is found or surely absent. Should the venue report the order after all,
   * its word wins over the manager's `rejected` (logged as a warning), and the id is used.
   *
   * Everything the order waits for before it is sent (its lane, the venue's start-up reconciliation, a
   * first mid for the risk checks, the journal) counts against the venue's `orderDeadlineMs` from the
   * call: it is passed to the venue as `heldMs`.
   */
  place(venue: VenueId, request: OrderRequest): Observable<Order>
  /** Changes a resting order's price or quantity (the risk checks see the change). */
  amend(venue: VenueId, ref: ManagedRef, changes: OrderAmendment): Observable<Order>
  /**
   * Cancels an order; emits it as the venue acknowledged the cancel. One that finished first (filled
   * while the cancel was on its way) is emitted as the venue shows it finished, not as a refusal.
   */
  cancel(venue: VenueId, ref: ManagedRef): Observable<Order>
  /**
   * Cancels every open order (of one venue or symbol); emits those canceled. A placement in flight
   * when it begins is waited for and canceled if it lands open (one whose outcome is still unknown then,
   * as soon as it is found open). A venue that cannot be reached for now (its breaker open, a retryable
   * failure) is asked again with backoff until it answers: add a `timeout` to give up sooner.
   */
  cancelAll(filter?: OrderFilter): Observable<readonly Order[]>
  /**
   * Trips the kill switch when called, whether or not the result is subscribed: every new order is
   * refused until `risk.reset()`; with `venue`, that venue's switch only (its orders refused until
   * `risk.reset(reason, venue)` or `risk.reset()`). With `killSwitch.cancelOpenOrders`, every open order
   * (of the venue) is canceled at once; the result emits those canceled (replayed to each subscriber).
   * After `close()` it trips nothing and fails `invalid-request`.
   */
  kill(reason: string, venue?: VenueId): Observable<readonly Order[]>
  /** Every order known (the open ones and the last `keepFinishedOrders` finished), now and after each change. */
  orders$(): Observable<readonly Order[]>
  /** One order, now (when known) and after each change. */
  order$(venue: VenueId, clientOrderId: string): Observable<Order>
  /** Open orders, now and after each change. */
  openOrders$(filter?: OrderFilter): Observable<readonly Order[]>
  /** Each new fill, once (deduplicated by trade id), from the venues' streams and reconciliation. */
  fills$(): Observable<Fill>
  /** Positions with a fill, now and after each fill or mid change. */
  positions$(): Observable<readonly ManagedPosition[]>
  /** PnL, now and after each fill or mid change. */
  pnl$(): Observable<PnlReport>
  /** Reconciliation, differences, intents settled, rejections and the kill switch. */
  readonly events$: Observable<OrderManagerEvent>
  /** The read model (also what the risk checks read). */
  readonly state: TradingState
  readonly risk: Risk
  /** Resolves once the store is loaded and the listed venues are reconciled. */
  ready(): Promise<void>
  /**
   * Stops watching the venues, completes the read streams and `events$` (and `risk.events$` of a risk
   * made from its configuration), and closes the store; commands, `kill` included, then fail
   * `invalid-request`.
   */
  close(): Promise<void>
}
