/**
 * The account's queries: one order, the open orders, order and execution history, balances.
 * https://bybit-exchange.github.io/docs/v5/order/open-order (and `order-list`, `execution`, `wallet-balance`)
 */
import {
  catchError,
  concatMap,
  EMPTY,
  filter,
  map,
  of,
  take,
  throwError,
  toArray,
  type Observable,
} from 'rxjs'
import type * as t from 'io-ts'
import { VenueError } from '../../core/errors.js'
import type { Balance, Fill, Order, OrderRef, UnifiedSymbol } from '../../core/model.js'
import { isTerminal } from '../../core/order-status.js'
import type { SymbolMap } from '../../core/symbols.js'
import type { RatePriority } from '../../transport/rate-limit.js'
import { hasCode } from '../kit/error-table.js'
import { pageThrough } from '../kit/pager.js'
import { oldestFirst } from '../kit/trading/surface.js'
import type { BybitAccount, Query } from './account.js'
import { bybitEnvelope } from './codecs.js'
import {
  BybitExecutionPage,
  BybitOrderPage,
  BybitWalletResult,
  type BybitOrderRecord,
} from './private-codecs.js'
import { timestampedMs, toBalances, toFill } from './private-mappers.js'
import { BYBIT_SPEC } from './spec.js'

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
 * The queries of one account; each is cold, one walk of requests per subscription.
 *
 * @example
 * createOrderQueries(account).openOrders('BTC/USDT').subscribe((orders) => console.log(orders.length))
 */
export interface BybitOrderQueries {
  /**
   * The order from the live query (open, then recently closed), else from history; `undefined` when
   * the venue does not know it.
   */
  lookup(ref: OrderRef): Observable<Order | undefined>
  /** An order known by id alone (the history query needs no symbol); nothing when unknown. */
  byId(symbols: SymbolMap, orderId: string): Observable<Order>
  /** Open orders, of one symbol or all, oldest first. */
  openOrders(symbol?: UnifiedSymbol): Observable<readonly Order[]>
  /** Past orders (any status), oldest first. */
  orderHistory(query?: BybitHistoryQuery): Observable<readonly Order[]>
  /** Past executions of the account, oldest first. */
  executions(query?: BybitHistoryQuery): Observable<readonly Fill[]>
  /** The coins of the unified account. */
  balances(): Observable<readonly Balance[]>
}

const MAX_PAGES = 100
const PAGE_LIMIT = 50
const DEFAULT_HISTORY_LIMIT = 200

const OrderPageAnswer = bybitEnvelope(BybitOrderPage)
const ExecutionPageAnswer = bybitEnvelope(BybitExecutionPage)
const WalletAnswer = bybitEnvelope(BybitWalletResult)

type Pages<R> = t.Decoder<unknown, { result: { list: R[]; nextPageCursor?: string | undefined } }>

/**
 * The queries of an account.
 *
 * @example
 * const queries = createOrderQueries(createBybitAccount(ctx))
 * queries.lookup({ symbol: 'BTC/USDT', clientOrderId: 'grid-1' })
 */
export function createOrderQueries(account: BybitAccount): BybitOrderQueries {
  const { ctx, send } = account

  /** Every record of every page, lazily: the next page only once the last one was taken. */
  const records = <R>(path: string, query: Query, codec: Pages<R>, priority?: RatePriority): Observable<R> =>
    pageThrough(
      undefined as string | undefined,
      (cursor) =>
        send(path, codec, { query: { ...query, limit: PAGE_LIMIT, cursor }, priority }).pipe(
          map(({ result }) => ({ items: result.list, next: result.nextPageCursor || undefined })),
        ),
      { maxPages: MAX_PAGES },
    )

  const findRecord = (venueSymbol: string, ref: OrderRef): Observable<BybitOrderRecord | undefined> => {
    const key = ref.id !== undefined ? { orderId: ref.id } : { orderLinkId: ref.clientOrderId ?? '' }
    const ask = (path: string, extra: Query, tolerateInvalid: boolean) =>
      send(path, OrderPageAnswer, {
        query: { category: 'spot', symbol: venueSymbol, ...key, ...extra },
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

  /** History of the account, most `q.limit` records, in the model's terms. */
  const history = <R, T>(
    path: string,
    codec: Pages<R>,
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

  return {
    lookup: (ref) =>
      ctx
        .symbols()
        .pipe(
          concatMap((symbols) =>
            findRecord(symbols.toVenue(ref.symbol), ref).pipe(
              map((r) => (r === undefined ? undefined : account.toOrder(r, symbols))),
            ),
          ),
        ),

    byId: (symbols, orderId) =>
      send('/v5/order/history', OrderPageAnswer, { query: { category: 'spot', orderId } }).pipe(
        concatMap((e) => {
          const r = e.result.list.find((x) => x.orderId === orderId)
          const o = r === undefined ? undefined : account.toOrder(r, symbols)
          return o === undefined ? EMPTY : of(o)
        }),
      ),

    openOrders: (symbol) =>
      ctx.symbols().pipe(
        concatMap((symbols) => {
          const venueSymbol = symbol === undefined ? undefined : symbols.toVenue(symbol)
          const query = { category: 'spot', symbol: venueSymbol, openOnly: 0 }
          return records('/v5/order/realtime', query, OrderPageAnswer).pipe(
            map((r) => account.toOrder(r, symbols)),
            filter((o): o is Order => o !== undefined && !isTerminal(o.status)),
            toArray(),
            map(oldestFirst),
          )
        }),
      ),

    orderHistory: (q = {}) =>
      history('/v5/order/history', OrderPageAnswer, q, account.toOrder).pipe(map(oldestFirst)),

    executions: (q = {}) =>
      history('/v5/execution/list', ExecutionPageAnswer, q, toFill).pipe(
        map((fills) => fills.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime())),
      ),

    balances: () =>
      send('/v5/account/wallet-balance', WalletAnswer, { query: { accountType: 'UNIFIED' } }).pipe(
        map(({ result, time }) =>
          result.list
            .filter((a) => a.accountType === 'UNIFIED')
            .flatMap((a) => toBalances(a, timestampedMs(time))),
        ),
      ),
  }
}
