/**
 * Coinbase order commands and queries: create (one send, never resent underneath), batch cancel, get
 * and list orders, fills. https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/orders/create-order
 * (and `cancel-order`, `get-order`, `list-orders`, `list-fills`)
 */
import { concatMap, map, type Observable } from 'rxjs'
import { VenueError } from '../../core/errors.js'
import type { Fill } from '../../core/model.js'
import type { RatePriority } from '../../transport/rate-limit.js'
import { venueError } from '../kit/error-table.js'
import { cursorPages } from '../kit/cursor-pages.js'
import { isoRange } from '../kit/trading/history-range.js'
import { createOrderQueries, type OrderFillsQuery, type OrderQueries } from '../kit/trading/order-queries.js'
import { orderIdOf } from '../kit/trading/order-id.js'
import { isDuplicateOrder } from '../kit/trading/order-refusals.js'
import { recordLookupSteps } from '../kit/trading/record-lookup.js'
import { accountSettling } from '../kit/trading/account-settling.js'
import type { SettleOptions } from '../kit/trading/settled-commands.js'
import { sentCreate } from '../kit/trading/sent-create.js'
import type { Query } from '../kit/trading/signed-call.js'
import type { TradingParts } from '../kit/trading/surface.js'
import { COINBASE_API_PREFIX, type CoinbaseAccount } from './account.js'
import { COINBASE_CREATE_PATH, coinbaseCreateError, prepareCoinbaseOrder } from './order-entry.js'
import { toFill, toOrder } from './order-mappers.js'
import {
  CoinbaseBatchCancelAnswer,
  CoinbaseCreateOrderAnswer,
  CoinbaseFillPage,
  CoinbaseGetOrderAnswer,
  CoinbaseOrderPage,
  type CoinbaseFillRecord,
  type CoinbaseOrderRecord,
} from './private-codecs.js'
import { COINBASE_ERRORS } from './spec.js'

const CREATE_PATH = COINBASE_CREATE_PATH

/**
 * The order commands and queries of an account, as the kit's trading surface takes them.
 *
 * @example
 * const orders = createCoinbaseOrders(account)
 * createTradingSurface(context, { venue: 'coinbase', capabilities: COINBASE_TRADING_CAPABILITIES, ...orders, balances, pushes })
 */
export interface CoinbaseOrders
  extends OrderQueries, Pick<TradingParts, 'create' | 'cancel' | 'isDuplicate' | 'requestFields'> {
  /** Every fill of one order, newest first (`GET /orders/historical/fills?order_ids=`). */
  fillsOfOrder(orderId: string): Observable<readonly Fill[]>
}

const ORDERS_PAGE = 100
const FILLS_PAGE = 100
const MAX_PAGES = 50
/** Pages of recent orders searched for a client order id: the order searched for is a recent one. */
const LOOKUP_PAGES = 5
const ORDERS_RANGE = { symbol: 'product_ids', from: 'start_date', to: 'end_date' }
const FILLS_RANGE = { symbol: 'product_ids', from: 'start_sequence_timestamp', to: 'end_sequence_timestamp' }

/**
 * Creates the commands and queries of an account.
 * - `create` sends one create (never resent underneath) and acknowledges the order it names; Coinbase
 *   answers a repeated `client_order_id` with the order first placed under it, so the kit's resend
 *   after an unknown outcome cannot double an order, and a `DUPLICATE_CLIENT_ORDER_ID` refusal is the
 *   proof an earlier attempt got through (`isDuplicate`).
 * - `lookup` asks `GET /orders/historical/{id}` when the id is known; by client order id alone (no
 *   REST filter exists) it searches the product's most recent orders of `GET /orders/historical/batch`.
 * - `cancel` cancels by id through `POST /orders/batch_cancel`, then looks the order up until it
 *   settles (`pending-cancel` until the queries show it finished).
 *
 * @example
 * createCoinbaseOrders(account).lookup({ symbol: 'BTC/USD', clientOrderId: 'grid-1' }).subscribe((o) => console.log(o?.status))
 */
export function createCoinbaseOrders(account: CoinbaseAccount, options: SettleOptions = {}): CoinbaseOrders {
  const { send } = account
  const path = (p: string) => `${COINBASE_API_PREFIX}${p}`

  const orders = (query: Query, priority?: RatePriority, maxPages = MAX_PAGES) =>
    cursorPages(
      (cursor) =>
        send(path('/orders/historical/batch'), CoinbaseOrderPage, {
          query: { ...query, limit: ORDERS_PAGE, cursor },
          priority,
        }),
      (p) => ({ items: p.orders, next: p.cursor, more: p.has_next }),
      maxPages,
    )

  const queries = createOrderQueries<CoinbaseOrderRecord, CoinbaseFillRecord, OrderFillsQuery>({
    symbols: () => account.symbols(),
    lookupSteps: recordLookupSteps({
      venue: 'coinbase',
      notFound: COINBASE_ERRORS.orderNotFound,
      byId: (id) =>
        send(path(`/orders/historical/${encodeURIComponent(id)}`), CoinbaseGetOrderAnswer).pipe(
          map((answer) => answer.order),
        ),
      searches: (product) => [orders({ product_ids: product }, undefined, LOOKUP_PAGES)],
    }),
    openOrders: (venueSymbol) => orders({ order_status: 'OPEN', product_ids: venueSymbol }),
    orderHistory: (r) => orders(isoRange(r, ORDERS_RANGE), 'data'),
    // one order's fills, or the account's in a range
    fills: (r, q) =>
      cursorPages(
        (cursor) =>
          send(path('/orders/historical/fills'), CoinbaseFillPage, {
            query: {
              ...(q.orderId === undefined ? isoRange(r, FILLS_RANGE) : { order_ids: q.orderId }),
              limit: FILLS_PAGE,
              cursor,
            },
            priority: 'data',
          }),
        (p) => ({ items: p.fills, next: p.cursor }),
        MAX_PAGES,
      ),
    toOrder,
    toFill,
    historyLimit: 200,
  })

  const fillsOfOrder = (orderId: string): Observable<readonly Fill[]> =>
    queries.fills({ orderId, limit: Infinity })

  const idOf = orderIdOf('coinbase', queries.lookup)
  const cancelById = (id: string, sendBy: number): Observable<string> =>
    send(
      path('/orders/batch_cancel'),
      CoinbaseBatchCancelAnswer,
      { method: 'POST', body: { order_ids: [id] } },
      sendBy,
    ).pipe(
      map((answer) => {
        const result = answer.results.find((r) => r.order_id === id) ?? answer.results[0]
        if (result?.success === true) return id
        const code = result?.failure_reason ?? 'UNKNOWN_CANCEL_FAILURE_REASON'
        throw venueError('coinbase', COINBASE_ERRORS, {
          status: 200,
          code,
          message: `cancel of order ${id} refused`,
          context: `POST ${path('/orders/batch_cancel')}`,
        })
      }),
    )

  return {
    ...queries,
    fillsOfOrder,
    // a limit order good until a date (`limit_limit_gtd`)
    requestFields: ['expiresAt'],

    create: sentCreate('coinbase', account, {
      path: CREATE_PATH,
      codec: CoinbaseCreateOrderAnswer,
      prepare: prepareCoinbaseOrder,
      idOf: (answer) => {
        if (!answer.success) throw coinbaseCreateError(answer)
        const id = answer.success_response?.order_id
        // a success that names no order: placed or not, it must be looked up
        if (id === undefined || id === '') {
          throw new VenueError({
            kind: 'decode',
            venue: 'coinbase',
            message: `POST ${CREATE_PATH}: success without an order id`,
          })
        }
        return id
      },
    }),

    cancel: accountSettling('coinbase', account, queries.lookup, options).cancel((ref, _symbols, sendBy) =>
      idOf(ref).pipe(concatMap((id) => cancelById(id, sendBy))),
    ),

    isDuplicate: (e: VenueError) => isDuplicateOrder(e, 'coinbase', COINBASE_ERRORS),
  }
}
