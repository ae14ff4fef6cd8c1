/**
 * Binance's REST API: injected faults first, then the IP's request weight (429, 418), routing,
 * request security, the order limits, the handler, and Binance's JSON or `{code, msg}` body, every
 * answer with `X-MBX-USED-WEIGHT-1M`.
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api/general-api-information
 */
import { header } from '../kit/auth.js'
import { formParams } from '../kit/params.js'
import { RestApi } from '../kit/rest-api.js'
import { Routes } from '../kit/routes.js'
import { restPayload, verifySigned } from './auth.js'
import type { BinanceContext } from './context.js'
import * as data from './market-data.js'
import * as trading from './trading.js'
import { errorBody, type Params } from './wire.js'

interface Route {
  /** TRADE and USER_DATA endpoints need a key and a signature. */
  readonly signed: boolean
  readonly weight: (params: Params) => number
  readonly handle: (ctx: BinanceContext, params: Params) => unknown
}

const route = (weight: number | Route['weight'], handle: Route['handle'], signed = false): Route => ({
  signed,
  weight: typeof weight === 'number' ? () => weight : weight,
  handle,
})
const signed = (weight: number | Route['weight'], handle: Route['handle']) => route(weight, handle, true)
const bySymbols = (one: number, none: number) => (p: Params) => {
  if (p.get('symbol') !== undefined) return one
  const many = p.get('symbols')
  if (many === undefined) return none
  const count = many.split(',').length
  return count <= 20 ? one : count <= 100 ? 40 : 80
}

const depthWeight = (p: Params) => {
  const limit = Math.min(5000, Number(p.get('limit') ?? 100) || 100)
  return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250
}

const ROUTES = new Routes<Route>({
  'GET /api/v3/ping': route(1, () => ({})),
  'GET /api/v3/time': route(1, (ctx) => ({ serverTime: ctx.clock.now() })),
  'GET /api/v3/exchangeInfo': route(20, data.exchangeInfo),
  'GET /api/v3/depth': route(depthWeight, data.depth),
  'GET /api/v3/trades': route(25, data.trades),
  'GET /api/v3/aggTrades': route(4, data.aggTrades),
  'GET /api/v3/klines': route(2, data.klines),
  'GET /api/v3/avgPrice': route(2, data.avgPrice),
  'GET /api/v3/ticker/24hr': route(bySymbols(2, 80), data.ticker24hr),
  'GET /api/v3/ticker/price': route(bySymbols(2, 4), data.tickerPrice),
  'GET /api/v3/ticker/bookTicker': route(bySymbols(2, 4), data.bookTicker),
  'POST /api/v3/order': signed(1, trading.placeOrder),
  'GET /api/v3/order': signed(4, trading.queryOrder),
  'DELETE /api/v3/order': signed(1, trading.cancelOrder),
  'DELETE /api/v3/openOrders': signed(1, trading.cancelOpenOrders),
  'GET /api/v3/openOrders': signed((p) => (p.get('symbol') === undefined ? 80 : 6), trading.openOrders),
  'GET /api/v3/allOrders': signed(20, trading.allOrders),
  'GET /api/v3/myTrades': signed(20, trading.myTrades),
  'GET /api/v3/account': signed(20, trading.account),
  'GET /api/v3/rateLimit/order': signed(40, (ctx) => ctx.limits.orderLimits(ctx.clock.now())),
})

export function binanceRest(ctx: BinanceContext): RestApi<Route> {
  return new RestApi<Route>(
    {
      venue: 'binance',
      routes: ROUTES,
      contentType: 'application/json;charset=UTF-8',
      notFound: ({ method, path, ip }, headers) => {
        headers['X-MBX-USED-WEIGHT-1M'] = String(ctx.limits.usedWeight(ip, ctx.clock.steady()))
        return { status: 404, body: { code: -1000, msg: `Unknown endpoint ${method} ${path}.` }, code: -1000 }
      },
      guard: (route, { req, rawQuery, body, ip }, headers) => {
        const now = ctx.clock.now()
        const params = formParams(rawQuery, body)
        const charge = ctx.limits.charge(ip, route.weight(params), ctx.clock.steady())
        headers['X-MBX-USED-WEIGHT-1M'] = String(charge.usedWeight)
        if (charge.error !== undefined) {
          headers['Retry-After'] = String((charge.error.retryAfterMs ?? 0) / 1000)
          return charge.error
        }
        if (route.signed) {
          const key = header(req.headers, 'x-mbx-apikey')
          const denied = verifySigned(key, params, restPayload(rawQuery, body), now, ctx.options)
          if (denied !== undefined) return denied
        }
        return route.handle === trading.placeOrder ? ctx.limits.checkOrder(now) : undefined
      },
      params: ({ rawQuery, body }) => formParams(rawQuery, body),
      // `params` above reads a form: every value is text.
      handle: (route, params) => route.handle(ctx, params as Params),
      answer: (result, error) => {
        if (error === undefined) return { status: 200, body: result }
        const { status, body } = errorBody(error)
        return { status, body, code: body.code }
      },
      placement: (route, headers) => {
        if (route.handle !== trading.placeOrder) return undefined
        const [tenSeconds, day] = ctx.limits.countOrder(ctx.clock.now())
        headers['X-MBX-ORDER-COUNT-10S'] = String(tenSeconds)
        headers['X-MBX-ORDER-COUNT-1D'] = String(day)
        return (body) => ({ ...(body as object), orderId: undefined })
      },
      report: ({ method, path }, status, code) =>
        ctx.emit({ type: 'request', method, path, status, code: code as number | undefined }),
    },
    ctx.faults,
  )
}
