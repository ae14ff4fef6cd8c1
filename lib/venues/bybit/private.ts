/**
 * `createBybitTrading`: spot order entry, order and fill queries, balances and the private streams of
 * one Bybit v5 unified account.
 */
import { BYBIT_TRADING_CAPABILITIES } from './spec.js'
import {
  catchError,
  concatMap,
  defer,
  EMPTY,
  expand,
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
  take,
  throwError,
  timer,
  toArray,
} from 'rxjs'
import type * as t from 'io-ts'
import { Decimal } from '../../core/decimal.js'
import { VenueError } from '../../core/errors.js'
import type {
  Balance,
  Fill,
  Order,
  OrderAmendment,
  OrderRef,
  OrderRequest,
  UnifiedSymbol,
} from '../../core/model.js'
import { isTerminal } from '../../core/order-status.js'
import type { SymbolMap } from '../../core/symbols.js'
import type { RateCost, RatePriority } from '../../transport/rate-limit.js'
import type { VenueTrading } from '../contract/index.js'
import { bybitEnvelope } from './codecs.js'
import { bybitRequestCost, type BybitContext } from './context.js'
import { isOrderNotFound } from './errors.js'
import {
  BybitCancelAllResult,
  BybitExecutionPage,
  BybitExecutionPush,
  BybitOrderAck,
  BybitOrderPage,
  BybitOrderPush,
  BybitWalletPush,
  BybitWalletResult,
  type BybitOrderRecord,
} from './private-codecs.js'
import { timestampedMs, toBalances, toFill, toOrder, type QtyUnit } from './private-mappers.js'
import { placeWithoutDuplicates, type ReconcileOptions } from './private-placement.js'
import { newClientOrderId, prepareAmendment, prepareOrder, type PreparedOrder } from './private-request.js'
import { namingClientOrderId } from '../kit/trading/order-error.js'
import { beforeSendDeadline } from '../kit/trading/send-deadline.js'
import { OrderTracker } from '../kit/trading/order-tracker.js'
import { checkOrderAmendment, checkOrderRef, checkOrderRequest } from '../kit/trading/order-checks.js'
import { createBybitPrivateSocket, privateTopic$ } from './private-ws.js'

/**
 * A time range and symbol filter for the history queries; Bybit defaults to the last 7 days.
 *
 * @example
 * const lastDay: BybitHistoryQuery = { symbol: 'BTC/USDT', from: new Date(Date.now() - 86_400_000), to: new Date() }
 * bybit.trading?.executions(lastDay).subscribe((fills) => console.log(fills.length))
 */
export interface BybitHistoryQuery {
  /** Default: every symbol. */
  readonly symbol?: UnifiedSymbol | undefined
  /** Inclusive start. Bybit needs `from` and `to` together, at most 7 days apart. */
  readonly from?: Date | undefined
  /** End of the range. */
  readonly to?: Date | undefined
  /** Most records returned. Default 200. */
  readonly limit?: number | undefined
}

/**
 * Bybit's trading surface: the {@link VenueTrading} contract plus order and execution history. Reach
 * it on a Bybit driver made with credentials.
 *
 * @example
 * const bybit = createBybitVenue({ apiKey, secret })
 * bybit.trading?.amendOrder({ symbol: 'BTC/USDT', clientOrderId: 'grid-1' }, { price: new Decimal('64900') }).subscribe()
 * bybit.trading?.orderHistory({ symbol: 'BTC/USDT' }).subscribe((orders) => console.log(orders.length))
 */
export interface BybitTrading extends VenueTrading {
  /** Changes price or quantity of a resting order (`POST /v5/order/amend`). */
  amendOrder(ref: OrderRef, changes: OrderAmendment): Observable<Order>
  /** Cancels every open order, of one symbol or all; emits the orders it canceled. */
  cancelAllOrders(symbol?: UnifiedSymbol): Observable<readonly Order[]>
  /** Past orders (any status), oldest first. */
  orderHistory(query?: BybitHistoryQuery): Observable<readonly Order[]>
  /** Past executions of the account, oldest first. */
  executions(query?: BybitHistoryQuery): Observable<readonly Fill[]>
}

/**
 * Options of {@link createBybitTrading}.
 *
 * @example
 * createBybitTrading(ctx, { reconcile: { lookupDelayMs: 100 }, settleLookups: 2 })
 */
export interface BybitTradingOptions {
  /** Timing of the lookups after a placement whose outcome is unknown. */
  readonly reconcile?: ReconcileOptions
  /** How many lookups wait for a cancel or amend to show in the venue's order queries. Default 4. */
  readonly settleLookups?: number
}

const MAX_PAGES = 100
const PAGE_LIMIT = 50
const DEFAULT_HISTORY_LIMIT = 200
const MEMORY = 10_000

interface Call {
  readonly method?: 'GET' | 'POST'
  readonly path: string
  readonly query?: Readonly<Record<string, string | number | undefined>>
  readonly body?: object
  readonly cost?: RateCost
  /** History waits with market data; everything else of the account goes ahead of it. */
  readonly priority?: RatePriority
  /** Scheduler time an order command must be sent by. */
  readonly sendBy?: number | undefined
}

interface Envelope<A> {
  readonly result: A
  readonly time: number
}

/**
 * The trading surface of a Bybit context that has credentials (`ctx.privateRest`).
 *
 * Requests are signed, rate limited (order creates and cancels also spend the `orders` / `cancels`
 * windows the venue reports through `X-Bapi-Limit*`) and decoded; a rejected timestamp (10002) is
 * retried once after the clock resynced. The first private request measures the venue clock first.
 * Placement never doubles an order (see {@link placeWithoutDuplicates}).
 *
 * The private streams share one authenticated socket (topics `order`, `execution`, `wallet`), which
 * re-authenticates and resubscribes after a reconnect; after a reconnect the orders still open are
 * looked up, so changes missed while disconnected are not lost. Order updates pass the order state
 * machine: duplicates and impossible transitions are dropped.
 *
 * @example
 * const trading = createBybitTrading(createBybitContext({ apiKey, secret }))
 * trading.orderUpdates$().subscribe((o) => console.log(o.clientOrderId, o.status))
 * trading.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: d('15600'), quantity: d('0.1') })
 */
export function createBybitTrading(ctx: BybitContext, options: BybitTradingOptions = {}): BybitTrading {
  const rest = ctx.privateRest
  if (rest === undefined) throw new RangeError('bybit trading needs an API key and secret')
  const log = ctx.logger.child('trading')
  const settleLookups = options.settleLookups ?? 4
  const lookupDelayMs = options.reconcile?.lookupDelayMs ?? 250
  const maxLookupDelayMs = options.reconcile?.maxLookupDelayMs ?? 2000
  const units = new Map<string, QtyUnit>()
  const tracker = new OrderTracker(log)
  const seenFills = new Set<string>()
  const codecs = new Map<t.Mixed, t.Mixed>()

  const envelopeOf = <C extends t.Mixed>(result: C): t.Decoder<unknown, Envelope<t.TypeOf<C>>> => {
    let codec = codecs.get(result)
    if (codec === undefined) codecs.set(result, (codec = bybitEnvelope(result)))
    return codec as t.Decoder<unknown, Envelope<t.TypeOf<C>>>
  }

  // Signing with an unmeasured clock risks 10002 on every request: measure once before the first.
  const synced = (): Observable<unknown> =>
    defer(() =>
      ctx.clock.estimate !== undefined
        ? of(undefined)
        : ctx.clock.resync().pipe(
            catchError((e: unknown) => {
              log.warn('bybit clock sync failed; signing with the local clock', { error: e })
              return of(undefined)
            }),
          ),
    )

  const call = <C extends t.Mixed>(request: Call, result: C): Observable<Envelope<t.TypeOf<C>>> => {
    const method = request.method ?? 'GET'
    const send = () =>
      rest.request$({
        method,
        path: request.path,
        query: request.query,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        codec: envelopeOf(result),
        cost: request.cost ?? bybitRequestCost(request.path),
        priority: request.priority,
        deadlineMs: sendWithin(request.sendBy),
      })
    if (method === 'GET') return syncedBy(request.sendBy).pipe(concatMap(send))
    // A POST refused for its timestamp was refused on arrival: sending it again cannot double it.
    return syncedBy(request.sendBy).pipe(
      concatMap(() =>
        send().pipe(
          catchError((e: unknown) =>
            e instanceof VenueError && e.kind === 'clock-skew' ? send() : throwError(() => e),
          ),
        ),
      ),
    )
  }

  /** The deadline of an order command, counted from its call. */
  const commandSendBy = (): number => ctx.scheduler.now() + ctx.options.orderDeadlineMs
  const sendWithin = (sendBy: number | undefined): number | undefined =>
    sendBy === undefined ? undefined : sendBy - ctx.scheduler.now()
  /** What an order command waits for before its request is queued counts against its deadline too. */
  const untilSendBy = <T>(sendBy: number | undefined, waitingFor: string) =>
    beforeSendDeadline<T>(sendBy, ctx.scheduler, 'bybit', waitingFor)
  const symbolsBy = (sendBy: number | undefined) => ctx.symbols().pipe(untilSendBy(sendBy, 'the symbol map'))
  const syncedBy = (sendBy: number | undefined) => synced().pipe(untilSendBy(sendBy, 'the venue clock'))

  const remember = (clientOrderId: string, unit: QtyUnit): void => {
    units.delete(clientOrderId)
    units.set(clientOrderId, unit)
    if (units.size > MEMORY) units.delete(units.keys().next().value ?? '')
  }

  const toOrderOf = (record: BybitOrderRecord, symbols: SymbolMap): Order | undefined =>
    toOrder(record, symbols, units.get(record.orderLinkId))

  // ---- queries ----

  const pages = <C extends t.Mixed>(
    path: string,
    query: Readonly<Record<string, string | number | undefined>>,
    page: C,
    priority?: RatePriority,
  ): Observable<t.TypeOf<C>> => {
    const fetch = (cursor: string | undefined) =>
      call({ path, query: { ...query, limit: PAGE_LIMIT, cursor }, priority }, page).pipe(
        map((e) => ({ page: e.result as { list: unknown[]; nextPageCursor?: string } })),
      )
    return fetch(undefined).pipe(
      expand((got, i) => {
        const next = got.page.nextPageCursor
        return next && got.page.list.length > 0 && i + 1 < MAX_PAGES ? fetch(next) : EMPTY
      }),
      map((got) => got.page as t.TypeOf<C>),
    )
  }

  const orderKey = (ref: OrderRef) =>
    ref.id !== undefined ? { orderId: ref.id } : { orderLinkId: ref.clientOrderId ?? '' }

  const matches = (ref: OrderRef) => (r: BybitOrderRecord) =>
    ref.id !== undefined ? r.orderId === ref.id : r.orderLinkId === ref.clientOrderId

  /** The order from the live query (open, then recently closed), else from history; `undefined` when unknown. */
  const findRecord = (venueSymbol: string, ref: OrderRef): Observable<BybitOrderRecord | undefined> => {
    const ask = (path: string, extra: Record<string, number>, tolerateInvalid: boolean) =>
      call(
        { path, query: { category: 'spot', symbol: venueSymbol, ...orderKey(ref), ...extra } },
        BybitOrderPage,
      ).pipe(
        map((e) => e.result.list.find(matches(ref))),
        catchError((e: unknown) =>
          isOrderNotFound(e) || (tolerateInvalid && e instanceof VenueError && e.kind === 'invalid-request')
            ? of(undefined)
            : throwError(() => e),
        ),
      )
    const steps = [
      () => ask('/v5/order/realtime', { openOnly: 0 }, false),
      // recently closed orders; accounts that cannot ask this refuse the parameter
      () => ask('/v5/order/realtime', { openOnly: 1 }, true),
      () => ask('/v5/order/history', {}, false),
    ]
    const next = (i: number): Observable<BybitOrderRecord | undefined> => {
      const step = steps[i]
      if (step === undefined) return of(undefined)
      return step().pipe(concatMap((r) => (r !== undefined ? of(r) : next(i + 1))))
    }
    return next(0)
  }

  const lookup = (ref: OrderRef): Observable<Order | undefined> =>
    ctx
      .symbols()
      .pipe(
        concatMap((symbols) =>
          findRecord(symbols.toVenue(ref.symbol), ref).pipe(
            map((r) => (r === undefined ? undefined : toOrderOf(r, symbols))),
          ),
        ),
      )

  const getOrder = (ref: OrderRef): Observable<Order> =>
    lookup(ref).pipe(
      concatMap((o) =>
        o !== undefined
          ? of(o)
          : throwError(
              () =>
                new VenueError({
                  kind: 'not-found',
                  venue: 'bybit',
                  message: `bybit knows no ${ref.symbol} order ${ref.id ?? ref.clientOrderId ?? ''}`,
                }),
            ),
      ),
    )

  /**
   * Looks an order up until `settled` holds, at most `settleLookups` times: cancels and amends are
   * acknowledged before the venue's order queries show them.
   */
  const settle = (ref: OrderRef, settled: (o: Order) => boolean): Observable<Order> => {
    const attempt = (n: number): Observable<Order> =>
      getOrder(ref).pipe(
        concatMap((o) => {
          if (settled(o) || n + 1 >= settleLookups) return of(o)
          const delay = Math.min(maxLookupDelayMs, lookupDelayMs * Math.pow(2, n))
          return timer(delay, ctx.scheduler).pipe(concatMap(() => attempt(n + 1)))
        }),
      )
    return attempt(0)
  }

  const openOrders = (symbol?: UnifiedSymbol): Observable<readonly Order[]> =>
    ctx.symbols().pipe(
      concatMap((symbols) =>
        pages(
          '/v5/order/realtime',
          {
            category: 'spot',
            symbol: symbol === undefined ? undefined : symbols.toVenue(symbol),
            openOnly: 0,
          },
          BybitOrderPage,
        ).pipe(
          mergeMap((p) => from(p.list)),
          map((r) => toOrderOf(r, symbols)),
          filter((o): o is Order => o !== undefined && !isTerminal(o.status)),
          toArray(),
          map(oldestFirst),
        ),
      ),
    )

  const historyQuery = (symbols: SymbolMap, q: BybitHistoryQuery) => ({
    category: 'spot',
    symbol: q.symbol === undefined ? undefined : symbols.toVenue(q.symbol),
    startTime: q.from?.getTime(),
    endTime: q.to?.getTime(),
  })

  const orderHistory = (q: BybitHistoryQuery = {}): Observable<readonly Order[]> =>
    ctx.symbols().pipe(
      concatMap((symbols) =>
        pages('/v5/order/history', historyQuery(symbols, q), BybitOrderPage, 'data').pipe(
          mergeMap((p) => from(p.list)),
          take(q.limit ?? DEFAULT_HISTORY_LIMIT),
          map((r) => toOrderOf(r, symbols)),
          filter((o): o is Order => o !== undefined),
          toArray(),
          map(oldestFirst),
        ),
      ),
    )

  const executions = (q: BybitHistoryQuery = {}): Observable<readonly Fill[]> =>
    ctx.symbols().pipe(
      concatMap((symbols) =>
        pages('/v5/execution/list', historyQuery(symbols, q), BybitExecutionPage, 'data').pipe(
          mergeMap((p) => from(p.list)),
          take(q.limit ?? DEFAULT_HISTORY_LIMIT),
          map((x) => toFill(x, symbols)),
          filter((f): f is Fill => f !== undefined),
          toArray(),
          map((fills) => [...fills].sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime())),
        ),
      ),
    )

  const balances = (): Observable<readonly Balance[]> =>
    call({ path: '/v5/account/wallet-balance', query: { accountType: 'UNIFIED' } }, BybitWalletResult).pipe(
      map((e) =>
        e.result.list
          .filter((a) => a.accountType === 'UNIFIED')
          .flatMap((a) => toBalances(a, timestampedMs(e.time))),
      ),
    )

  // ---- commands ----

  const ackOrder = (
    symbol: UnifiedSymbol,
    request: OrderRequest,
    prepared: PreparedOrder,
    ack: BybitOrderAck,
    time: number,
  ): Order => {
    const byQuote = prepared.unit === 'quoteCoin'
    const zero = new Decimal(0)
    const at = timestampedMs(time)
    return {
      venue: 'bybit',
      symbol,
      id: ack.orderId,
      clientOrderId: prepared.clientOrderId,
      side: request.side,
      type: request.type,
      timeInForce: prepared.timeInForce,
      price: prepared.price,
      quantity: byQuote ? zero : prepared.qty,
      quoteQuantity: byQuote ? prepared.qty : undefined,
      filledQuantity: zero,
      status: 'new',
      createdAt: at.timestamp,
      ...at,
    }
  }

  const placeOrder = (given: OrderRequest): Observable<Order> => {
    const calledAt = ctx.scheduler.now()
    const clientOrderId = given.clientOrderId ?? newClientOrderId()
    const request: OrderRequest = { ...given, clientOrderId }
    return symbolsBy(calledAt + ctx.options.orderDeadlineMs).pipe(
      concatMap((symbols) => {
        const instrument = symbols.instrument(request.symbol)
        const prepared = prepareOrder(request, instrument)
        remember(prepared.clientOrderId, prepared.unit)
        const ref: OrderRef = { symbol: instrument.symbol, clientOrderId: prepared.clientOrderId }
        return placeWithoutDuplicates({
          clientOrderId: prepared.clientOrderId,
          create: (sendBy) =>
            syncedBy(sendBy).pipe(
              concatMap(() =>
                rest.request$({
                  method: 'POST',
                  path: '/v5/order/create',
                  body: JSON.stringify(prepared.body),
                  codec: envelopeOf(BybitOrderAck),
                  cost: { orders: 1 },
                  idempotent: false,
                  deadlineMs: sendWithin(sendBy),
                }),
              ),
              map((e) => ackOrder(instrument.symbol, request, prepared, e.result, e.time)),
            ),
          lookup: () => lookup(ref),
          now: () => ctx.clock.now(),
          recvWindowMs: ctx.options.recvWindowMs,
          scheduler: ctx.scheduler,
          log,
          options: options.reconcile,
          deadlineMs: ctx.options.orderDeadlineMs,
          calledAt,
        })
      }),
      namingClientOrderId(clientOrderId, 'bybit'),
    )
  }

  const refBody = (venueSymbol: string, ref: OrderRef) => ({
    category: 'spot',
    symbol: venueSymbol,
    ...orderKey(ref),
  })

  const cancelOrder = (ref: OrderRef, sendBy = commandSendBy()): Observable<Order> =>
    symbolsBy(sendBy).pipe(
      concatMap((symbols) =>
        call(
          {
            method: 'POST',
            path: '/v5/order/cancel',
            body: refBody(symbols.toVenue(ref.symbol), ref),
            cost: { cancels: 1 },
            sendBy,
          },
          BybitOrderAck,
        ),
      ),
      concatMap((e) => settle({ ...ref, id: e.result.orderId }, (o) => isTerminal(o.status))),
      map(pendingCancel),
    )

  const amendOrder = (ref: OrderRef, changes: OrderAmendment, sendBy = commandSendBy()): Observable<Order> =>
    symbolsBy(sendBy).pipe(
      concatMap((symbols) => {
        const instrument = symbols.instrument(ref.symbol)
        const amended = prepareAmendment(changes, instrument)
        return call(
          {
            method: 'POST',
            path: '/v5/order/amend',
            body: { ...refBody(instrument.venueSymbol, ref), ...amended },
            sendBy,
          },
          BybitOrderAck,
        )
      }),
      concatMap((e) =>
        settle(
          { ...ref, id: e.result.orderId },
          (o) =>
            isTerminal(o.status) ||
            ((changes.price === undefined || (o.price?.eq(changes.price) ?? false)) &&
              (changes.quantity === undefined || o.quantity.eq(changes.quantity))),
        ),
      ),
    )

  const cancelAllOrders = (symbol?: UnifiedSymbol, sendBy = commandSendBy()): Observable<readonly Order[]> =>
    symbolsBy(sendBy).pipe(
      concatMap((symbols) =>
        // The acknowledgement names orders by id only: the listing taken first says which symbol each is.
        openOrders(symbol).pipe(
          untilSendBy(sendBy, 'the open orders'),
          concatMap((before) => {
            const symbolOf = new Map(before.map((o) => [o.id, o.symbol]))
            return call(
              {
                method: 'POST',
                path: '/v5/order/cancel-all',
                body: {
                  category: 'spot',
                  ...(symbol === undefined ? {} : { symbol: symbols.toVenue(symbol) }),
                },
                cost: { cancels: 1 },
                sendBy,
              },
              BybitCancelAllResult,
            ).pipe(
              mergeMap((e) => from(e.result.list)),
              mergeMap((ack) => {
                const known = symbolOf.get(ack.orderId) ?? symbol
                return known === undefined
                  ? findAnywhere(symbols, ack.orderId)
                  : settle({ symbol: known, id: ack.orderId }, (o) => isTerminal(o.status))
              }, 4),
            )
          }),
          map(pendingCancel),
          toArray(),
          map(oldestFirst),
        ),
      ),
    )

  /** An order known by id alone: the history query needs no symbol. */
  const findAnywhere = (symbols: SymbolMap, orderId: string): Observable<Order> =>
    call({ path: '/v5/order/history', query: { category: 'spot', orderId } }, BybitOrderPage).pipe(
      concatMap((e) => {
        const r = e.result.list.find((x) => x.orderId === orderId)
        const o = r === undefined ? undefined : toOrderOf(r, symbols)
        return o === undefined ? EMPTY : of(o)
      }),
    )

  // ---- private streams ----

  let socket: ReturnType<typeof createBybitPrivateSocket> | undefined
  const privateSocket = () => (socket ??= createBybitPrivateSocket(ctx))
  // The clock keeps refreshing while a private stream is live: auth `expires` is venue time.
  const clockSync$ = defer(() => ctx.clock.sync$).pipe(ignoreElements())

  const reconnected$ = defer(() => privateSocket().events$).pipe(
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

  const orderUpdates$ = defer(() =>
    merge(
      privateTopic$(ctx, privateSocket(), 'order', BybitOrderPush).pipe(
        concatMap((push) =>
          ctx
            .symbols()
            .pipe(
              mergeMap((symbols) =>
                push.data.map((r) => toOrderOf(r, symbols)).filter((o): o is Order => o !== undefined),
              ),
            ),
        ),
      ),
      reconnected$,
      clockSync$,
    ),
  ).pipe(
    map((o) => tracker.apply(o)),
    filter((o): o is Order => o !== undefined),
    share(),
  )

  const fills$ = defer(() =>
    merge(
      privateTopic$(ctx, privateSocket(), 'execution', BybitExecutionPush).pipe(
        concatMap((push) =>
          ctx
            .symbols()
            .pipe(
              mergeMap((symbols) =>
                push.data.map((x) => toFill(x, symbols)).filter((f): f is Fill => f !== undefined),
              ),
            ),
        ),
        filter((f) => {
          if (seenFills.has(f.tradeId)) return false
          seenFills.add(f.tradeId)
          if (seenFills.size > MEMORY) seenFills.delete(seenFills.values().next().value ?? '')
          return true
        }),
      ),
      clockSync$,
    ),
  ).pipe(share())

  const balanceUpdates$ = defer(() =>
    merge(
      privateTopic$(ctx, privateSocket(), 'wallet', BybitWalletPush).pipe(
        mergeMap((push) =>
          push.data
            .filter((a) => a.accountType === 'UNIFIED')
            .flatMap((a) => toBalances(a, push.creationTime)),
        ),
      ),
      clockSync$,
    ),
  ).pipe(share())

  return {
    placeOrder: (request) =>
      defer(() => placeOrder(checkOrderRequest('bybit', request, BYBIT_TRADING_CAPABILITIES))),
    cancelOrder: (ref) => defer(() => cancelOrder(checkOrderRef('bybit', ref))),
    amendOrder: (ref, changes) =>
      defer(() => amendOrder(checkOrderRef('bybit', ref), checkOrderAmendment('bybit', changes))),
    cancelAllOrders: (symbol) => defer(() => cancelAllOrders(symbol)),
    getOrder: (ref) => defer(() => getOrder(checkOrderRef('bybit', ref))),
    openOrders: (symbol) => defer(() => openOrders(symbol)),
    orderHistory: (q) => defer(() => orderHistory(q)),
    executions: (q) => defer(() => executions(q)),
    balances: () => defer(balances),
    orderUpdates$: () => orderUpdates$.pipe(ctx.untilClosed()),
    fills$: () => fills$.pipe(ctx.untilClosed()),
    balanceUpdates$: () => balanceUpdates$.pipe(ctx.untilClosed()),
  }
}

/** A cancel acknowledged but not yet visible in the venue's order queries. */
function pendingCancel(o: Order): Order {
  return isTerminal(o.status) ? o : { ...o, status: 'pending-cancel' }
}

function oldestFirst(orders: readonly Order[]): readonly Order[] {
  return [...orders].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
}
