/**
 * Coinbase's public REST API: the per-IP limit (HTTP 429), routing, the handlers and Coinbase's error
 * body. https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/rest-api-rate-limits
 */
import { RateWindow } from '../kit/rate-window.js'
import { RestApi } from '../kit/rest-api.js'
import { Routes } from '../kit/routes.js'
import { queryParams, type Params } from '../kit/params.js'
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
import { coinbaseError, errorAnswer } from './wire.js'

type Handler = (ctx: CoinbaseContext, params: Params, path: PathParams) => unknown

const API = '/api/v3/brokerage'

/** Every endpoint the simulator serves. */
const ROUTES = new Routes<Handler>({
  [`GET ${API}/time`]: (ctx) => serverTime(ctx),
  [`GET ${API}/market/products`]: listProducts,
  [`GET ${API}/market/products/{product_id}`]: getProduct,
  [`GET ${API}/market/product_book`]: productBook,
  [`GET ${API}/market/products/{product_id}/ticker`]: marketTrades,
  [`GET ${API}/market/products/{product_id}/candles`]: candles,
})

/**
 * The REST side of one simulator.
 *
 * @example
 * const rest = coinbaseRest(ctx)
 * rest.answer(request, res) // a request that passed the injected faults
 */
export function coinbaseRest(ctx: CoinbaseContext): RestApi<Handler> {
  const windows = new Map<string, RateWindow>()
  const error = (e: ReturnType<typeof coinbaseError>) => {
    const { status, body } = errorAnswer(e)
    return { status, body, code: e.code }
  }
  return new RestApi<Handler>(
    {
      venue: 'coinbase',
      routes: ROUTES,
      contentType: 'application/json',
      admit: ({ ip }) => {
        let window = windows.get(ip)
        if (window === undefined)
          windows.set(ip, (window = new RateWindow(ctx.options.rateLimits.publicPerSecond, 1000)))
        return window.take(ctx.clock.now()).allowed ? undefined : error(coinbaseError('tooMany'))
      },
      notFound: () => error(coinbaseError('notFound', 'route not found')),
      guard: () => undefined,
      params: (request) => queryParams(request.rawQuery),
      handle: (route, params, path) => route(ctx, params, path),
      answer: (result, failure) => (failure === undefined ? { status: 200, body: result } : error(failure)),
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
