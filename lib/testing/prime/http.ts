/**
 * Prime's REST API: every route under the signature check and the portfolio's rate window, Prime's
 * error body, and the HTTP `Date` header on the simulator's clock (the SDK reads the venue time there).
 * https://docs.cdp.coinbase.com/prime/rest-api/rate-limits
 */
import type { VenueError } from '../../core/errors.js'
import { jsonParams, queryParams, type Params } from '../kit/params.js'
import { RateWindow } from '../kit/rate-window.js'
import { RestApi } from '../kit/rest-api.js'
import { Routes } from '../kit/routes.js'
import { verifyPrimeRequest } from './auth.js'
import {
  cancelOrder,
  createOrder,
  editOrder,
  expireDue,
  orderOf,
  previewOrder,
  restFill,
  restOrder,
  type PrimeOrderContext,
  type PrimeOrderEntry,
} from './orders.js'
import { isOpen } from '../kit/order-journal.js'
import type { RfqDesk } from './rfq.js'
import { plain, primeError, primeRestAnswer, uuidOf } from './wire.js'

type Path = Readonly<Record<string, string>>
type Handler = (params: Params, path: Path, portfolio: string) => unknown

interface Route {
  handle(params: Params, path: Path): unknown
  readonly placement?: true | undefined
}

/** What the handlers work with: the orders, the quotes, and every order the portfolio has. */
export interface PrimeRestContext extends PrimeOrderContext {
  readonly rfq: RfqDesk
  /** Every order, engine and RFQ alike, newest first. */
  allOrders(): PrimeOrderEntry[]
  readonly userId: string
}

/** One page of `items` from the `cursor` (an offset) for `limit`, with Prime's `pagination`. */
function page<T>(
  items: readonly T[],
  params: Params,
): { items: readonly T[]; pagination: Record<string, unknown> } {
  const from = Number(params.get('cursor') ?? 0) || 0
  const limit = Math.min(Math.max(Number(params.get('limit') ?? 100) || 100, 1), 3000)
  const slice = items.slice(from, from + limit)
  const next = from + slice.length
  return {
    items: slice,
    pagination: {
      next_cursor: next < items.length ? String(next) : '',
      sort_direction: 'DESC',
      has_next: next < items.length,
    },
  }
}

/** The product ids a query names (`product_ids`, one or a comma list), or `undefined` for all. */
function productIds(params: Params): string[] | undefined {
  const v = params.get('product_ids')
  if (v === undefined || v === '') return undefined
  return String(v).split(',')
}

/**
 * The REST side of one simulator; the request limit counts the time that passes (`clock.steady()`:
 * a skewed clock does not move it).
 *
 * @example
 * const rest = primeRest(ctx)
 * rest.answer(request, res)
 */
export function primeRest(ctx: PrimeRestContext): RestApi<Route> {
  const limitNow = () => ctx.clock.steady()
  const P = '/v1/portfolios/{portfolio_id}'
  const portfolioOf = (path: Path) => ctx.portfolio(path['portfolio_id'] ?? '')
  const orders = (params: Params) => {
    const ids = productIds(params)
    return ctx.allOrders().filter((e) => ids === undefined || ids.includes(e.market.venueSymbol))
  }
  // the engine's fills and the accepted quotes', newest first
  const fills = (orderId?: string) =>
    [...ctx.orders.fillsNewestFirst(), ...ctx.rfq.fills()]
      .filter((f) => orderId === undefined || f.order.orderId === orderId)
      .sort((a, b) => b.time - a.time)
  const balances = (params: Params) => {
    const vault = params.get('balance_type') === 'VAULT_BALANCES'
    const symbols = params.get('symbols')
    const wanted =
      typeof symbols === 'string' && symbols !== '' ? symbols.toUpperCase().split(',') : undefined
    return ctx.exchange
      .balances()
      .filter((b) => wanted === undefined || wanted.includes(b.asset))
      .map((b) => ({
        symbol: b.asset.toLowerCase(),
        // the vault holds nothing here: every asset is in the trading balance
        amount: vault ? '0' : plain(b.total),
        holds: vault ? '0' : plain(b.locked),
        withdrawable_amount: vault ? '0' : plain(b.free),
        fiat_amount: '0',
      }))
  }
  const table: Record<string, Handler> = {
    [`GET ${P}/products`]: (params) => {
      const all = [...ctx.options.markets.values()].map((m) => ({
        id: m.venueSymbol,
        base_increment: plain(m.baseIncrement),
        quote_increment: plain(m.tickSize),
        base_min_size: plain(m.instrument.minSize),
        quote_min_size: plain(m.quoteMinSize),
        base_max_size: plain(m.instrument.maxSize ?? m.baseIncrement.mul(1e9)),
        quote_max_size: '1000000000',
        permissions: ['PRODUCT_PERMISSION_READ', 'PRODUCT_PERMISSION_TRADE'],
        price_increment: plain(m.tickSize),
      }))
      const { items, pagination } = page(all, params)
      return { products: items, pagination }
    },
    [`POST ${P}/order_preview`]: (params, _path, portfolio) => previewOrder(ctx, params, portfolio),
    [`GET ${P}/orders/{order_id}`]: (_params, path, portfolio) => {
      expireDue(ctx)
      const id = path['order_id']
      const entry = ctx.allOrders().find((e) => e.orderId === id)
      return { order: restOrder(entry ?? orderOf(ctx, id), portfolio, ctx.userId) }
    },
    [`POST ${P}/orders/{order_id}/cancel`]: (_params, path) => cancelOrder(ctx, path['order_id']),
    [`PUT ${P}/orders/{order_id}/edit`]: (params, path) => editOrder(ctx, path['order_id'], params),
    [`GET ${P}/open_orders`]: (params, _path, portfolio) => {
      expireDue(ctx)
      const { items, pagination } = page(orders(params).filter(isOpen), params)
      return { orders: items.map((e) => restOrder(e, portfolio, ctx.userId)), pagination }
    },
    [`GET ${P}/orders`]: (params, _path, portfolio) => {
      expireDue(ctx)
      const { items, pagination } = page(orders(params), params)
      return { orders: items.map((e) => restOrder(e, portfolio, ctx.userId)), pagination }
    },
    [`GET ${P}/orders/{order_id}/fills`]: (params, path) => {
      if (!ctx.allOrders().some((e) => e.orderId === path['order_id'])) orderOf(ctx, path['order_id'])
      const { items, pagination } = page(fills(path['order_id']), params)
      return { fills: items.map(restFill), pagination }
    },
    [`GET ${P}/fills`]: (params) => {
      const ids = productIds(params)
      const from = Date.parse(String(params.get('start_date') ?? ''))
      const to = Date.parse(String(params.get('end_date') ?? ''))
      const all = fills().filter(
        (f) =>
          (ids === undefined || ids.includes(f.order.market.venueSymbol)) &&
          !(f.time < from) &&
          !(f.time > to),
      )
      const { items, pagination } = page(all, params)
      return { fills: items.map(restFill), pagination }
    },
    [`GET ${P}/balances`]: (params) => ({
      balances: balances(params),
      type: params.get('balance_type') ?? 'TRADING_BALANCES',
    }),
    [`GET ${P}/wallets`]: (params) => {
      const type = params.get('type') === 'VAULT' ? 'VAULT' : 'TRADING'
      const all = ctx.exchange.balances().map((b, i) => ({
        id: uuidOf(ctx.options.seed, (type === 'VAULT' ? 0x7000 : 0x7800) + i),
        name: `${b.asset} ${type === 'VAULT' ? 'Vault' : 'Trading Balance'}`,
        symbol: b.asset,
        type,
        created_at: '2024-01-01T00:00:00Z',
      }))
      const { items, pagination } = page(all, params)
      return { wallets: items, pagination }
    },
    [`POST ${P}/rfq`]: (params, _path, portfolio) => ctx.rfq.quote(params, portfolio),
  }
  const placements: Record<string, Handler> = {
    [`POST ${P}/order`]: (params, _path, portfolio) => createOrder(ctx, params, portfolio),
    [`POST ${P}/accept_quote`]: (params, _path, portfolio) => ctx.rfq.accept(params, portfolio),
  }
  const routes: Record<string, Route> = {
    'GET /v1/portfolios': {
      handle: () => ({
        portfolios: ctx.options.portfolios.map((id, i) => ({
          id,
          name: i === 0 ? 'Trading' : `Portfolio ${i + 1}`,
          entity_id: uuidOf(ctx.options.seed, 0x9000),
          organization_id: uuidOf(ctx.options.seed, 0x9001),
        })),
      }),
    },
  }
  for (const [key, handler] of Object.entries(table))
    routes[key] = { handle: (params, path) => handler(params, path, portfolioOf(path)) }
  for (const [key, handler] of Object.entries(placements))
    routes[key] = { placement: true, handle: (params, path) => handler(params, path, portfolioOf(path)) }

  const window = new RateWindow(ctx.options.rateLimits.perSecond, 1000)
  const limited = (): VenueError | undefined =>
    window.take(limitNow()).allowed ? undefined : primeError('tooMany', 'rate limit exceeded')
  let traces = 0
  return new RestApi<Route>(
    {
      venue: 'prime',
      routes: new Routes(routes),
      contentType: 'application/json',
      // Prime answers an unknown path with plain text
      notFound: () => ({ status: 404, text: 'not found', contentType: 'text/plain' }),
      guard: (_route, request) => {
        const { req, method, path, body } = request
        return verifyPrimeRequest(req.headers, method, path, body, ctx.clock.now(), ctx.key) ?? limited()
      },
      params: (request) =>
        request.method === 'GET'
          ? queryParams(request.rawQuery)
          : jsonParams(request.body === '' ? '{}' : request.body, (why) => primeError('invalid', why)),
      handle: (route, params, path) => route.handle(params, path),
      answer: (result, error) => primeRestAnswer(result, error, `sim-trace-${++traces}`),
      placement: (route) => (route.placement === true ? () => ({}) : undefined),
      report: ({ method, path }, status, code) =>
        ctx.emit({
          type: 'request',
          method,
          path,
          status,
          code: typeof code === 'string' ? code : undefined,
        }),
    },
    ctx.faults,
  )
}
