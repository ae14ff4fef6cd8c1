/**
 * An account's order queries as every venue answers them: one order found by asking in turn, the open
 * orders, order and fill history, each mapped to the model and handed out oldest first.
 */
import { concatMap, filter, map, of, take, toArray, type Observable } from 'rxjs'
import type { Fill, Order, OrderRef, UnifiedSymbol } from '../../../core/model.js'
import { isTerminal } from '../../../core/order-status.js'
import type { SymbolMap } from '../../../core/symbols.js'
import { oldestFirst } from './surface.js'

/**
 * A history query in the model's terms.
 *
 * @example
 * const lastDay: AccountHistoryQuery = { symbol: 'BTC/USDT', from: new Date(Date.now() - 86_400_000), to: new Date() }
 */
export interface AccountHistoryQuery {
  /** Default: every symbol, where the venue allows it. */
  readonly symbol?: UnifiedSymbol | undefined
  /** Inclusive start. */
  readonly from?: Date | undefined
  /** End of the range. */
  readonly to?: Date | undefined
  /** Most records returned. Default: the venue's (`OrderQuerySource.historyLimit`). */
  readonly limit?: number | undefined
}

/**
 * A history query that may name one order, for a venue whose fill query takes an order id (Coinbase,
 * Prime): with `orderId`, that order's fills alone.
 *
 * @example
 * queries.fills({ orderId: 'o-1', limit: Infinity }) // every fill of order o-1, oldest first
 */
export interface OrderFillsQuery extends AccountHistoryQuery {
  readonly orderId?: string | undefined
}

/**
 * A history query as a venue's request takes it: its symbol, epoch-ms bounds.
 *
 * @example
 * const range: VenueHistoryRange = { venueSymbol: 'BTCUSDT', fromMs: 1704067200000, toMs: undefined }
 */
export interface VenueHistoryRange {
  readonly venueSymbol: string | undefined
  readonly fromMs: number | undefined
  readonly toMs: number | undefined
}

/**
 * What a venue brings to {@link createOrderQueries}: its requests (each every record of every page,
 * lazily) and its mappers (`undefined`: not an order or fill of a listed instrument).
 *
 * @example
 * const source: OrderQuerySource<BybitOrderRecord, BybitExecution> = { symbols, lookupSteps, openOrders, orderHistory, fills, toOrder, toFill, historyLimit: 200 }
 */
export interface OrderQuerySource<R, X, Q extends AccountHistoryQuery = AccountHistoryQuery> {
  symbols(): Observable<SymbolMap>
  /** The requests that may know an order, asked in turn until one answers its record. */
  lookupSteps(venueSymbol: string, ref: OrderRef): readonly (() => Observable<R | undefined>)[]
  openOrders(venueSymbol: string | undefined): Observable<R>
  /** `query`: the caller's, for what a venue's history takes beyond the range. */
  orderHistory(range: VenueHistoryRange, query: Q): Observable<R>
  fills(range: VenueHistoryRange, query: Q): Observable<X>
  toOrder(record: R, symbols: SymbolMap): Order | undefined
  toFill(record: X, symbols: SymbolMap): Fill | undefined
  /** Most records a history query returns when it names no `limit`. */
  readonly historyLimit: number
}

/**
 * The order queries of an account; each is cold, one walk of requests per subscription.
 *
 * @example
 * createOrderQueries(source).openOrders('BTC/USDT').subscribe((orders) => console.log(orders.length))
 */
export interface OrderQueries<Q extends AccountHistoryQuery = AccountHistoryQuery> {
  /** The order from the first request that knows it; `undefined` when none does. */
  lookup(ref: OrderRef): Observable<Order | undefined>
  /** Open orders, of one symbol or all, oldest first. */
  openOrders(symbol?: UnifiedSymbol): Observable<readonly Order[]>
  /** Past orders (any status), oldest first. */
  orderHistory(query?: Q): Observable<readonly Order[]>
  /** Past fills, oldest first. */
  fills(query?: Q): Observable<readonly Fill[]>
}

/**
 * Creates the queries of an account from a venue's requests and mappers.
 *
 * @example
 * const queries = createOrderQueries(source)
 * queries.lookup({ symbol: 'BTC/USDT', clientOrderId: 'grid-1' })
 */
export function createOrderQueries<R, X, Q extends AccountHistoryQuery = AccountHistoryQuery>(
  source: OrderQuerySource<R, X, Q>,
): OrderQueries<Q> {
  const withSymbols = <T>(run: (symbols: SymbolMap) => Observable<T>): Observable<T> =>
    source.symbols().pipe(take(1), concatMap(run))

  const firstFound = (
    steps: readonly (() => Observable<R | undefined>)[],
    i = 0,
  ): Observable<R | undefined> => {
    const step = steps[i]
    if (step === undefined) return of(undefined)
    return step().pipe(concatMap((r) => (r !== undefined ? of(r) : firstFound(steps, i + 1))))
  }

  const history = <A, T>(
    q: Q,
    records: (range: VenueHistoryRange, query: Q) => Observable<A>,
    mapped: (record: A, symbols: SymbolMap) => T | undefined,
  ): Observable<T[]> =>
    withSymbols((symbols) =>
      records(
        {
          venueSymbol: q.symbol === undefined ? undefined : symbols.toVenue(q.symbol),
          fromMs: q.from?.getTime(),
          toMs: q.to?.getTime(),
        },
        q,
      ).pipe(
        take(q.limit ?? source.historyLimit),
        map((r) => mapped(r, symbols)),
        filter((x): x is T => x !== undefined),
        toArray(),
      ),
    )

  return {
    lookup: (ref) =>
      withSymbols((symbols) =>
        firstFound(source.lookupSteps(symbols.toVenue(ref.symbol), ref)).pipe(
          map((r) => (r === undefined ? undefined : source.toOrder(r, symbols))),
        ),
      ),

    openOrders: (symbol) =>
      withSymbols((symbols) =>
        source.openOrders(symbol === undefined ? undefined : symbols.toVenue(symbol)).pipe(
          map((r) => source.toOrder(r, symbols)),
          filter((o): o is Order => o !== undefined && !isTerminal(o.status)),
          toArray(),
          map(oldestFirst),
        ),
      ),

    orderHistory: (q = {} as Q) => history(q, source.orderHistory, source.toOrder).pipe(map(oldestFirst)),

    fills: (q = {} as Q) =>
      history(q, source.fills, source.toFill).pipe(
        map((fills) => fills.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime())),
      ),
  }
}
