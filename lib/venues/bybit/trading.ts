/**
 * `createBybitTrading`: spot order entry, order and fill queries, balances and the private streams of
 * one Bybit v5 unified account, as the parts the kit's trading surface is made of.
 */
import {
  catchError,
  concatMap,
  defer,
  EMPTY,
  filter,
  from,
  map,
  mergeMap,
  of,
  take,
  throwError,
  toArray,
  type Observable,
} from 'rxjs'
import type * as t from 'io-ts'
import { Decimal } from '../../core/decimal.js'
import { VenueError } from '../../core/errors.js'
import type { Fill, Order, OrderAmendment, OrderRef, UnifiedSymbol } from '../../core/model.js'
import { isTerminal } from '../../core/order-status.js'
import type { SymbolMap } from '../../core/symbols.js'
import type { RateCost, RatePriority } from '../../transport/rate-limit.js'
import type { ManagedSocket } from '../../transport/socket.js'
import type { VenueTrading } from '../contract/index.js'
import { hasCode } from '../kit/error-table.js'
import { pageThrough } from '../kit/pager.js'
import type { ReconcileOptions } from '../kit/trading/place-without-duplicates.js'
import { beforeSendDeadline } from '../kit/trading/send-deadline.js'
import { createSignedApi } from '../kit/trading/signed-api.js'
import {
  createTradingSurface,
  oldestFirst,
  orderOrNotFound,
  pendingCancel,
  settle,
  type TradingParts,
} from '../kit/trading/surface.js'
import { bybitEnvelope } from './codecs.js'
import { bybitRequestCost, type BybitContext } from './context.js'
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
import { createBybitPrivateSocket, privateTopic$ } from './private-ws.js'
import { prepareAmendment, prepareOrder } from './private-request.js'
import { BYBIT_SPEC, BYBIT_TRADING_CAPABILITIES } from './spec.js'

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

const OrderPageAnswer = bybitEnvelope(BybitOrderPage)
const ExecutionPageAnswer = bybitEnvelope(BybitExecutionPage)
const OrderAckAnswer = bybitEnvelope(BybitOrderAck)
const CancelAllAnswer = bybitEnvelope(BybitCancelAllResult)
const WalletAnswer = bybitEnvelope(BybitWalletResult)

interface Call {
  readonly method?: 'GET' | 'POST'
  readonly query?: Readonly<Record<string, string | number | undefined>>
  readonly body?: object
  readonly cost?: RateCost
  /** History waits with market data; everything else of the account goes ahead of it. */
  readonly priority?: RatePriority
}

type Query = Readonly<Record<string, string | number | undefined>>

/**
 * The trading surface of a Bybit context that has credentials (`ctx.privateRest`), made by the kit's
 * `createTradingSurface` from Bybit's requests and mappings: checks, placement that never doubles an
 * order, the order state machine, reconciliation after a reconnect and fill de-duplication are the
 * kit's. Requests are signed (the first one measures the venue clock), rate limited (creates and
 * cancels also spend the `orders` / `cancels` windows the venue reports through `X-Bapi-Limit*`) and
 * decoded. A single order is looked up in the live query (open, then recently closed), then in the
 * history. The private streams share one authenticated socket (topics `order`, `execution`, `wallet`).
 *
 * @example
 * const trading = createBybitTrading(createBybitContext({ apiKey, secret }))
 * trading.orderUpdates$().subscribe((o) => console.log(o.clientOrderId, o.status))
 * trading.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: d('15600'), quantity: d('0.1') })
 */
export function createBybitTrading(ctx: BybitContext, options: BybitTradingOptions = {}): BybitTrading {
  const rest = ctx.privateRest
  if (rest === undefined) throw new RangeError('bybit trading needs an API key and secret')
  const { scheduler, logger } = ctx
  const { orderDeadlineMs, recvWindowMs } = ctx.options
  const api = createSignedApi({
    venue: 'bybit',
    rest,
    clock: ctx.clock,
    scheduler,
    logger,
    symbols: () => ctx.symbols(),
    orderDeadlineMs,
  })
  const settling = {
    lookups: options.settleLookups ?? 4,
    delayMs: options.reconcile?.lookupDelayMs ?? 250,
    maxDelayMs: options.reconcile?.maxLookupDelayMs ?? 2000,
    scheduler,
  }
  /** The unit each order of this client was sent with: a market buy's `qty` may be in either coin. */
  const units = new Map<string, QtyUnit>()

  const send = <A>(path: string, codec: t.Decoder<unknown, A>, call: Call = {}, sendBy?: number) =>
    api.send(
      {
        method: call.method ?? 'GET',
        path,
        query: call.query,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        codec,
        cost: call.cost ?? bybitRequestCost(path),
        priority: call.priority,
      },
      sendBy,
    )

  const toOrderOf = (record: BybitOrderRecord, symbols: SymbolMap): Order | undefined =>
    toOrder(record, symbols, units.get(record.orderLinkId))

  // ---- queries ----

  /** Every record of every page, lazily; history waits with market data (`priority: 'data'`). */
  const records = <R>(
    path: string,
    query: Query,
    codec: t.Decoder<unknown, { result: { list: R[]; nextPageCursor?: string | undefined } }>,
    priority?: RatePriority,
  ): Observable<R> =>
    pageThrough(
      undefined as string | undefined,
      (cursor) =>
        send(path, codec, { query: { ...query, limit: PAGE_LIMIT, cursor }, priority }).pipe(
          map(({ result }) => ({ items: result.list, next: result.nextPageCursor || undefined })),
        ),
      { maxPages: MAX_PAGES },
    )

  const orderKey = (ref: OrderRef) =>
    ref.id !== undefined ? { orderId: ref.id } : { orderLinkId: ref.clientOrderId ?? '' }

  /** The order from the live query (open, then recently closed), else from history; `undefined` when unknown. */
  const findRecord = (venueSymbol: string, ref: OrderRef): Observable<BybitOrderRecord | undefined> => {
    const ask = (path: string, extra: Query, tolerateInvalid: boolean) =>
      send(path, OrderPageAnswer, {
        query: { category: 'spot', symbol: venueSymbol, ...orderKey(ref), ...extra },
      }).pipe(
        map((e) =>
          e.result.list.find((r) =>
            ref.id !== undefined ? r.orderId === ref.id : r.orderLinkId === ref.clientOrderId,
          ),
        ),
        catchError((e: unknown) =>
          hasCode(e, 'bybit', BYBIT_SPEC.errors.orderNotFound) ||
          (tolerateInvalid && e instanceof VenueError && e.kind === 'invalid-request')
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
  const getOrder = orderOrNotFound('bybit', lookup)

  const openOrders = (symbol?: UnifiedSymbol): Observable<readonly Order[]> =>
    ctx.symbols().pipe(
      concatMap((symbols) =>
        records(
          '/v5/order/realtime',
          {
            category: 'spot',
            symbol: symbol === undefined ? undefined : symbols.toVenue(symbol),
            openOnly: 0,
          },
          OrderPageAnswer,
        ).pipe(
          map((r) => toOrderOf(r, symbols)),
          filter((o): o is Order => o !== undefined && !isTerminal(o.status)),
          toArray(),
          map(oldestFirst),
        ),
      ),
    )

  const history = <R, T>(
    path: string,
    codec: t.Decoder<unknown, { result: { list: R[]; nextPageCursor?: string | undefined } }>,
    q: BybitHistoryQuery,
    mapped: (record: R, symbols: SymbolMap) => T | undefined,
  ): Observable<T[]> =>
    ctx.symbols().pipe(
      concatMap((symbols) => {
        const query = {
          category: 'spot',
          symbol: q.symbol === undefined ? undefined : symbols.toVenue(q.symbol),
          startTime: q.from?.getTime(),
          endTime: q.to?.getTime(),
        }
        return records(path, query, codec, 'data').pipe(
          take(q.limit ?? DEFAULT_HISTORY_LIMIT),
          map((r) => mapped(r, symbols)),
          filter((x): x is T => x !== undefined),
          toArray(),
        )
      }),
    )

  // ---- commands ----

  const refBody = (venueSymbol: string, ref: OrderRef) => ({
    category: 'spot',
    symbol: venueSymbol,
    ...orderKey(ref),
  })
  const finished = (o: Order) => isTerminal(o.status)

  /** An order known by id alone: the history query needs no symbol. */
  const findAnywhere = (symbols: SymbolMap, orderId: string): Observable<Order> =>
    send('/v5/order/history', OrderPageAnswer, { query: { category: 'spot', orderId } }).pipe(
      concatMap((e) => {
        const r = e.result.list.find((x) => x.orderId === orderId)
        const o = r === undefined ? undefined : toOrderOf(r, symbols)
        return o === undefined ? EMPTY : of(o)
      }),
    )

  // ---- private streams ----

  let socket: ManagedSocket | undefined
  const privateSocket = () => (socket ??= createBybitPrivateSocket(ctx))
  const pushes = <A, T>(
    topic: string,
    codec: t.Decoder<unknown, A>,
    items: (push: A, symbols: SymbolMap) => T[],
  ) =>
    defer(() => privateTopic$(ctx, privateSocket(), topic, codec)).pipe(
      concatMap((push) => ctx.symbols().pipe(mergeMap((symbols) => items(push, symbols)))),
    )
  const defined = <T>(list: readonly (T | undefined)[]): T[] => list.filter((x): x is T => x !== undefined)

  const parts: TradingParts = {
    venue: 'bybit',
    capabilities: BYBIT_TRADING_CAPABILITIES,
    isDuplicate: (e) => hasCode(e, 'bybit', BYBIT_SPEC.errors.duplicateClientOrderId),
    lookup,
    openOrders,

    create: (request, instrument, sendBy) => {
      const { order, body, unit, qty } = prepareOrder(request, instrument)
      const { clientOrderId } = order
      units.delete(clientOrderId)
      units.set(clientOrderId, unit)
      if (units.size > MEMORY) units.delete(units.keys().next().value ?? '')
      const create = { method: 'POST', path: '/v5/order/create', body: JSON.stringify(body) } as const
      const sent = { ...create, codec: OrderAckAnswer, cost: { orders: 1 }, idempotent: false }
      return api.send(sent, sendBy).pipe(
        map(({ result, time }): Order => {
          const at = timestampedMs(time)
          const byQuote = unit === 'quoteCoin'
          const none = new Decimal(0)
          return {
            venue: 'bybit',
            symbol: instrument.symbol,
            id: result.orderId,
            clientOrderId,
            side: order.side,
            type: order.type,
            timeInForce: order.timeInForce,
            price: order.price,
            quantity: byQuote ? none : qty,
            quoteQuantity: byQuote ? qty : undefined,
            filledQuantity: none,
            status: 'new',
            createdAt: at.timestamp,
            ...at,
          }
        }),
      )
    },

    cancel: (ref, sendBy) =>
      api.symbolsBy(sendBy).pipe(
        concatMap((symbols) => {
          const body = refBody(symbols.toVenue(ref.symbol), ref)
          return send(
            '/v5/order/cancel',
            OrderAckAnswer,
            { method: 'POST', body, cost: { cancels: 1 } },
            sendBy,
          )
        }),
        concatMap((e) => settle(getOrder, { ...ref, id: e.result.orderId }, finished, settling)),
        map(pendingCancel),
      ),

    amend: (ref, changes, sendBy) =>
      api.symbolsBy(sendBy).pipe(
        concatMap((symbols) => {
          const instrument = symbols.instrument(ref.symbol)
          const body = { ...refBody(instrument.venueSymbol, ref), ...prepareAmendment(changes, instrument) }
          return send('/v5/order/amend', OrderAckAnswer, { method: 'POST', body }, sendBy)
        }),
        concatMap((e) =>
          settle(
            getOrder,
            { ...ref, id: e.result.orderId },
            (o) =>
              finished(o) ||
              ((changes.price === undefined || (o.price?.eq(changes.price) ?? false)) &&
                (changes.quantity === undefined || o.quantity.eq(changes.quantity))),
            settling,
          ),
        ),
      ),

    cancelAll: (symbol, sendBy) =>
      api.symbolsBy(sendBy).pipe(
        concatMap((symbols) =>
          // The acknowledgement names orders by id only: the listing taken first says which symbol each is.
          openOrders(symbol).pipe(
            beforeSendDeadline(sendBy, scheduler, 'bybit', 'the open orders'),
            concatMap((before) => {
              const symbolOf = new Map(before.map((o) => [o.id, o.symbol]))
              const body = {
                category: 'spot',
                ...(symbol === undefined ? {} : { symbol: symbols.toVenue(symbol) }),
              }
              return send(
                '/v5/order/cancel-all',
                CancelAllAnswer,
                { method: 'POST', body, cost: { cancels: 1 } },
                sendBy,
              ).pipe(
                mergeMap((e) => from(e.result.list)),
                mergeMap((ack) => {
                  const known = symbolOf.get(ack.orderId) ?? symbol
                  return known === undefined
                    ? findAnywhere(symbols, ack.orderId)
                    : settle(getOrder, { symbol: known, id: ack.orderId }, finished, settling)
                }, 4),
              )
            }),
            map(pendingCancel),
            toArray(),
            map(oldestFirst),
          ),
        ),
      ),

    balances: () =>
      send('/v5/account/wallet-balance', WalletAnswer, { query: { accountType: 'UNIFIED' } }).pipe(
        map(({ result, time }) =>
          result.list
            .filter((a) => a.accountType === 'UNIFIED')
            .flatMap((a) => toBalances(a, timestampedMs(time))),
        ),
      ),

    pushes: {
      orders$: pushes('order', BybitOrderPush, (push, symbols) =>
        defined(push.data.map((r) => toOrderOf(r, symbols))),
      ),
      fills$: pushes('execution', BybitExecutionPush, (push, symbols) =>
        defined(push.data.map((x) => toFill(x, symbols))),
      ),
      balances$: defer(() => privateTopic$(ctx, privateSocket(), 'wallet', BybitWalletPush)).pipe(
        mergeMap((push) =>
          push.data
            .filter((a) => a.accountType === 'UNIFIED')
            .flatMap((a) => toBalances(a, push.creationTime)),
        ),
      ),
      resubscribed$: defer(() => privateSocket().events$).pipe(filter((e) => e.type === 'resubscribed')),
    },
  }

  const surface = createTradingSurface(
    {
      api,
      scheduler,
      logger,
      now: () => ctx.clock.now(),
      recvWindowMs,
      orderDeadlineMs,
      // the private streams sign with venue time: `expires` of the socket's auth
      clockSync$: ctx.clock.sync$,
      untilClosed: ctx.untilClosed,
      reconcile: options.reconcile,
    },
    parts,
  )
  return {
    ...surface,
    amendOrder: surface.amendOrder as BybitTrading['amendOrder'],
    cancelAllOrders: surface.cancelAllOrders as BybitTrading['cancelAllOrders'],
    orderHistory: (q = {}) =>
      defer(() => history('/v5/order/history', OrderPageAnswer, q, toOrderOf).pipe(map(oldestFirst))),
    executions: (q = {}) =>
      defer(() =>
        history('/v5/execution/list', ExecutionPageAnswer, q, toFill).pipe(
          map((fills) => fills.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime())),
        ),
      ),
  }
}
