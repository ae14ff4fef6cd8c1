/**
 * Bybit's REST API: the IP limit, routing, the signature check, per-endpoint rate limits with Bybit's
 * headers, and Bybit's envelope around every answer.
 * https://bybit-exchange.github.io/docs/v5/rate-limit
 */
import { RateWindows } from '../kit/rate-window.js'
import { RestApi } from '../kit/rest-api.js'
import { Routes } from '../kit/routes.js'
import { verifyRequest } from './auth.js'
import type { BybitContext } from './context.js'
import { instrumentsInfo, klines, orderbook, recentTrades, serverTime, tickers } from './market-data.js'
import type { BybitRateLimits } from './options.js'
import { requestParams, type Params } from './params.js'
import {
  amendOrder,
  cancelAll,
  cancelOrder,
  createOrder,
  executionList,
  orderHistory,
  realtimeOrders,
  walletBalance,
} from './trading.js'
import { envelope, reject } from './wire.js'

interface Route {
  /** The per-second limit of a signed endpoint; absent for public ones. */
  readonly limit?: keyof BybitRateLimits
  readonly handle: (ctx: BybitContext, params: Params) => unknown
}

const ROUTES = new Routes<Route>({
  'GET /v5/market/time': { handle: (ctx) => serverTime(ctx) },
  'GET /v5/market/instruments-info': { handle: instrumentsInfo },
  'GET /v5/market/orderbook': { handle: orderbook },
  'GET /v5/market/recent-trade': { handle: recentTrades },
  'GET /v5/market/kline': { handle: klines },
  'GET /v5/market/tickers': { handle: tickers },
  'POST /v5/order/create': { limit: 'create', handle: createOrder },
  'POST /v5/order/amend': { limit: 'amend', handle: amendOrder },
  'POST /v5/order/cancel': { limit: 'cancel', handle: cancelOrder },
  'POST /v5/order/cancel-all': { limit: 'cancelAll', handle: cancelAll },
  'GET /v5/order/realtime': { limit: 'query', handle: realtimeOrders },
  'GET /v5/order/history': { limit: 'query', handle: orderHistory },
  'GET /v5/execution/list': { limit: 'query', handle: executionList },
  'GET /v5/account/wallet-balance': { limit: 'query', handle: walletBalance },
})

/** The REST side of one simulator. */
export function bybitRest(ctx: BybitContext): RestApi<Route> {
  const ipWindows = new RateWindows(5000)
  const endpointWindows = new RateWindows(1000)
  const text = (status: number, body: string) => ({ status, text: body, contentType: 'text/plain' })
  return new RestApi<Route>(
    {
      venue: 'bybit',
      routes: ROUTES,
      contentType: 'application/json',
      admit: ({ ip }) =>
        ipWindows.take(ip, ctx.options.rateLimits.ipPer5s, ctx.clock.steady()).allowed
          ? undefined
          : text(403, '403 Forbidden: access too frequent'),
      notFound: () => text(404, '404 page not found'),
      guard: (route, { req, method, path, rawQuery, body }, headers) => {
        if (route.limit === undefined) return undefined
        const now = ctx.clock.now()
        const denied = verifyRequest(req.headers, method === 'GET' ? rawQuery : body, now, ctx.options)
        if (denied !== undefined) return denied
        const passed = endpointWindows.take(path, ctx.options.rateLimits[route.limit], ctx.clock.steady())
        headers['X-Bapi-Limit'] = String(passed.limit)
        headers['X-Bapi-Limit-Status'] = String(passed.remaining)
        headers['X-Bapi-Limit-Reset-Timestamp'] = String(passed.resetAt)
        return passed.allowed ? undefined : reject('rateLimit')
      },
      params: requestParams,
      handle: (route, params) => route.handle(ctx, params),
      answer: (result, error) => {
        const body = envelope(result, ctx.clock.now(), error)
        return { status: 200, body, code: body.retCode }
      },
      placement: (route) =>
        route.handle === createOrder
          ? (body) => ({
              ...(body as object),
              result: { ...(body as { result: object }).result, orderId: undefined },
            })
          : undefined,
      report: ({ method, path }, status, code) =>
        ctx.emit({ type: 'request', method, path, status, retCode: code as number | undefined }),
    },
    ctx.faults,
  )
}
