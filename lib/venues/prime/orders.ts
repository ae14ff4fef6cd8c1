/**
 * Prime's order commands and queries, every path under the portfolio: create (one send, never resent
 * underneath), preview, get, cancel, edit, open orders, fills, balances (trading and vault) and wallets.
 * https://docs.cdp.coinbase.com/api-reference/prime-api/rest-api/orders/create-order (and the pages next to it)
 */
import type * as t from 'io-ts'
import { concatMap, map, toArray, type Observable } from 'rxjs'
import type { Decimal } from '../../core/decimal.js'
import { VenueError } from '../../core/errors.js'
import type { Balance, Fill, Order, OrderAmendment, OrderRef } from '../../core/model.js'
import { cursorPages } from '../kit/cursor-pages.js'
import { heldBalances } from '../kit/held-balances.js'
import { withSymbols } from '../kit/with-symbols.js'
import {
  createOrderQueries,
  type AccountHistoryQuery,
  type OrderFillsQuery,
  type OrderQueries,
} from '../kit/trading/order-queries.js'
import type { DriverAccount } from '../kit/trading/driver-account.js'
import type { Query } from '../kit/trading/signed-call.js'
import { orderIdOf } from '../kit/trading/order-id.js'
import { isoRange } from '../kit/trading/history-range.js'
import { recordLookupSteps } from '../kit/trading/record-lookup.js'
import { isDuplicateOrder } from '../kit/trading/order-refusals.js'
import { accountSettling } from '../kit/trading/account-settling.js'
import type { SettleOptions } from '../kit/trading/settled-commands.js'
import { sentCreate } from '../kit/trading/sent-create.js'
import { orderOrNotFound, type TradingParts } from '../kit/trading/surface.js'
import {
  PrimeBalances,
  PrimeCancelAnswer,
  PrimeCreateAnswer,
  PrimeFillPage,
  PrimeGetOrderAnswer,
  PrimeOrderPage,
  PrimePreviewAnswer,
  PrimeWalletPage,
  type PrimeFillRecord,
  type PrimeOrderRecord,
  type PrimePagination,
} from './codecs.js'
import { toFill, toOrder } from './mappers.js'
import { preparePrimeOrder, type PrimeOrderRequest } from './order-entry.js'
import { PRIME_ERRORS } from './spec.js'

/** What the order parts take of a driver: the kit's account, its `send` scoped to the portfolio. */
export type PrimeAccount = Pick<DriverAccount, 'api' | 'send' | 'scheduler' | 'now' | 'symbols'>

/**
 * What an order preview says: the cost at the book now, in the quote currency.
 *
 * @example
 * prime.trading?.previewOrder(request).subscribe((p) => console.log(p.orderTotal?.toFixed()))
 */
export interface PrimeOrderPreview {
  readonly averagePrice?: Decimal | undefined
  readonly commission?: Decimal | undefined
  readonly slippage?: Decimal | undefined
  readonly orderTotal?: Decimal | undefined
  readonly bestBid?: Decimal | undefined
  readonly bestAsk?: Decimal | undefined
}

/**
 * A wallet of the portfolio.
 *
 * @example
 * prime.trading?.wallets('VAULT').subscribe((ws) => ws.map((w) => w.symbol))
 */
export interface PrimeWallet {
  readonly id: string
  readonly name: string
  readonly symbol: string
  readonly type: string
}

/** The order commands and queries of a portfolio, as the kit's trading surface takes them, and Prime's own calls. */
export interface PrimeOrders
  extends
    OrderQueries,
    Pick<TradingParts, 'create' | 'cancel' | 'isDuplicate' | 'balances' | 'requestFields'> {
  amend(ref: OrderRef, changes: OrderAmendment, sendBy: number): Observable<Order>
  /** What the order would cost now (`POST /order_preview`); nothing is placed. */
  previewOrder(request: PrimeOrderRequest): Observable<PrimeOrderPreview>
  /** The fills of one order. */
  orderFills(ref: OrderRef): Observable<readonly Fill[]>
  /** Past fills of the portfolio, oldest first. */
  executions(query?: AccountHistoryQuery): Observable<readonly Fill[]>
  /** Past fills of the portfolio, oldest first, at most 1000 unless `limit` says. */
  fillHistory(query?: AccountHistoryQuery): Observable<readonly Fill[]>
  /** The vault's balances (`balances()` gives the trading ones). */
  vaultBalances(): Observable<readonly Balance[]>
  /** The portfolio's wallets of one type. */
  wallets(type: 'VAULT' | 'TRADING'): Observable<readonly PrimeWallet[]>
}

const PAGE = 100
const MAX_PAGES = 50
/** Pages of recent orders searched for a client order id: the one searched for is recent. */
const LOOKUP_PAGES = 3
const RANGE = { symbol: 'product_ids', from: 'start_date', to: 'end_date' }

/**
 * The commands and queries of a portfolio: `cancel` and `amend` wait until the order queries show what
 * they did.
 */
export function createPrimeOrders(account: PrimeAccount, options: SettleOptions = {}): PrimeOrders {
  const { send } = account
  const paged = <P extends { readonly pagination?: PrimePagination | undefined }, R>(
    path: string,
    codec: t.Decoder<unknown, P>,
    items: (page: P) => readonly R[],
    query: Query,
    maxPages = MAX_PAGES,
  ) =>
    cursorPages(
      (cursor) => send(path, codec, { query: { ...query, limit: PAGE, cursor } }),
      (p) => ({ items: items(p), next: p.pagination?.next_cursor, more: p.pagination?.has_next === true }),
      maxPages,
    )
  const orderPages = (path: string, query: Query, maxPages?: number) =>
    paged(path, PrimeOrderPage, (p) => p.orders, query, maxPages)

  const queries = createOrderQueries<PrimeOrderRecord, PrimeFillRecord, OrderFillsQuery>({
    symbols: () => account.symbols(),
    // by client order id (Prime has no such filter): the product's open orders, then its most recent ones
    lookupSteps: recordLookupSteps({
      venue: 'prime',
      byId: (id) => send(`/orders/${encodeURIComponent(id)}`, PrimeGetOrderAnswer).pipe(map((a) => a.order)),
      searches: (product) => [
        orderPages('/open_orders', { product_ids: product }),
        orderPages('/orders', { product_ids: product, sort_direction: 'DESC' }, LOOKUP_PAGES),
      ],
    }),
    openOrders: (venueSymbol) => orderPages('/open_orders', { product_ids: venueSymbol }),
    orderHistory: (r) => orderPages('/orders', isoRange(r, RANGE)),
    // the portfolio's fills need a `start_date`
    fills: (r, q) =>
      q.orderId !== undefined
        ? paged(`/orders/${encodeURIComponent(q.orderId)}/fills`, PrimeFillPage, (p) => p.fills, {})
        : paged('/fills', PrimeFillPage, (p) => p.fills, isoRange({ ...r, fromMs: r.fromMs ?? 0 }, RANGE)),
    toOrder,
    toFill,
    historyLimit: 200,
  })

  const balances = (type: string) =>
    send('/balances', PrimeBalances, { query: { balance_type: type } }).pipe(
      map((answer) => {
        const rows = answer.balances.map((b) => ({ ...b, asset: b.symbol.toUpperCase() }))
        return heldBalances('prime', rows, account.now())
      }),
    )
  const getOrder = orderOrNotFound('prime', queries.lookup)
  const idOf = orderIdOf('prime', queries.lookup)
  const settled = accountSettling('prime', account, queries.lookup, options)

  return {
    ...queries,
    // Prime's own order terms (TWAP, VWAP, STOP_LIMIT)
    requestFields: ['prime'],

    create: sentCreate('prime', account, {
      path: '/order',
      codec: PrimeCreateAnswer,
      prepare: preparePrimeOrder,
      idOf: (a) => a.order_id,
    }),

    previewOrder: (request) =>
      withSymbols(account, (symbols) => {
        const named = { ...request, clientOrderId: request.clientOrderId ?? 'preview' }
        const { body } = preparePrimeOrder(named, symbols.instrument(request.symbol))
        return send('/order_preview', PrimePreviewAnswer, { method: 'POST', body })
      }).pipe(
        map((p) => ({
          averagePrice: p.average_filled_price,
          commission: p.commission,
          slippage: p.slippage,
          orderTotal: p.order_total,
          bestBid: p.best_bid,
          bestAsk: p.best_ask,
        })),
      ),

    cancel: settled.cancel((ref, _symbols, sendBy) =>
      idOf(ref).pipe(
        concatMap((id) =>
          send(`/orders/${encodeURIComponent(id)}/cancel`, PrimeCancelAnswer, { method: 'POST' }, sendBy),
        ),
        map((answer) => answer.id),
      ),
    ),

    // the edit names the order by its client order id too
    amend: settled.amend((ref, changes, _symbols, sendBy) =>
      getOrder(ref).pipe(
        concatMap((o) => {
          const body: Record<string, string> = {
            orig_client_order_id: o.clientOrderId,
            client_order_id: o.clientOrderId,
            ...(changes.price === undefined ? {} : { limit_price: changes.price.toFixed() }),
            ...(changes.quantity === undefined ? {} : { base_quantity: changes.quantity.toFixed() }),
          }
          const id = o.id ?? ''
          const path = `/orders/${encodeURIComponent(id)}/edit`
          return send(path, PrimeCreateAnswer, { method: 'PUT', body }, sendBy).pipe(map(() => id))
        }),
      ),
    ),

    orderFills: (ref) => idOf(ref).pipe(concatMap((orderId) => queries.fills({ orderId, limit: Infinity }))),

    executions: queries.fills,
    fillHistory: (q) => queries.fills({ ...q, limit: 1000 }),
    balances: () => balances('TRADING_BALANCES'),
    vaultBalances: () => balances('VAULT_BALANCES'),

    wallets: (type) =>
      paged('/wallets', PrimeWalletPage, (p) => p.wallets, { type }).pipe(
        map((w): PrimeWallet => ({ id: w.id, name: w.name ?? '', symbol: w.symbol, type: w.type })),
        toArray(),
      ),

    isDuplicate: (e: VenueError) => isDuplicateOrder(e, 'prime', PRIME_ERRORS),
  }
}
