/**
 * Bybit's REST API over node:http: injected faults first, then the IP limit, routing, signature
 * check, per-endpoint rate limit with Bybit's headers, the handler, and Bybit's envelope.
 * https://bybit-exchange.github.io/docs/v5/rate-limit
 */
import type { ServerResponse } from 'node:http'
import { toVenueError, type VenueError } from '../../core/errors.js'
import type { SimHttpRequest } from '../kit/http-intake.js'
import { sendPlacement } from '../kit/faults.js'
import { RateWindow } from '../kit/rate-window.js'
import { Routes } from '../kit/routes.js'
import { verifyRequest } from './auth.js'
import type { BybitContext } from './context.js'
import { instrumentsInfo, klines, orderbook, recentTrades, serverTime, tickers } from './market-data.js'
import type { BybitRateLimits } from './options.js'
import { bodyParams, queryParams, type Params } from './params.js'
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

/**
 * Every endpoint the simulator serves.
 *
 * @example
 * ROUTES.find('POST', '/v5/order/create')?.route.limit // 'create'
 */
export const ROUTES = new Routes<Route>({
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

const IP_WINDOW_MS = 5000

/**
 * The REST side of one simulator, behind the shell's intake.
 *
 * @example
 * const rest = new BybitHttp(ctx)
 * rest.answer(request, res) // a request that passed the injected faults
 */
export class BybitHttp {
  private readonly ipWindows = new Map<string, RateWindow>()
  private readonly endpointWindows = new Map<string, RateWindow>()

  constructor(private readonly ctx: BybitContext) {}

  /** Answers one request. */
  answer(request: SimHttpRequest, res: ServerResponse): void {
    const { req, method, path, rawQuery, body, ip } = request
    const done = (status: number, retCode: number | undefined) =>
      this.ctx.emit({ type: 'request', method, path, status, retCode })

    const now = this.ctx.clock.now()
    let ipWindow = this.ipWindows.get(ip)
    if (ipWindow === undefined) {
      ipWindow = new RateWindow(this.ctx.options.rateLimits.ipPer5s, IP_WINDOW_MS)
      this.ipWindows.set(ip, ipWindow)
    }
    if (!ipWindow.take(now).allowed) {
      res.writeHead(403, { 'Content-Type': 'text/plain' })
      res.end('403 Forbidden: access too frequent')
      return done(403, undefined)
    }
    const route = ROUTES.find(method, path)?.route
    if (route === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' })
      res.end('404 page not found')
      return done(404, undefined)
    }

    const headers: Record<string, string> = { 'Content-Type': 'application/json' }
    const reply = (result: unknown, error?: VenueError) => {
      const answer = envelope(result, this.ctx.clock.now(), error)
      if (path === '/v5/order/create' && answer.retCode === 0) {
        const withoutId = { ...answer, result: { ...(answer.result as object), orderId: undefined } }
        return done(sendPlacement(this.ctx.faults, req, res, headers, answer, withoutId), answer.retCode)
      }
      res.writeHead(200, headers)
      res.end(JSON.stringify(answer))
      done(200, answer.retCode)
    }

    if (route.limit !== undefined) {
      const denied = verifyRequest(req.headers, method === 'GET' ? rawQuery : body, now, this.ctx.options)
      if (denied !== undefined) return reply({}, denied)
      let window = this.endpointWindows.get(path)
      if (window === undefined) {
        window = new RateWindow(this.ctx.options.rateLimits[route.limit], 1000)
        this.endpointWindows.set(path, window)
      }
      const passed = window.take(now)
      headers['X-Bapi-Limit'] = String(passed.limit)
      headers['X-Bapi-Limit-Status'] = String(passed.remaining)
      headers['X-Bapi-Limit-Reset-Timestamp'] = String(passed.resetAt)
      if (!passed.allowed) return reply({}, reject('rateLimit'))
    }
    try {
      const params = method === 'GET' ? queryParams(new URLSearchParams(rawQuery)) : bodyParams(body)
      reply(route.handle(this.ctx, params))
    } catch (e) {
      reply({}, toVenueError(e, { kind: 'temporary', venue: 'bybit' }))
    }
  }
}
