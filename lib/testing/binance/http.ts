/**
 * Binance's REST API over node:http: injected faults first, then the IP's request weight (429, 418),
 * routing, request security, the order limits, the handler, and Binance's JSON or `{code, msg}` body,
 * every answer with `X-MBX-USED-WEIGHT-1M`.
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api/general-api-information
 */
import { header } from '../kit/auth.js'
import { RestApi } from '../kit/rest-api.js'
import { Routes } from '../kit/routes.js'
import { restPayload, verifySigned } from './auth.js'
import type { BinanceContext } from './context.js'
import {
  aggTrades,
  avgPrice,
  bookTicker,
  depth,
  depthWeight,
  exchangeInfo,
  klines,
  ticker24hr,
  tickerPrice,
  trades,
} from './market-data.js'
import { formParams, type Params } from './params.js'
import {
  account,
  allOrders,
  cancelOpenOrders,
  cancelOrder,
  myTrades,
  openOrders,
  placeOrder,
  queryOrder,
  rateLimitOrder,
} from './trading.js'
import { errorBody } from './wire.js'

interface Route {
  /** TRADE and USER_DATA endpoints need a key and a signature. */
  readonly signed: boolean
  /** Request weight, which may depend on the parameters. */
  readonly weight: (params: Params) => number
  readonly handle: (ctx: BinanceContext, params: Params) => unknown
}

const fixed = (n: number) => () => n
const bySymbols = (one: number, none: number) => (p: Params) => {
  if (p.get('symbol') !== undefined) return one
  const many = p.get('symbols')
  if (many === undefined) return none
  const count = many.split(',').length
  return count <= 20 ? one : count <= 100 ? 40 : 80
}

/**
 * Every endpoint the simulator serves, by `METHOD path`.
 *
 * @example
 * ROUTES.find('GET', '/api/v3/exchangeInfo')?.route.weight(params) // 20
 */
export const ROUTES = new Routes<Route>({
  'GET /api/v3/ping': { signed: false, weight: fixed(1), handle: () => ({}) },
  'GET /api/v3/time': { signed: false, weight: fixed(1), handle: (ctx) => ({ serverTime: ctx.clock.now() }) },
  'GET /api/v3/exchangeInfo': { signed: false, weight: fixed(20), handle: exchangeInfo },
  'GET /api/v3/depth': {
    signed: false,
    weight: (p) => depthWeight(Math.min(5000, Number(p.get('limit') ?? 100) || 100)),
    handle: depth,
  },
  'GET /api/v3/trades': { signed: false, weight: fixed(25), handle: trades },
  'GET /api/v3/aggTrades': { signed: false, weight: fixed(4), handle: aggTrades },
  'GET /api/v3/klines': { signed: false, weight: fixed(2), handle: klines },
  'GET /api/v3/avgPrice': { signed: false, weight: fixed(2), handle: avgPrice },
  'GET /api/v3/ticker/24hr': { signed: false, weight: bySymbols(2, 80), handle: ticker24hr },
  'GET /api/v3/ticker/price': { signed: false, weight: bySymbols(2, 4), handle: tickerPrice },
  'GET /api/v3/ticker/bookTicker': { signed: false, weight: bySymbols(2, 4), handle: bookTicker },
  'POST /api/v3/order': { signed: true, weight: fixed(1), handle: placeOrder },
  'GET /api/v3/order': { signed: true, weight: fixed(4), handle: queryOrder },
  'DELETE /api/v3/order': { signed: true, weight: fixed(1), handle: cancelOrder },
  'DELETE /api/v3/openOrders': { signed: true, weight: fixed(1), handle: cancelOpenOrders },
  'GET /api/v3/openOrders': {
    signed: true,
    weight: (p) => (p.get('symbol') === undefined ? 80 : 6),
    handle: openOrders,
  },
  'GET /api/v3/allOrders': { signed: true, weight: fixed(20), handle: allOrders },
  'GET /api/v3/myTrades': { signed: true, weight: fixed(20), handle: myTrades },
  'GET /api/v3/account': { signed: true, weight: fixed(20), handle: account },
  'GET /api/v3/rateLimit/order': { signed: true, weight: fixed(40), handle: (ctx) => rateLimitOrder(ctx) },
})

/**
 * The REST side of one simulator, behind the shell's intake.
 *
 * @example
 * const rest = binanceRest(ctx)
 * rest.answer(request, res) // a request that passed the injected faults
 */
export function binanceRest(ctx: BinanceContext): RestApi<Route> {
  const weightHeader = (headers: Record<string, string>, used: number) => {
    headers['X-MBX-USED-WEIGHT-1M'] = String(used)
  }
  return new RestApi<Route>(
    {
      venue: 'binance',
      routes: ROUTES,
      contentType: 'application/json;charset=UTF-8',
      notFound: ({ method, path, ip }, headers) => {
        weightHeader(headers, ctx.limits.usedWeight(ip, ctx.clock.steady()))
        return { status: 404, body: { code: -1000, msg: `Unknown endpoint ${method} ${path}.` }, code: -1000 }
      },
      guard: (route, { req, rawQuery, body, ip }, headers) => {
        const now = ctx.clock.now()
        const params = formParams(rawQuery, body)
        const charge = ctx.limits.charge(ip, route.weight(params), ctx.clock.steady())
        weightHeader(headers, charge.usedWeight)
        if (charge.error !== undefined) {
          headers['Retry-After'] = String(charge.retryAfterSec)
          return charge.error
        }
        if (route.signed) {
          const key = header(req.headers, 'x-mbx-apikey')
          const denied = verifySigned(key, params, restPayload(rawQuery, body), now, ctx.options)
          if (denied !== undefined) return denied
        }
        return route.handle === placeOrder ? ctx.limits.checkOrder(now) : undefined
      },
      params: ({ rawQuery, body }) => formParams(rawQuery, body),
      // `params` below reads a form: every value is text.
      handle: (route, params) => route.handle(ctx, params as Params),
      answer: (result, error) => {
        if (error === undefined) return { status: 200, body: result }
        const { status, body } = errorBody(error)
        return { status, body, code: body.code }
      },
      placement: (route, headers) => {
        if (route.handle !== placeOrder) return undefined
        const counts = ctx.limits.countOrder(ctx.clock.now())
        headers['X-MBX-ORDER-COUNT-10S'] = String(counts.tenSeconds)
        headers['X-MBX-ORDER-COUNT-1D'] = String(counts.day)
        return (body) => ({ ...(body as object), orderId: undefined })
      },
      report: ({ method, path }, status, code) =>
        ctx.emit({ type: 'request', method, path, status, code: code as number | undefined }),
    },
    ctx.faults,
  )
}
