/**
 * Coinbase's REST API: routing, the public handlers behind the per-IP limit, the private ones behind
 * the JWT check and the per-user limit, and Coinbase's error body.
 * https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/rest-api-rate-limits
 */
import type { VenueError } from '../../core/errors.js'
import type { Params } from '../kit/params.js'
import { RateWindow, RateWindows, type WindowResult } from '../kit/rate-window.js'
import { RestApi } from '../kit/rest-api.js'
import { Routes } from '../kit/routes.js'
import type { CoinbaseTradingContext } from './account-orders.js'
import { verifyCoinbaseRequest } from './auth.js'
import type { CoinbaseContext } from './context.js'
import {
  candles,
  getProduct,
  listProducts,
  marketTrades,
  productBook,
  serverTime,
  type PathParams,
} from './market-data.js'
import { COINBASE_TRADING_ROUTES, withoutOrderId } from './private-routes.js'
import { coinbaseParams, coinbaseRestAnswer } from './private-wire.js'
import { coinbaseError } from './wire.js'

type Handler = (ctx: CoinbaseContext, params: Params, path: PathParams) => unknown

/** One endpoint: its handler, whether it needs the JWT, whether it places orders. */
interface Route {
  handle(params: Params, path: PathParams): unknown
  readonly signed: boolean
  readonly placement?: true | undefined
}

const API = '/api/v3/brokerage'

/** The public endpoints. */
const PUBLIC: Readonly<Record<string, Handler>> = {
  [`GET ${API}/time`]: (ctx) => serverTime(ctx),
  [`GET ${API}/market/products`]: listProducts,
  [`GET ${API}/market/products/{product_id}`]: getProduct,
  [`GET ${API}/market/product_book`]: productBook,
  [`GET ${API}/market/products/{product_id}/ticker`]: marketTrades,
  [`GET ${API}/market/products/{product_id}/candles`]: candles,
}

/** A query's parameters as the public handlers read them: the first value of a name. */
function firstValues(params: Params): Params {
  return {
    get: (name) => {
      const v = params.get(name)
      return Array.isArray(v) ? (v[0] as unknown) : v
    },
  }
}

/**
 * The REST side of one simulator: every public endpoint, and the account's endpoints over `trading`.
 * The request limits count the time that passes (`clock.steady()`: a skewed clock does not move them).
 *
 * @example
 * const rest = coinbaseRest(ctx, tradingCtx)
 * rest.answer(request, res) // a request that passed the injected faults
 */
export function coinbaseRest(ctx: CoinbaseContext, trading: CoinbaseTradingContext): RestApi<Route> {
  const limitNow = () => ctx.clock.steady()
  const routes: Record<string, Route> = {}
  for (const [key, handler] of Object.entries(PUBLIC)) {
    routes[key] = { signed: false, handle: (params, path) => handler(ctx, firstValues(params), path) }
  }
  for (const [key, route] of Object.entries(COINBASE_TRADING_ROUTES)) {
    routes[key] = {
      signed: true,
      placement: route.placement,
      handle: (params, path) => route.handle(trading, params, path),
    }
  }
  const ipWindows = new RateWindows(1000)
  const userWindow = new RateWindow(ctx.options.rateLimits.privatePerSecond, 1000)
  const limited = (passed: WindowResult): VenueError | undefined =>
    passed.allowed ? undefined : coinbaseError('tooMany')
  return new RestApi<Route>(
    {
      venue: 'coinbase',
      routes: new Routes(routes),
      contentType: 'application/json',
      notFound: () => coinbaseRestAnswer({}, coinbaseError('notFound', 'route not found')),
      guard: (route, request) => {
        if (!route.signed) {
          return limited(ipWindows.take(request.ip, ctx.options.rateLimits.publicPerSecond, limitNow()))
        }
        const { req, method, path } = request
        // one account: the per-user limit is the key's
        return (
          verifyCoinbaseRequest(req.headers, method, path, ctx.clock.now(), ctx.options.key) ??
          limited(userWindow.take(limitNow()))
        )
      },
      params: coinbaseParams,
      handle: (route, params, path) => route.handle(params, path),
      answer: (result, error) => coinbaseRestAnswer(result, error),
      placement: (route) => (route.placement === true ? withoutOrderId : undefined),
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
