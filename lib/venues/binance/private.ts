/**
 * `createBinanceTrading`: Binance's requests and pushes on the kit's trading surface (placement without
 * duplicates, the order tracker, reconnect reconciliation, fill de-duplication), plus order and trade
 * history. https://developers.binance.com/docs/binance-spot-api-docs/rest-api/trading-endpoints
 */
import type * as t from 'io-ts'
import {
  concatMap,
  defer,
  EMPTY,
  filter,
  from,
  map,
  merge,
  mergeMap,
  of,
  share,
  Subject,
  toArray,
  catchError,
  throwError,
  type MonoTypeOperatorFunction,
  type Observable,
} from 'rxjs'
import { decodeEither } from '../../codec/decode.js'
import type { Balance, Fill, Order, OrderRef, UnifiedSymbol } from '../../core/model.js'
import { SymbolMap } from '../../core/symbols.js'
import type { RateCost, RatePriority } from '../../transport/rate-limit.js'
import type { RestClient } from '../../transport/rest.js'
import type { VenueTrading } from '../contract/index.js'
import { DEFAULT_ORDER_DEADLINE_MS } from '../kit/options.js'
import type { ReconcileOptions } from '../kit/trading/place-without-duplicates.js'
import { beforeSendDeadline } from '../kit/trading/send-deadline.js'
import { createSignedApi } from '../kit/trading/signed-api.js'
import { createTradingSurface, oldestFirst } from '../kit/trading/surface.js'
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
import { newClientOrderId, prepareOrder } from './private-request.js'
import { createBinanceUserData, USER_DATA_CHANNEL, type UserDataContext } from './private-ws.js'
import { BINANCE_TRADING_CAPABILITIES, BINANCE_WEIGHTS } from './spec.js'

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

/** What {@link createBinanceTrading} needs from the driver's context (a `BinanceContext` has it all). */
export interface BinanceTradingContext extends UserDataContext {
  readonly options: UserDataContext['options'] & {
    readonly apiKey?: string | undefined
    readonly secret?: string | undefined
    readonly privateKey?: string | undefined
    readonly recvWindowMs: number
    /** Default {@link DEFAULT_ORDER_DEADLINE_MS}. */
    readonly orderDeadlineMs?: number | undefined
  }
  /** Signed REST requests; present with credentials. */
  readonly privateRest: RestClient | undefined
  readonly clock: UserDataContext['clock'] & {
    readonly estimate: unknown
    readonly sync$: Observable<unknown>
  }
  symbols(): Observable<SymbolMap>
  /** Completes a stream when the driver closes. */
  untilClosed<T>(): MonoTypeOperatorFunction<T>
}

/** Options of {@link createBinanceTrading}. */
export interface BinanceTradingOptions {
  /** Timing of the lookups after a placement whose outcome is unknown. */
  readonly reconcile?: ReconcileOptions
}

type Query = Readonly<Record<string, string | number | undefined>>

/**
 * The trading surface of a Binance context with credentials. Requests are signed with the venue clock
 * and rate limited (an order also spends the `orders` windows the venue reports in
 * `X-MBX-ORDER-COUNT-*`); signed requests but the history wait in the limiter's `order` queue. Orders
 * ask for `newOrderRespType=FULL`, so fills that happen at once come with the answer (and on `fills$`,
 * deduplicated against the stream). The private streams share one WebSocket API connection.
 */
export function createBinanceTrading(
  ctx: BinanceTradingContext,
  options: BinanceTradingOptions = {},
): BinanceTrading {
  const rest = ctx.privateRest
  const { apiKey, secret, privateKey, recvWindowMs } = ctx.options
  if (rest === undefined || !apiKey || !(secret || privateKey)) {
    throw new RangeError('binance trading needs an API key and a secret or Ed25519 private key')
  }
  const orderDeadlineMs = ctx.options.orderDeadlineMs ?? DEFAULT_ORDER_DEADLINE_MS
  const { scheduler, logger } = ctx
  const api = createSignedApi({
    venue: 'binance',
    rest,
    clock: ctx.clock,
    scheduler,
    logger,
    symbols: () => ctx.symbols(),
    orderDeadlineMs,
  })
  const placedFills = new Subject<Fill>()

  const call = <A>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    query: Query,
    cost: RateCost,
    codec: t.Decoder<unknown, A>,
    queueing: { readonly priority?: RatePriority; readonly sendBy?: number } = {},
  ): Observable<A> =>
    api.send({ method, path, query, codec, cost, priority: queueing.priority }, queueing.sendBy)
  const refQuery = (venueSymbol: string, ref: OrderRef): Query =>
    ref.id !== undefined
      ? { symbol: venueSymbol, orderId: ref.id }
      : { symbol: venueSymbol, origClientOrderId: ref.clientOrderId ?? '' }
  const orders = (symbols: SymbolMap) => (list$: Observable<readonly BinanceOrderRecord[]>) =>
    list$.pipe(
      mergeMap((list) => from(list)),
      concatMap((r) => {
        const order = toOrder(r, symbols)
        return order === undefined ? EMPTY : of(order)
      }),
    )
  const sorted = (orders$: Observable<Order>) => orders$.pipe(toArray(), map(oldestFirst))

  /** The order, or `undefined` when the venue does not know it (-2013). */
  const lookup = (ref: OrderRef): Observable<Order | undefined> =>
    ctx.symbols().pipe(
      concatMap((symbols) =>
        call(
          'GET',
          '/api/v3/order',
          refQuery(symbols.toVenue(ref.symbol), ref),
          BINANCE_WEIGHTS.queryOrder,
          BinanceOrderRecord,
        ).pipe(
          map((r) => toOrder(r, symbols)),
          catchError((e: unknown) => (isBinanceOrderNotFound(e) ? of(undefined) : throwError(() => e))),
        ),
      ),
    )

  const openOrders = (symbol?: UnifiedSymbol): Observable<readonly Order[]> =>
    ctx
      .symbols()
      .pipe(
        concatMap((symbols) =>
          call(
            'GET',
            '/api/v3/openOrders',
            { symbol: symbol === undefined ? undefined : symbols.toVenue(symbol) },
            symbol === undefined ? BINANCE_WEIGHTS.openOrdersAll : BINANCE_WEIGHTS.openOrdersOfSymbol,
            BinanceOrderList,
          ).pipe(orders(symbols), sorted),
        ),
      )

  const cancelSymbol = (symbols: SymbolMap, symbol: UnifiedSymbol, sendBy: number): Observable<Order> =>
    call(
      'DELETE',
      '/api/v3/openOrders',
      { symbol: symbols.toVenue(symbol) },
      BINANCE_WEIGHTS.cancelAll,
      BinanceCancelAllResult,
      {
        sendBy,
      },
    ).pipe(
      map((list) => list.flatMap((x) => ('orderReports' in x ? x.orderReports : [x]))),
      orders(symbols),
    )

  const history = (symbols: SymbolMap, q: BinanceHistoryQuery): Query => ({
    symbol: symbols.toVenue(q.symbol),
    orderId: q.orderId,
    startTime: q.from?.getTime(),
    endTime: q.to?.getTime(),
    limit: q.limit,
  })

  // ---- pushes ----

  let userData: ReturnType<typeof createBinanceUserData> | undefined
  const user = () => (userData ??= createBinanceUserData(ctx, { apiKey, secret, privateKey, recvWindowMs }))
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
  const reports$ = events('executionReport', BinanceExecutionReport).pipe(share())
  const fromReports = <B>(f: (report: BinanceExecutionReport, symbols: SymbolMap) => B | undefined) =>
    reports$.pipe(
      concatMap((report) => ctx.symbols().pipe(map((symbols) => f(report, symbols)))),
      filter((b): b is B => b !== undefined),
    )
  const known = new Map<string, Balance>()
  const changed = (b: Balance): boolean => {
    const prev = known.get(b.asset)
    known.set(b.asset, b)
    return prev === undefined || !prev.free.eq(b.free) || !prev.locked.eq(b.locked)
  }

  const surface = createTradingSurface(
    {
      api,
      scheduler,
      logger,
      now: () => ctx.clock.now(),
      recvWindowMs,
      orderDeadlineMs,
      clockSync$: ctx.clock.sync$,
      untilClosed: <T>() => ctx.untilClosed<T>(),
      reconcile: options.reconcile,
    },
    {
      venue: 'binance',
      capabilities: BINANCE_TRADING_CAPABILITIES,
      create: (request, instrument, sendBy) =>
        defer(() => {
          const prepared = prepareOrder(request, instrument)
          const symbols = new SymbolMap('binance', [instrument])
          return api
            .sendOnce(
              {
                method: 'POST',
                path: '/api/v3/order',
                query: prepared.params,
                codec: BinanceOrderAck,
                cost: { weight: BINANCE_WEIGHTS.newOrder, orders: 1 },
                idempotent: false,
              },
              sendBy,
            )
            .pipe(
              map((ack): Order => {
                const at = ack.transactTime ?? timestampedMs(ctx.clock.now())
                const order = 'status' in ack ? toOrder(ack, symbols) : undefined
                if (order !== undefined && 'status' in ack) {
                  for (const fill of ackFills(ack.fills ?? [], order, at)) placedFills.next(fill)
                  return order
                }
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
                  createdAt: at.timestamp,
                  ...at,
                }
              }),
            )
        }),
      lookup,
      cancel: (ref, sendBy) =>
        api.symbolsBy(sendBy).pipe(
          concatMap((symbols) =>
            call(
              'DELETE',
              '/api/v3/order',
              refQuery(symbols.toVenue(ref.symbol), ref),
              BINANCE_WEIGHTS.cancelOrder,
              BinanceOrderRecord,
              {
                sendBy,
              },
            ).pipe(
              map((r) => [r]),
              orders(symbols),
            ),
          ),
        ),
      // the venue cancels per symbol only: without one, the symbols with open orders are canceled in turn
      cancelAll: (symbol, sendBy) =>
        api.symbolsBy(sendBy).pipe(
          concatMap((symbols) =>
            (symbol !== undefined
              ? of([symbol])
              : openOrders().pipe(
                  beforeSendDeadline(sendBy, scheduler, 'binance', 'the open orders'),
                  map((open) => [...new Set(open.map((o) => o.symbol))]),
                )
            ).pipe(
              concatMap((list) => from(list)),
              concatMap((s) => cancelSymbol(symbols, s, sendBy)),
              sorted,
            ),
          ),
        ),
      openOrders,
      balances: () =>
        call(
          'GET',
          '/api/v3/account',
          { omitZeroBalances: 'true' },
          BINANCE_WEIGHTS.account,
          BinanceAccount,
        ).pipe(
          map((account) => {
            const at = account.updateTime ?? timestampedMs(ctx.clock.now())
            return account.balances.map((b) => toBalance(b.asset, b.free, b.locked, at))
          }),
        ),
      pushes: {
        orders$: fromReports(reportOrder),
        fills$: merge(fromReports(reportFill), placedFills),
        balances$: merge(
          events('outboundAccountPosition', BinanceAccountPosition).pipe(
            mergeMap((p) => p.B.map((b) => toBalance(b.a, b.f, b.l, p.u))),
          ),
          // a delta applies to a balance already known; the `outboundAccountPosition` that follows every
          // change carries the full figures either way
          events('balanceUpdate', BinanceBalanceUpdate).pipe(
            mergeMap((u) => {
              const prev = known.get(u.a)
              return prev === undefined ? EMPTY : of(toBalance(u.a, prev.free.plus(u.d), prev.locked, u.T))
            }),
          ),
        ).pipe(filter(changed)),
        resubscribed$: defer(() => user().socket.events$).pipe(filter((e) => e.type === 'resubscribed')),
      },
      isDuplicate: isBinanceDuplicateOrder,
      newClientOrderId,
    },
  )

  const historyCall = <A>(path: string, query: Query, cost: number, codec: t.Decoder<unknown, A>) =>
    call('GET', path, query, cost, codec, { priority: 'data' })
  return {
    ...surface,
    cancelAllOrders: (symbol) => surface.cancelAllOrders?.(symbol) ?? EMPTY,
    orderHistory: (q) =>
      defer(() => ctx.symbols()).pipe(
        concatMap((symbols) =>
          historyCall(
            '/api/v3/allOrders',
            { ...history(symbols, q), orderId: undefined },
            BINANCE_WEIGHTS.allOrders,
            BinanceOrderList,
          ).pipe(orders(symbols), sorted),
        ),
      ),
    myTrades: (q) =>
      defer(() => ctx.symbols()).pipe(
        concatMap((symbols) =>
          historyCall(
            '/api/v3/myTrades',
            history(symbols, q),
            BINANCE_WEIGHTS.myTrades,
            BinanceMyTrades,
          ).pipe(
            map((list) =>
              list
                .map((x) => tradeFill(x, symbols))
                .filter((f): f is Fill => f !== undefined)
                .sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime()),
            ),
          ),
        ),
      ),
  }
}
