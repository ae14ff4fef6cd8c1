/**
 * `createBinanceTrading`: spot order entry, order and trade queries, balances and the user data stream
 * of one Binance account.
 */
import { BINANCE_TRADING_CAPABILITIES } from './spec.js'
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
  Observable,
  of,
  share,
  Subject,
  throwError,
  toArray,
  type SchedulerLike,
  type MonoTypeOperatorFunction,
} from 'rxjs'
import type * as t from 'io-ts'
import { decodeEither } from '../../codec/decode.js'
import { VenueError } from '../../core/errors.js'
import type { Logger } from '../../core/logging.js'
import type { SecretList } from '../../core/secret-list.js'
import type { Balance, Fill, Order, OrderRef, OrderRequest, UnifiedSymbol } from '../../core/model.js'
import type { SymbolMap } from '../../core/symbols.js'
import { namingClientOrderId } from '../kit/trading/order-error.js'
import { beforeSendDeadline } from '../kit/trading/send-deadline.js'
import { OrderTracker } from '../kit/trading/order-tracker.js'
import { checkOrderRef, checkOrderRequest } from '../kit/trading/order-checks.js'
import { placeWithoutDuplicates, type ReconcileOptions } from '../kit/trading/place-without-duplicates.js'
import type { BackoffOptions } from '../../transport/backoff.js'
import type { RateCost, RatePriority } from '../../transport/rate-limit.js'
import type { RestClient } from '../../transport/rest.js'
import type { WebSocketCtor } from '../../transport/socket.js'
import { DEFAULT_ORDER_DEADLINE_MS } from '../kit/options.js'
import type { VenueTrading } from '../contract/index.js'
import { isBinanceDuplicateOrder, isBinanceOrderNotFound } from './errors.js'
import {
  BinanceAccount,
  BinanceAccountPosition,
  BinanceBalanceUpdate,
  BinanceCancelAllResult,
  BinanceExecutionReport,
  BinanceMyTrades,
  BinanceOrderAck,
  BinanceOrderList,
  BinanceOrderRecord,
} from './private-codecs.js'
import {
  ackFills,
  reportFill,
  reportOrder,
  toBalance,
  toOrder,
  timestampedMs,
  tradeFill,
  ZERO,
} from './private-mappers.js'
import { newClientOrderId, prepareOrder, type PreparedOrder } from './private-request.js'
import { createBinanceUserData, USER_DATA_CHANNEL, type UserDataEvent } from './private-ws.js'

/**
 * Request weights of the private endpoints (https://developers.binance.com/docs/binance-spot-api-docs/rest-api).
 *
 * @example
 * BINANCE_PRIVATE_WEIGHTS.openOrdersAll // 80: open orders of one symbol cost 6, so ask per symbol
 */
export const BINANCE_PRIVATE_WEIGHTS = Object.freeze({
  newOrder: 1,
  cancelOrder: 1,
  cancelAll: 1,
  queryOrder: 4,
  openOrdersOfSymbol: 6,
  openOrdersAll: 80,
  allOrders: 20,
  myTrades: 20,
  account: 20,
})

/**
 * A symbol and time range for the history queries; Binance needs the symbol.
 *
 * @example
 * const lastHour: BinanceHistoryQuery = { symbol: 'BTC/USDT', from: new Date(Date.now() - 3_600_000), to: new Date() }
 * binance.trading?.myTrades(lastHour).subscribe((fills) => console.log(fills.length))
 */
export interface BinanceHistoryQuery {
  readonly symbol: UnifiedSymbol
  /** Inclusive start; Binance allows at most 24 h between `from` and `to`. */
  readonly from?: Date | undefined
  /** End of the range. */
  readonly to?: Date | undefined
  /** Most records returned, at most 1 000. Default 500. */
  readonly limit?: number | undefined
  /** myTrades only: the trades of one order (venue id). */
  readonly orderId?: string | undefined
}

/**
 * Binance's trading surface: the {@link VenueTrading} contract plus order and trade history. Reach it
 * on a Binance driver made with credentials.
 *
 * @example
 * const binance = createBinanceVenue({ apiKey, secret })
 * binance.trading?.orderHistory({ symbol: 'BTC/USDT', limit: 50 }).subscribe((orders) => console.log(orders.length))
 */
export interface BinanceTrading extends VenueTrading {
  /**
   * Cancels every open order of a symbol, or of every symbol with open orders (one request each, as
   * Binance cancels per symbol); emits the orders it canceled.
   */
  cancelAllOrders(symbol?: UnifiedSymbol): Observable<readonly Order[]>
  /** Past orders of one symbol (any status), oldest first (`GET /api/v3/allOrders`). */
  orderHistory(query: BinanceHistoryQuery): Observable<readonly Order[]>
  /** Past trades of the account in one symbol, oldest first (`GET /api/v3/myTrades`). */
  myTrades(query: BinanceHistoryQuery): Observable<readonly Fill[]>
}

/**
 * What {@link createBinanceTrading} needs from the driver's context (a `BinanceContext` has it all).
 *
 * @example
 * const ctx: BinanceTradingContext = createBinanceContext({ apiKey, secret })
 * createBinanceTrading(ctx)
 */
export interface BinanceTradingContext {
  readonly options: {
    readonly apiKey?: string | undefined
    readonly secret?: string | undefined
    readonly privateKey?: string | undefined
    readonly recvWindowMs: number
    /** Default {@link DEFAULT_ORDER_DEADLINE_MS}. */
    readonly orderDeadlineMs?: number | undefined
    readonly wsApiUrl: string
    readonly WebSocketCtor?: WebSocketCtor | undefined
    readonly backoff?: Omit<BackoffOptions, 'resetAfterMs'> | undefined
    readonly maxFrameBytes?: number | undefined
  }
  /** Signed REST requests (the `binanceSigner` hook); present with credentials. */
  readonly privateRest: RestClient | undefined
  readonly clock: {
    now(): number
    resync(): Observable<unknown>
    readonly estimate: unknown
    readonly sync$: Observable<unknown>
  }
  readonly scheduler: SchedulerLike
  readonly logger: Logger
  /** The credentials and recent signatures, scrubbed from errors; the user data socket adds its own. */
  readonly secrets: SecretList
  symbols(): Observable<SymbolMap>
  emit(event: UserDataEvent): void
  onClose(release: () => void | Promise<void>): void
  /** Completes a stream when the driver closes. */
  untilClosed<T>(): MonoTypeOperatorFunction<T>
}

/**
 * Options of {@link createBinanceTrading}.
 *
 * @example
 * createBinanceTrading(ctx, { reconcile: { lookupDelayMs: 100, giveUpAfterMs: 10_000 } })
 */
export interface BinanceTradingOptions {
  /** Timing of the lookups after a placement whose outcome is unknown. */
  readonly reconcile?: ReconcileOptions
}

const MEMORY = 10_000

type Query = Readonly<Record<string, string | number | undefined>>

/** How a signed request waits in the rate limiter. */
interface Queueing {
  /** History waits with market data; everything else of the account goes ahead of it. */
  readonly priority?: RatePriority
  /** Scheduler time an order command must be sent by. */
  readonly sendBy?: number
}

/**
 * The trading surface of a Binance context that has credentials (`ctx.privateRest`).
 *
 * Requests are signed with the venue clock, rate limited (an order also spends the `orders` windows
 * the venue reports through `X-MBX-ORDER-COUNT-*`) and decoded; a rejected timestamp (-1021) is sent
 * once more after the clock resynced. The first private request measures the venue clock first.
 * Placement never doubles an order: a 5xx, a timeout or a lost answer is reconciled by client order
 * id (see {@link placeWithoutDuplicates}). Orders ask for `newOrderRespType=FULL`, so fills that
 * happen at once come with the answer (and on `fills$`, deduplicated against the stream).
 *
 * The private streams share one WebSocket API connection subscribed with
 * `userDataStream.subscribe.signature`, subscribed again after a reconnect and after
 * `eventStreamTerminated`; after a reconnect the orders still open are looked up, so changes missed
 * while disconnected are not lost. Order updates pass the order state machine: duplicates and
 * impossible transitions are dropped.
 *
 * @example
 * const trading = createBinanceTrading(createBinanceContext({ apiKey, secret }))
 * trading.orderUpdates$().subscribe((o) => console.log(o.clientOrderId, o.status))
 * trading.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: d('60000'), quantity: d('0.001') })
 */
export function createBinanceTrading(
  ctx: BinanceTradingContext,
  options: BinanceTradingOptions = {},
): BinanceTrading {
  const rest = ctx.privateRest
  const { apiKey, secret, privateKey } = ctx.options
  if (rest === undefined || !apiKey || !(secret || privateKey)) {
    throw new RangeError('binance trading needs an API key and a secret or Ed25519 private key')
  }
  const log = ctx.logger.child('trading')
  const tracker = new OrderTracker(log)
  const seenFills = new Set<string>()
  const placedFills = new Subject<Fill>()

  // Signing with an unmeasured clock risks -1021 on every request: measure once before the first.
  const synced = (): Observable<unknown> =>
    defer(() =>
      ctx.clock.estimate !== undefined
        ? of(undefined)
        : ctx.clock.resync().pipe(
            catchError((e: unknown) => {
              log.warn('binance clock sync failed; signing with the local clock', { error: e })
              return of(undefined)
            }),
          ),
    )

  const sendWithin = (sendBy: number | undefined): number | undefined =>
    sendBy === undefined ? undefined : sendBy - ctx.scheduler.now()
  /** What an order command waits for before its request is queued counts against its deadline too. */
  const untilSendBy = <T>(sendBy: number | undefined, waitingFor: string) =>
    beforeSendDeadline<T>(sendBy, ctx.scheduler, 'binance', waitingFor)
  const symbolsBy = (sendBy: number | undefined) => ctx.symbols().pipe(untilSendBy(sendBy, 'the symbol map'))
  const syncedBy = (sendBy: number | undefined) => synced().pipe(untilSendBy(sendBy, 'the venue clock'))
  /** The deadline of an order command, counted from its call. */
  const orderDeadlineMs = ctx.options.orderDeadlineMs ?? DEFAULT_ORDER_DEADLINE_MS
  const commandSendBy = (): number => ctx.scheduler.now() + orderDeadlineMs

  const call = <A>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    query: Query,
    cost: RateCost,
    codec: t.Decoder<unknown, A>,
    queueing: Queueing = {},
  ): Observable<A> => {
    const send = () =>
      rest.request$({
        method,
        path,
        query,
        codec,
        cost,
        priority: queueing.priority,
        deadlineMs: sendWithin(queueing.sendBy),
      })
    if (method === 'GET') return syncedBy(queueing.sendBy).pipe(concatMap(send))
    // A request refused for its timestamp was refused on arrival: sending it again cannot double it.
    return syncedBy(queueing.sendBy).pipe(
      concatMap(() =>
        send().pipe(
          catchError((e: unknown) =>
            e instanceof VenueError && e.kind === 'clock-skew' ? send() : throwError(() => e),
          ),
        ),
      ),
    )
  }

  const refQuery = (venueSymbol: string, ref: OrderRef): Query =>
    ref.id !== undefined
      ? { symbol: venueSymbol, orderId: ref.id }
      : { symbol: venueSymbol, origClientOrderId: ref.clientOrderId ?? '' }

  const notFound = (ref: OrderRef) =>
    new VenueError({
      kind: 'not-found',
      venue: 'binance',
      message: `binance knows no ${ref.symbol} order ${ref.id ?? ref.clientOrderId ?? ''}`,
    })

  const mapped = (symbols: SymbolMap, record: BinanceOrderRecord): Observable<Order> => {
    const order = toOrder(record, symbols)
    return order === undefined ? EMPTY : of(order)
  }

  // ---- queries ----

  /** The order, or `undefined` when the venue does not know it (-2013). */
  const lookup = (ref: OrderRef): Observable<Order | undefined> =>
    ctx.symbols().pipe(
      concatMap((symbols) =>
        call(
          'GET',
          '/api/v3/order',
          refQuery(symbols.toVenue(ref.symbol), ref),
          BINANCE_PRIVATE_WEIGHTS.queryOrder,
          BinanceOrderRecord,
        ).pipe(
          map((r) => toOrder(r, symbols)),
          catchError((e: unknown) => (isBinanceOrderNotFound(e) ? of(undefined) : throwError(() => e))),
        ),
      ),
    )

  const getOrder = (ref: OrderRef): Observable<Order> =>
    lookup(ref).pipe(concatMap((o) => (o !== undefined ? of(o) : throwError(() => notFound(ref)))))

  const openOrders = (symbol?: UnifiedSymbol): Observable<readonly Order[]> =>
    ctx.symbols().pipe(
      concatMap((symbols) =>
        call(
          'GET',
          '/api/v3/openOrders',
          { symbol: symbol === undefined ? undefined : symbols.toVenue(symbol) },
          symbol === undefined
            ? BINANCE_PRIVATE_WEIGHTS.openOrdersAll
            : BINANCE_PRIVATE_WEIGHTS.openOrdersOfSymbol,
          BinanceOrderList,
        ).pipe(
          mergeMap((list) => from(list)),
          concatMap((r) => mapped(symbols, r)),
          toArray(),
          map(oldestFirst),
        ),
      ),
    )

  const historyQuery = (symbols: SymbolMap, q: BinanceHistoryQuery): Query => ({
    symbol: symbols.toVenue(q.symbol),
    orderId: q.orderId,
    startTime: q.from?.getTime(),
    endTime: q.to?.getTime(),
    limit: q.limit,
  })

  const orderHistory = (q: BinanceHistoryQuery): Observable<readonly Order[]> =>
    ctx.symbols().pipe(
      concatMap((symbols) =>
        call(
          'GET',
          '/api/v3/allOrders',
          { ...historyQuery(symbols, q), orderId: undefined },
          BINANCE_PRIVATE_WEIGHTS.allOrders,
          BinanceOrderList,
          { priority: 'data' },
        ).pipe(
          mergeMap((list) => from(list)),
          concatMap((r) => mapped(symbols, r)),
          toArray(),
          map(oldestFirst),
        ),
      ),
    )

  const myTrades = (q: BinanceHistoryQuery): Observable<readonly Fill[]> =>
    ctx.symbols().pipe(
      concatMap((symbols) =>
        call(
          'GET',
          '/api/v3/myTrades',
          historyQuery(symbols, q),
          BINANCE_PRIVATE_WEIGHTS.myTrades,
          BinanceMyTrades,
          { priority: 'data' },
        ).pipe(
          map((list) =>
            list
              .map((x) => tradeFill(x, symbols))
              .filter((f): f is Fill => f !== undefined)
              .sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime()),
          ),
        ),
      ),
    )

  const balances = (): Observable<readonly Balance[]> =>
    call(
      'GET',
      '/api/v3/account',
      { omitZeroBalances: 'true' },
      BINANCE_PRIVATE_WEIGHTS.account,
      BinanceAccount,
    ).pipe(
      map((account) => {
        const at = account.updateTime ?? timestampedMs(ctx.clock.now())
        return account.balances.map((b) => toBalance(b.asset, b.free, b.locked, at))
      }),
    )

  // ---- commands ----

  const acknowledged = (
    symbols: SymbolMap,
    request: OrderRequest,
    prepared: PreparedOrder,
    ack: BinanceOrderAck,
  ): Order => {
    if ('status' in ack) {
      const order = toOrder(ack, symbols)
      if (order !== undefined) {
        for (const fill of ackFills(
          ack.fills ?? [],
          order,
          ack.transactTime ?? timestampedMs(ctx.clock.now()),
        ))
          placedFills.next(fill)
        return order
      }
    }
    const instrument = symbols.instrument(request.symbol)
    return {
      venue: 'binance',
      symbol: instrument.symbol,
      id: ack.orderId,
      clientOrderId: prepared.clientOrderId,
      side: request.side,
      type: request.type,
      timeInForce: prepared.timeInForce,
      price: prepared.price,
      quantity: prepared.quantity ?? ZERO,
      quoteQuantity: prepared.quoteQuantity,
      filledQuantity: ZERO,
      status: 'new',
      createdAt: ack.transactTime?.timestamp ?? new Date(ctx.clock.now()),
      timestamp: ack.transactTime?.timestamp ?? new Date(ctx.clock.now()),
      rawTimestamp: ack.transactTime?.rawTimestamp ?? ctx.clock.now(),
    }
  }

  const placeOrder = (given: OrderRequest): Observable<Order> => {
    const calledAt = ctx.scheduler.now()
    const clientOrderId = given.clientOrderId ?? newClientOrderId()
    const request: OrderRequest = { ...given, clientOrderId }
    return symbolsBy(calledAt + orderDeadlineMs).pipe(
      concatMap((symbols) => {
        const instrument = symbols.instrument(request.symbol)
        const prepared = prepareOrder(request, instrument)
        const ref: OrderRef = { symbol: instrument.symbol, clientOrderId: prepared.clientOrderId }
        return placeWithoutDuplicates({
          venue: 'binance',
          isDuplicate: isBinanceDuplicateOrder,
          clientOrderId: prepared.clientOrderId,
          create: (sendBy) =>
            syncedBy(sendBy).pipe(
              concatMap(() =>
                rest.request$({
                  method: 'POST',
                  path: '/api/v3/order',
                  query: prepared.params,
                  codec: BinanceOrderAck,
                  cost: { weight: BINANCE_PRIVATE_WEIGHTS.newOrder, orders: 1 },
                  idempotent: false,
                  deadlineMs: sendWithin(sendBy),
                }),
              ),
              map((ack) => acknowledged(symbols, request, prepared, ack)),
            ),
          lookup: () => lookup(ref),
          now: () => ctx.clock.now(),
          recvWindowMs: ctx.options.recvWindowMs,
          scheduler: ctx.scheduler,
          log,
          options: options.reconcile,
          deadlineMs: orderDeadlineMs,
          calledAt,
        })
      }),
      namingClientOrderId(clientOrderId, 'binance'),
    )
  }

  const cancelOrder = (ref: OrderRef, sendBy = commandSendBy()): Observable<Order> =>
    symbolsBy(sendBy).pipe(
      concatMap((symbols) =>
        call(
          'DELETE',
          '/api/v3/order',
          refQuery(symbols.toVenue(ref.symbol), ref),
          BINANCE_PRIVATE_WEIGHTS.cancelOrder,
          BinanceOrderRecord,
          { sendBy },
        ).pipe(concatMap((r) => mapped(symbols, r))),
      ),
    )

  const cancelSymbol = (symbols: SymbolMap, symbol: UnifiedSymbol, sendBy: number): Observable<Order> =>
    call(
      'DELETE',
      '/api/v3/openOrders',
      { symbol: symbols.toVenue(symbol) },
      BINANCE_PRIVATE_WEIGHTS.cancelAll,
      BinanceCancelAllResult,
      { sendBy },
    ).pipe(
      mergeMap((list) => from(list.flatMap((x) => ('orderReports' in x ? x.orderReports : [x])))),
      concatMap((r) => mapped(symbols, r)),
    )

  // The venue cancels per symbol only: without one, the symbols with open orders are canceled in turn.
  const cancelAllOrders = (symbol?: UnifiedSymbol, sendBy = commandSendBy()): Observable<readonly Order[]> =>
    symbolsBy(sendBy).pipe(
      concatMap((symbols) =>
        (symbol !== undefined
          ? of([symbol])
          : openOrders().pipe(
              untilSendBy(sendBy, 'the open orders'),
              map((open) => [...new Set(open.map((o) => o.symbol))]),
            )
        ).pipe(
          concatMap((list) => from(list)),
          concatMap((s) => cancelSymbol(symbols, s, sendBy)),
          toArray(),
          map(oldestFirst),
        ),
      ),
    )

  // ---- private streams ----

  let userData: ReturnType<typeof createBinanceUserData> | undefined
  const user = () =>
    (userData ??= createBinanceUserData(ctx, {
      apiKey,
      secret,
      privateKey,
      recvWindowMs: ctx.options.recvWindowMs,
    }))
  // The clock keeps refreshing while a private stream is live: the subscription's timestamp is venue time.
  const clockSync$ = defer(() => ctx.clock.sync$).pipe(ignoreElements())

  const events = <A>(e: string, codec: t.Decoder<unknown, A>): Observable<A> =>
    defer(() => user().events$).pipe(
      filter((event) => event.e === e),
      mergeMap((event) => {
        const result = decodeEither(codec, event, `binance ${e}`, 'binance', ctx.secrets)
        if (result._tag === 'Right') return of(result.right)
        ctx.emit({ type: 'decode-error', channel: USER_DATA_CHANNEL, error: result.left })
        return EMPTY
      }),
    )

  const reconnected$ = defer(() => user().socket.events$).pipe(
    filter((e) => e.type === 'resubscribed'),
    exhaustMap(() =>
      from(tracker.open()).pipe(
        mergeMap(
          (o) =>
            lookup({ symbol: o.symbol, clientOrderId: o.clientOrderId, id: o.id }).pipe(
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

  const reports$ = events('executionReport', BinanceExecutionReport).pipe(share())

  const withSymbols = <A, B>(source: Observable<A>, f: (a: A, symbols: SymbolMap) => B | undefined) =>
    source.pipe(
      concatMap((a) => ctx.symbols().pipe(map((symbols) => f(a, symbols)))),
      filter((b): b is B => b !== undefined),
    )

  const orderUpdates$ = merge(withSymbols(reports$, reportOrder), reconnected$, clockSync$).pipe(
    map((o) => tracker.apply(o)),
    filter((o): o is Order => o !== undefined),
    share(),
  )

  const fills$ = merge(withSymbols(reports$, reportFill), placedFills, clockSync$).pipe(
    filter((f) => {
      const key = `${f.symbol} ${f.tradeId}`
      if (seenFills.has(key)) return false
      seenFills.add(key)
      if (seenFills.size > MEMORY) seenFills.delete(seenFills.values().next().value ?? '')
      return true
    }),
    share(),
  )

  const known = new Map<string, Balance>()
  const changed = (b: Balance): Balance | undefined => {
    const prev = known.get(b.asset)
    known.set(b.asset, b)
    return prev !== undefined && prev.free.eq(b.free) && prev.locked.eq(b.locked) ? undefined : b
  }
  const balanceUpdates$ = merge(
    events('outboundAccountPosition', BinanceAccountPosition).pipe(
      mergeMap((p) => p.B.map((b) => toBalance(b.a, b.f, b.l, p.u))),
    ),
    // A delta applies to a balance already known; the `outboundAccountPosition` that follows every
    // change carries the full figures either way.
    events('balanceUpdate', BinanceBalanceUpdate).pipe(
      mergeMap((u) => {
        const prev = known.get(u.a)
        return prev === undefined ? EMPTY : of(toBalance(u.a, prev.free.plus(u.d), prev.locked, u.T))
      }),
    ),
    clockSync$,
  ).pipe(
    map(changed),
    filter((b): b is Balance => b !== undefined),
    share(),
  )

  return {
    placeOrder: (request) =>
      defer(() => placeOrder(checkOrderRequest('binance', request, BINANCE_TRADING_CAPABILITIES))),
    cancelOrder: (ref) => defer(() => cancelOrder(checkOrderRef('binance', ref))),
    cancelAllOrders: (symbol) => defer(() => cancelAllOrders(symbol)),
    getOrder: (ref) => defer(() => getOrder(checkOrderRef('binance', ref))),
    openOrders: (symbol) => defer(() => openOrders(symbol)),
    orderHistory: (q) => defer(() => orderHistory(q)),
    myTrades: (q) => defer(() => myTrades(q)),
    balances: () => defer(balances),
    orderUpdates$: () => orderUpdates$.pipe(ctx.untilClosed()),
    fills$: () => fills$.pipe(ctx.untilClosed()),
    balanceUpdates$: () => balanceUpdates$.pipe(ctx.untilClosed()),
  }
}

function oldestFirst(orders: readonly Order[]): readonly Order[] {
  return [...orders].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
}
