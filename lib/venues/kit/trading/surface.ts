/**
 * The trading skeleton every venue shares: input checks, placement that can never double an order,
 * the order state machine fed by the venue's pushes, reconciliation after a reconnect, fill
 * de-duplication, and streams that keep the venue clock fresh and end with the driver.
 */
import {
  catchError,
  concatMap,
  defer,
  EMPTY,
  exhaustMap,
  filter,
  from,
  ignoreElements,
  map,
  merge,
  mergeMap,
  of,
  share,
  Subject,
  tap,
  throwError,
  timer,
  type Observable,
  type MonoTypeOperatorFunction,
  type SchedulerLike,
} from 'rxjs'
import { VenueError } from '../../../core/errors.js'
import type { Logger } from '../../../core/logging.js'
import type {
  Balance,
  Fill,
  Instrument,
  Order,
  OrderAmendment,
  OrderRef,
  OrderRequest,
  UnifiedSymbol,
  VenueId,
} from '../../../core/model.js'
import { isTerminal } from '../../../core/order-status.js'
import { fillKey } from '../../../core/model.js'
import type { TradingCapabilities } from '../../contract/capabilities.js'
import type { VenueTrading } from '../../contract/trading.js'
import { newClientOrderId } from './checked-order.js'
import { checkOrderAmendment, checkOrderRef, checkOrderRequest } from './order-checks.js'
import { clientOrderIdOf, namingClientOrderId, namingRefOrder } from './order-error.js'
import { OrderTracker } from './order-tracker.js'
import {
  placementWindowMs,
  placeWithoutDuplicates,
  type ReconcileOptions,
} from './place-without-duplicates.js'
import { caughtUpBalances } from './pushed-balances.js'
import type { SignedApi } from './signed-api.js'

/** An order request whose client order id is decided. */
export type IdentifiedOrderRequest = OrderRequest & { readonly clientOrderId: string }

/**
 * What a venue brings to {@link createTradingSurface}: its own requests and mappings.
 *
 * @example
 * const parts: TradingParts = { venue: 'bybit', capabilities, create, lookup, cancel, openOrders, balances, pushes, isDuplicate }
 */
export interface TradingParts {
  readonly venue: VenueId
  readonly capabilities: TradingCapabilities
  /** Sends one create, never retried underneath, before `sendBy`; emits the acknowledged order. */
  create(
    request: IdentifiedOrderRequest,
    instrument: Instrument,
    sendBy: number | undefined,
  ): Observable<Order>
  /** The order, or `undefined` when the venue does not know it. */
  lookup(ref: OrderRef): Observable<Order | undefined>
  /** Cancels; emits the order as the venue then reports it. */
  cancel(ref: OrderRef, sendBy: number): Observable<Order>
  amend?(ref: OrderRef, changes: OrderAmendment, sendBy: number): Observable<Order>
  cancelAll?(symbol: UnifiedSymbol | undefined, sendBy: number): Observable<readonly Order[]>
  openOrders(symbol?: UnifiedSymbol): Observable<readonly Order[]>
  balances(): Observable<readonly Balance[]>
  /** The venue's pushes, each decoded and mapped; subscribing them opens the private connection. */
  readonly pushes: {
    readonly orders$: Observable<Order>
    readonly fills$: Observable<Fill>
    readonly balances$: Observable<Balance>
    /** Emits each time the private connection subscribed again after a drop. */
    readonly resubscribed$: Observable<unknown>
    /**
     * Told of each balance read after a reconnect, before it is emitted: a venue whose `balances$`
     * is deduplicated or applies deltas (see `pushedBalances`) must go on from it.
     */
    readonly balancesCaughtUp?: ((balance: Balance) => void) | undefined
    /** Told of each order a command acknowledged (a placement, an amend), before its caller is. */
    readonly acknowledged?: ((order: Order) => void) | undefined
  }
  /**
   * The venue's own rules of a request (FalconX: fill-or-kill limits), run on what the caller gave
   * before the model's checks, so that its reasons come first; it throws a VenueError, which names the
   * order as every other refusal. The request is unchecked: read it without trusting its shape.
   */
  checkRequest?(given: unknown): void
  /** The fields of an order request the venue reads beyond the model's (Prime: `prime`); any other is refused. */
  readonly requestFields?: readonly string[] | undefined
  /** The venue's "this client order id was used already" refusal. */
  isDuplicate(e: VenueError): boolean
  /** Default: a random UUID (see `newClientOrderId`), within every venue's client id alphabet. */
  newClientOrderId?(): string
}

/**
 * The driver context the surface works in.
 *
 * @example
 * createTradingSurface({ api, scheduler, logger, now: () => clock.now(), recvWindowMs, clockSync$, untilClosed }, parts)
 */
export interface TradingContext {
  readonly api: SignedApi
  readonly scheduler: SchedulerLike
  readonly logger: Logger
  /** Venue time, epoch ms. */
  now(): number
  /** The signed requests' receive window. */
  readonly recvWindowMs: number
  readonly orderDeadlineMs: number
  /** Keeps the venue clock fresh while subscribed (private streams sign with it). */
  readonly clockSync$: Observable<unknown>
  untilClosed<T>(): MonoTypeOperatorFunction<T>
  readonly reconcile?: ReconcileOptions | undefined
}

const MEMORY = 10_000

/**
 * The contract's trading surface with the optional calls `K` present.
 *
 * @example
 * export interface BybitTrading extends TradingWith<'amendOrder' | 'cancelAllOrders' | 'fillHistory'> { executions(): Observable<readonly Fill[]> }
 */
export type TradingWith<K extends keyof VenueTrading> = VenueTrading & Required<Pick<VenueTrading, K>>

/**
 * What {@link createTradingSurface} makes of `P`: amend and cancel-all present where the parts give them.
 *
 * @example
 * const surface: TradingSurface<typeof parts> = createTradingSurface(context, parts)
 */
export type TradingSurface<P extends TradingParts> = VenueTrading &
  (P extends Required<Pick<TradingParts, 'amend'>> ? TradingWith<'amendOrder'> : unknown) &
  (P extends Required<Pick<TradingParts, 'cancelAll'>> ? TradingWith<'cancelAllOrders'> : unknown)

/**
 * A venue's {@link VenueTrading} from its parts (amend and cancel-all where they give them):
 * - every command checks its input (`invalid-request` before anything is sent) and must be sent within
 *   `orderDeadlineMs` of the call;
 * - `placeOrder` gives every order a client order id and never doubles it: a lost, late or unreadable
 *   answer is resolved by looking the order up (see `placeWithoutDuplicates`); every error names the id
 *   (one made for it when the request's shape is refused), as do the errors of a cancel or amend of an
 *   order named by client order id;
 * - `orderUpdates$` passes the order state machine (duplicates and impossible transitions dropped), and
 *   after a reconnect looks up every order it knows to be open, so changes missed meanwhile are not lost;
 *   an order `placeOrder` acknowledged reaches it in that state (once) when its push has not come first,
 *   so one placed while the private stream is still subscribing is not missed;
 * - `fills$` drops a fill seen before (by symbol and trade id);
 * - `balanceUpdates$` (where `privateStreams.balances`), after a reconnect, reads the balances again and emits every asset they list
 *   (and, at zero, one emitted before that they no longer list): see `caughtUpBalances`;
 * - the streams keep the venue clock fresh while watched, and complete when the driver closes.
 *
 * @example
 * const trading = { ...createTradingSurface(context, parts), orderHistory, executions }
 */
export function createTradingSurface<P extends TradingParts>(
  ctx: TradingContext,
  parts: P,
): TradingSurface<P> {
  const { venue, capabilities } = parts
  const log = ctx.logger.child('trading')
  const tracker = new OrderTracker(log)
  const clockSync$ = defer(() => ctx.clockSync$).pipe(ignoreElements())

  const getOrder = orderOrNotFound(venue, (ref) => parts.lookup(ref))

  // every error names the order: the id given, or the one made for it before its shape is checked
  const placeOrder = (given: unknown, options: unknown): Observable<Order> => {
    const clientOrderId = clientOrderIdOf(given) ?? parts.newClientOrderId?.() ?? newClientOrderId()
    return defer(() => {
      // the time the order was first asked for: what the caller held it for counts against the deadline
      const calledAt = ctx.scheduler.now() - heldMsOf(venue, options)
      parts.checkRequest?.(given)
      const request: IdentifiedOrderRequest = {
        ...checkOrderRequest(venue, given, capabilities, parts.requestFields),
        clientOrderId,
      }
      return ctx.api.symbolsBy(calledAt + ctx.orderDeadlineMs).pipe(
        concatMap((symbols) => {
          const instrument = symbols.instrument(request.symbol)
          return placeWithoutDuplicates({
            venue,
            isDuplicate: parts.isDuplicate,
            clientOrderId,
            create: (sendBy) => parts.create(request, instrument, sendBy),
            lookup: () => parts.lookup({ symbol: instrument.symbol, clientOrderId }),
            now: ctx.now,
            recvWindowMs: ctx.recvWindowMs,
            scheduler: ctx.scheduler,
            log,
            options: ctx.reconcile,
            deadlineMs: ctx.orderDeadlineMs,
            calledAt,
          })
        }),
        tap((order) => acknowledged(order, true)),
      )
    }).pipe(namingClientOrderId(clientOrderId, venue))
  }

  // an acknowledged order reaches the watchers of orderUpdates$ even when the venue's push of it is
  // missed (placed while the private stream was still subscribing); the tracker keeps one of each state
  const acks$ = new Subject<Order>()
  const acknowledged = (order: Order, placed: boolean) => {
    parts.pushes.acknowledged?.(order)
    if (placed) acks$.next(order)
  }

  const reconnected$ = parts.pushes.resubscribed$.pipe(
    exhaustMap(() =>
      from(tracker.open()).pipe(
        mergeMap(
          (o) =>
            parts.lookup({ symbol: o.symbol, clientOrderId: o.clientOrderId, id: o.id }).pipe(
              catchError((e: unknown) => {
                log.warn('order lookup after reconnect failed', { clientOrderId: o.clientOrderId, error: e })
                return EMPTY
              }),
            ),
          2,
        ),
        filter((o): o is Order => o !== undefined),
      ),
    ),
  )

  const orderUpdates$ = merge(
    merge(parts.pushes.orders$, reconnected$, clockSync$).pipe(map((o) => tracker.apply(o))),
    acks$.pipe(map((o) => tracker.acknowledge(o))),
  ).pipe(
    filter((o): o is Order => o !== undefined),
    share(),
  )
  const seenFills = new Set<string>()
  const fills$ = merge(parts.pushes.fills$, clockSync$).pipe(
    filter((f) => {
      const key = fillKey(f)
      if (seenFills.has(key)) return false
      seenFills.add(key)
      if (seenFills.size > MEMORY) seenFills.delete(seenFills.values().next().value ?? '')
      return true
    }),
    share(),
  )
  const balanceUpdates$ = merge(
    // a venue that pushes no balances (Coinbase's user channel carries none) has none to catch up
    capabilities.privateStreams.balances
      ? caughtUpBalances(
          parts.pushes.balances$,
          parts.pushes.resubscribed$,
          () => parts.balances(),
          log,
          parts.pushes.balancesCaughtUp,
        )
      : parts.pushes.balances$,
    clockSync$,
  ).pipe(share())

  const { amend, cancelAll } = parts
  const surface: VenueTrading = {
    placeOrder: (request, options) => placeOrder(request, options),
    cancelOrder: (ref) =>
      defer(() => parts.cancel(checkOrderRef(venue, ref), ctx.api.commandSendBy())).pipe(
        namingRefOrder(ref, venue),
      ),
    getOrder: (ref) => defer(() => getOrder(checkOrderRef(venue, ref))),
    openOrders: (symbol) => defer(() => parts.openOrders(symbol)),
    ...(amend === undefined
      ? {}
      : {
          amendOrder: (ref: OrderRef, changes: OrderAmendment) =>
            defer(() =>
              amend(checkOrderRef(venue, ref), checkOrderAmendment(venue, changes), ctx.api.commandSendBy()),
            ).pipe(
              tap((order) => acknowledged(order, false)),
              namingRefOrder(ref, venue),
            ),
        }),
    ...(cancelAll === undefined
      ? {}
      : {
          cancelAllOrders: (symbol?: UnifiedSymbol) =>
            defer(() => cancelAll(symbol, ctx.api.commandSendBy())),
        }),
    balances: () => defer(() => parts.balances()),
    placementWindowMs: placementWindowMs(ctx),
    orderUpdates$: () => orderUpdates$.pipe(ctx.untilClosed()),
    fills$: () => fills$.pipe(ctx.untilClosed()),
    balanceUpdates$: () => balanceUpdates$.pipe(ctx.untilClosed()),
  }
  // amend and cancel-all are there exactly when the parts give them
  return surface as TradingSurface<P>
}

/**
 * The `heldMs` of `placeOrder`'s options (0 when not given).
 *
 * @throws VenueError `invalid-request` for options that are not an object or a `heldMs` that is not a
 *   number of ms >= 0.
 * @example
 * heldMsOf('bybit', { heldMs: 120 }) // 120
 */
export function heldMsOf(venue: VenueId, options: unknown): number {
  if (options === undefined) return 0
  const refuse = (message: string) => new VenueError({ kind: 'invalid-request', venue, message })
  if (typeof options !== 'object' || options === null) {
    throw refuse(`placeOrder options must be an object ({ heldMs }), got ${String(options)}`)
  }
  const held = (options as { readonly heldMs?: unknown }).heldMs
  if (held === undefined) return 0
  if (typeof held === 'number' && Number.isFinite(held) && held >= 0) return held
  throw refuse(`placeOrder options: heldMs must be a number of ms >= 0, got ${String(held)}`)
}

/**
 * A venue's lookup made a `getOrder`: the order, or `not-found` when the venue does not know it.
 *
 * @example
 * settle(orderOrNotFound('bybit', lookup), ref, (o) => isTerminal(o.status), options)
 */
export function orderOrNotFound(
  venue: VenueId,
  lookup: (ref: OrderRef) => Observable<Order | undefined>,
): (ref: OrderRef) => Observable<Order> {
  return (ref) =>
    lookup(ref).pipe(
      concatMap((o) =>
        o !== undefined
          ? of(o)
          : throwError(
              () =>
                new VenueError({
                  kind: 'not-found',
                  venue,
                  message: `${venue} knows no ${ref.symbol} order ${ref.id ?? ref.clientOrderId ?? ''}`,
                }),
            ),
      ),
    )
}

/**
 * Orders oldest first (by creation time, stable).
 *
 * @example
 * openOrders$.pipe(map(oldestFirst))
 */
export function oldestFirst(orders: readonly Order[]): readonly Order[] {
  return [...orders].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
}

/**
 * A cancel acknowledged but not yet visible in the venue's order queries reads `pending-cancel`.
 *
 * @example
 * cancel$.pipe(map(pendingCancel))
 */
export function pendingCancel(o: Order): Order {
  return isTerminal(o.status) ? o : { ...o, status: 'pending-cancel' }
}

/**
 * Looks an order up until `settled` holds, at most `lookups` times with a growing delay: cancels and
 * amends are acknowledged before the venue's order queries show them.
 *
 * @example
 * settle(getOrder, ref, (o) => isTerminal(o.status), { lookups: 4, delayMs: 250, maxDelayMs: 2000, scheduler })
 */
export function settle(
  getOrder: (ref: OrderRef) => Observable<Order>,
  ref: OrderRef,
  settled: (o: Order) => boolean,
  options: {
    readonly lookups: number
    readonly delayMs: number
    readonly maxDelayMs: number
    readonly scheduler: SchedulerLike
  },
): Observable<Order> {
  const attempt = (n: number): Observable<Order> =>
    getOrder(ref).pipe(
      concatMap((o) => {
        if (settled(o) || n + 1 >= options.lookups) return of(o)
        const delay = Math.min(options.maxDelayMs, options.delayMs * Math.pow(2, n))
        return timer(delay, options.scheduler).pipe(concatMap(() => attempt(n + 1)))
      }),
    )
  return attempt(0)
}
