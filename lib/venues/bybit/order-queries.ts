/**
 * The account's queries as the kit's `createOrderQueries` takes them, plus an order by id alone and
 * the balances. https://bybit-exchange.github.io/docs/v5/order/open-order (and `order-list`,
 * `execution`, `wallet-balance`)
 */
import { catchError, concatMap, EMPTY, map, of, throwError, type Observable } from 'rxjs'
import type * as t from 'io-ts'
import { VenueError } from '../../core/errors.js'
import type { Balance, Order } from '../../core/model.js'
import type { SymbolMap } from '../../core/symbols.js'
import type { RatePriority } from '../../transport/rate-limit.js'
import { cursorPages } from '../kit/cursor-pages.js'
import {
  createOrderQueries,
  type AccountHistoryQuery,
  type VenueHistoryRange,
} from '../kit/trading/order-queries.js'
import { isOrderNotFound } from '../kit/trading/order-refusals.js'
import type { Query } from '../kit/trading/signed-call.js'
import type { BybitAccount } from './account.js'
import { timestampedMs } from '../kit/timestamps.js'
import { bybitEnvelope } from './codecs.js'
import { BybitExecutionPage, BybitOrderPage, BybitWalletResult } from './private-codecs.js'
import { toBalances, toFill } from './private-mappers.js'
import { refBody } from './private-request.js'
import { BYBIT_SPEC } from './spec.js'

/**
 * A time range and symbol filter for the history queries, at most 200 records unless `limit` says;
 * Bybit defaults to the last 7 days.
 *
 * @example
 * const lastDay: BybitHistoryQuery = { symbol: 'BTC/USDT', from: new Date(Date.now() - 86_400_000), to: new Date() }
 * bybit.trading?.executions(lastDay).subscribe((fills) => console.log(fills.length))
 */
export interface BybitHistoryQuery extends AccountHistoryQuery {
  /** Inclusive start. Bybit needs `from` and `to` together, at most 7 days apart. */
  readonly from?: Date | undefined
}

/** The kit's queries of one account, plus Bybit's own. */
export type BybitOrderQueries = ReturnType<typeof createBybitQueries>

const MAX_PAGES = 100
const PAGE_LIMIT = 50

const OrderPageAnswer = bybitEnvelope(BybitOrderPage)
const ExecutionPageAnswer = bybitEnvelope(BybitExecutionPage)
const WalletAnswer = bybitEnvelope(BybitWalletResult)

type Pages<R> = t.Decoder<unknown, { result: { list: R[]; nextPageCursor?: string | undefined } }>

/** The queries of an account. */
export function createBybitQueries(account: BybitAccount) {
  const { ctx, send } = account

  const records = <R>(path: string, query: Query, codec: Pages<R>, priority?: RatePriority): Observable<R> =>
    cursorPages(
      (cursor) => send(path, codec, { query: { ...query, limit: PAGE_LIMIT, cursor }, priority }),
      ({ result }) => ({ items: result.list, next: result.nextPageCursor }),
      MAX_PAGES,
    )

  const historyQuery = (range: VenueHistoryRange): Query => ({
    category: 'spot',
    symbol: range.venueSymbol,
    startTime: range.fromMs,
    endTime: range.toMs,
  })

  const queries = createOrderQueries({
    symbols: () => ctx.symbols(),
    lookupSteps: (venueSymbol, ref) => {
      const ask = (path: string, extra: Query, tolerateInvalid: boolean) => () =>
        send(path, OrderPageAnswer, { query: { ...refBody(venueSymbol, ref), ...extra } }).pipe(
          map((e) =>
            e.result.list.find((r) =>
              ref.id !== undefined ? r.orderId === ref.id : r.orderLinkId === ref.clientOrderId,
            ),
          ),
          catchError((e: unknown) =>
            isOrderNotFound(e, 'bybit', BYBIT_SPEC.errors) ||
            (tolerateInvalid && e instanceof VenueError && e.kind === 'invalid-request')
              ? of(undefined)
              : throwError(() => e),
          ),
        )
      return [
        ask('/v5/order/realtime', { openOnly: 0 }, false),
        // recently closed orders; accounts that cannot ask this refuse the parameter
        ask('/v5/order/realtime', { openOnly: 1 }, true),
        ask('/v5/order/history', {}, false),
      ]
    },
    openOrders: (venueSymbol) =>
      records('/v5/order/realtime', { category: 'spot', symbol: venueSymbol, openOnly: 0 }, OrderPageAnswer),
    orderHistory: (range) => records('/v5/order/history', historyQuery(range), OrderPageAnswer, 'data'),
    fills: (range) => records('/v5/execution/list', historyQuery(range), ExecutionPageAnswer, 'data'),
    toOrder: account.toOrder,
    toFill,
    historyLimit: 200,
  })

  return {
    ...queries,

    /** An order known by id alone (the history query needs no symbol); nothing when unknown. */
    byId: (symbols: SymbolMap, orderId: string): Observable<Order> =>
      send('/v5/order/history', OrderPageAnswer, { query: { category: 'spot', orderId } }).pipe(
        concatMap((e) => {
          const r = e.result.list.find((x) => x.orderId === orderId)
          const o = r === undefined ? undefined : account.toOrder(r, symbols)
          return o === undefined ? EMPTY : of(o)
        }),
      ),

    /** The coins of the unified account. */
    balances: (): Observable<readonly Balance[]> =>
      send('/v5/account/wallet-balance', WalletAnswer, { query: { accountType: 'UNIFIED' } }).pipe(
        map(({ result, time }) =>
          result.list
            .filter((a) => a.accountType === 'UNIFIED')
            .flatMap((a) => toBalances(a, timestampedMs(time))),
        ),
      ),
  }
}
