/**
 * Coinbase's private REST endpoints on the account's orders: get and list orders, fills and accounts
 * (cursor paging), batch cancel, and the create; the routes a simulator mounts behind the JWT check.
 * https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/orders/list-orders (and the
 * pages next to it)
 */
import { pageAfter } from '../kit/history.js'
import { isOpen } from '../kit/order-journal.js'
import type { Params } from '../kit/params.js'
import { plain } from '../kit/wire-text.js'
import { createOrder, expireDue, type CoinbaseTradingContext } from './account-orders.js'
import { iso, restFill, restOrder, statusOf } from './order-views.js'
import { coinbaseFailure, uuidOf } from './private-wire.js'

const PREFIX = '/api/v3/brokerage'

function list(params: Params, name: string): readonly string[] | undefined {
  const v = params.get(name)
  if (v === undefined) return undefined
  if (typeof v === 'string') return v.split(',')
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[]
  throw coinbaseFailure('INVALID_ARGUMENT', `${name} must be text`)
}

function time(params: Params, name: string): number | undefined {
  const v = params.get(name)
  if (v === undefined) return undefined
  const ms = typeof v === 'string' ? Date.parse(v) : NaN
  if (!Number.isFinite(ms)) throw coinbaseFailure('INVALID_ARGUMENT', `${name} must be an RFC 3339 time`)
  return ms
}

/** One page after `cursor`, `limit` items (1..max, default `fallback`); the cursor is the last item's key. */
function page<T>(
  items: readonly T[],
  key: (item: T) => string,
  params: Params,
  max: number,
  fallback: number,
) {
  const limitText = params.get('limit')
  const limit = limitText === undefined ? fallback : Number(limitText)
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw coinbaseFailure('INVALID_ARGUMENT', `limit must be an integer in [1, ${max}]`)
  }
  const cursor = params.get('cursor')
  if (cursor !== undefined && typeof cursor !== 'string')
    throw coinbaseFailure('INVALID_ARGUMENT', 'cursor must be text')
  const found = pageAfter(items, key, cursor, limit)
  if (found === undefined) throw coinbaseFailure('INVALID_ARGUMENT', 'cursor is not valid')
  return { list: found.list, hasNext: found.nextKey !== undefined, cursor: found.nextKey ?? '' }
}

/** Keeps what a filter of values allows (any, when the filter is absent). */
const allows = (filter: readonly string[] | undefined, value: string) =>
  filter === undefined || filter.includes(value)

/**
 * `GET /orders/historical/{order_id}`.
 *
 * @throws VenueError `NOT_FOUND` (404) for an order the account does not have.
 * @example
 * getOrder(ctx, orderId) // { order: { order_id, status: 'OPEN', … } }
 */
export function getOrder(ctx: CoinbaseTradingContext, orderId: string): Record<string, unknown> {
  expireDue(ctx)
  const entry = ctx.orders.byId(orderId)
  if (entry === undefined) throw coinbaseFailure('NOT_FOUND', 'order with this orderID was not found')
  return { order: restOrder(ctx, entry) }
}

/**
 * `GET /orders/historical/batch`: the account's orders, newest first, filtered by `order_ids`,
 * `product_ids`, `order_status`, `order_side`, `start_date`/`end_date`; `limit` (default 100, at most
 * 1000) and `cursor`.
 *
 * @example
 * listOrders(ctx, coinbaseParams({ method: 'GET', rawQuery: 'order_status=OPEN', body: '' })) // { orders, has_next, cursor, sequence }
 */
export function listOrders(ctx: CoinbaseTradingContext, params: Params): Record<string, unknown> {
  expireDue(ctx)
  const ids = list(params, 'order_ids')
  const products = list(params, 'product_ids')
  const statuses = list(params, 'order_status')
  const sides = list(params, 'order_side')
  const from = time(params, 'start_date')
  const to = time(params, 'end_date')
  const entries = ctx.orders
    .newestFirst()
    .filter(
      (e) =>
        allows(ids, e.orderId ?? '') &&
        allows(products, e.market.venueSymbol) &&
        allows(statuses, statusOf(e)) &&
        allows(sides, e.side === 'buy' ? 'BUY' : 'SELL') &&
        (from === undefined || e.createdAt >= from) &&
        (to === undefined || e.createdAt <= to),
    )
  const p = page(entries, (e) => e.orderId ?? '', params, 1000, 100)
  return {
    orders: p.list.map((e) => restOrder(ctx, e)),
    sequence: '0',
    has_next: p.hasNext,
    cursor: p.cursor,
  }
}

/**
 * `GET /orders/historical/fills`: the account's fills, newest first, filtered by `order_ids`,
 * `trade_ids`, `product_ids`, `start_sequence_timestamp`/`end_sequence_timestamp`; `limit` (default
 * 100, at most 1000) and `cursor` (`''` on the last page).
 *
 * @example
 * listFills(ctx, coinbaseParams({ method: 'GET', rawQuery: 'product_ids=BTC-USD', body: '' })) // { fills, cursor }
 */
export function listFills(ctx: CoinbaseTradingContext, params: Params): Record<string, unknown> {
  const orders = list(params, 'order_ids')
  const trades = list(params, 'trade_ids')
  const products = list(params, 'product_ids')
  const from = time(params, 'start_sequence_timestamp')
  const to = time(params, 'end_sequence_timestamp')
  const fills = ctx.orders
    .fillsNewestFirst()
    .filter(
      (f) =>
        allows(orders, f.order.orderId ?? '') &&
        allows(trades, f.tradeId) &&
        allows(products, f.order.market.venueSymbol) &&
        (from === undefined || f.time >= from) &&
        (to === undefined || f.time <= to),
    )
  const p = page(fills, (f) => f.tradeId, params, 1000, 100)
  return { fills: p.list.map((f) => restFill(ctx, f)), cursor: p.cursor }
}

/**
 * `POST /orders/batch_cancel`: one result per id; an unknown order fails `UNKNOWN_CANCEL_ORDER`, a
 * filled one `ORDER_IS_FULLY_FILLED`, one already canceled or expired `DUPLICATE_CANCEL_REQUEST`.
 *
 * @example
 * batchCancel(ctx, jsonParams('{"order_ids":["…"]}', refuse)) // { results: [{ success: true, failure_reason: 'UNKNOWN_CANCEL_FAILURE_REASON', order_id }] }
 */
export function batchCancel(ctx: CoinbaseTradingContext, params: Params): Record<string, unknown> {
  const ids = params.get('order_ids')
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) {
    throw coinbaseFailure('INVALID_ARGUMENT', 'order_ids must be a list of order ids')
  }
  expireDue(ctx)
  const results = (ids as string[]).map((id) => {
    const entry = ctx.orders.byId(id)
    const failed = (reason: string) => ({ success: false, failure_reason: reason, order_id: id })
    if (entry === undefined) return failed('UNKNOWN_CANCEL_ORDER')
    if (entry.status === 'filled') return failed('ORDER_IS_FULLY_FILLED')
    if (!isOpen(entry)) return failed('DUPLICATE_CANCEL_REQUEST')
    ctx.orders.cancel(entry)
    return { success: true, failure_reason: 'UNKNOWN_CANCEL_FAILURE_REASON', order_id: id }
  })
  return { results }
}

const FIAT: ReadonlySet<string> = new Set(['USD', 'EUR', 'GBP'])

/**
 * `GET /accounts`: one account per asset the account holds or has held, `available_balance` what is
 * free and `hold` what open orders lock; `limit` (default 49, at most 250) and `cursor`.
 *
 * @example
 * listAccounts(ctx, coinbaseParams({ method: 'GET', rawQuery: 'limit=250', body: '' })) // { accounts, has_next, cursor, size }
 */
export function listAccounts(ctx: CoinbaseTradingContext, params: Params): Record<string, unknown> {
  expireDue(ctx)
  const balances = ctx.exchange.balances()
  const accounts = balances.map((b, i) => ({
    uuid: uuidOf(0x5eed, i + 1),
    name: `${b.asset} Wallet`,
    currency: b.asset,
    available_balance: { value: plain(b.free), currency: b.asset },
    default: i === 0,
    active: true,
    created_at: '2021-05-31T09:59:59Z',
    updated_at: iso(ctx.clock.now()),
    deleted_at: null,
    type: FIAT.has(b.asset) ? 'FIAT' : 'CRYPTO',
    ready: true,
    hold: { value: plain(b.locked), currency: b.asset },
    retail_portfolio_id: '',
  }))
  const p = page(accounts, (a) => a.uuid, params, 250, 49)
  return { accounts: p.list, has_next: p.hasNext, cursor: p.cursor, size: p.list.length }
}

/**
 * One private route: its handler; `placement` marks the create, whose answer the lost and spoiled
 * answer faults act on (see {@link withoutOrderId}).
 *
 * @example
 * const route: CoinbaseTradingRoute = COINBASE_TRADING_ROUTES['POST /api/v3/brokerage/orders']
 */
export interface CoinbaseTradingRoute {
  handle(ctx: CoinbaseTradingContext, params: Params, pathParams: Readonly<Record<string, string>>): unknown
  readonly placement?: true
}

/**
 * The private REST endpoints, keyed as the kit's `Routes` takes them; every one needs the JWT (see
 * `verifyCoinbaseRequest`).
 *
 * @example
 * const routes = new Routes({ ...COINBASE_MARKET_ROUTES, ...COINBASE_TRADING_ROUTES })
 */
export const COINBASE_TRADING_ROUTES: Readonly<Record<string, CoinbaseTradingRoute>> = {
  [`POST ${PREFIX}/orders`]: { handle: createOrder, placement: true },
  [`POST ${PREFIX}/orders/batch_cancel`]: { handle: batchCancel },
  [`GET ${PREFIX}/orders/historical/batch`]: { handle: listOrders },
  [`GET ${PREFIX}/orders/historical/fills`]: { handle: listFills },
  [`GET ${PREFIX}/orders/historical/{order_id}`]: {
    handle: (ctx, _p, path) => getOrder(ctx, path['order_id'] ?? ''),
  },
  [`GET ${PREFIX}/accounts`]: { handle: listAccounts },
}

/**
 * A create's answer without its order id, for the `no-id` spoiled answer: the client cannot tell
 * which order it placed, and must look it up.
 *
 * @example
 * placement: (route) => (route.placement ? withoutOrderId : undefined)
 */
export function withoutOrderId(body: unknown): unknown {
  const b = body as { success_response?: object }
  return b.success_response === undefined
    ? body
    : { ...b, success_response: { ...b.success_response, order_id: undefined } }
}
