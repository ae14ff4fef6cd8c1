/**
 * FalconX's REST API in the simulator: routing, the signature check and the limits on every call
 * (FalconX answers nothing unsigned), the handlers, and FalconX's answers.
 */
import type { VenueError } from '../../core/errors.js'
import { Decimal } from '../../core/decimal.js'
import type { Side } from '../../core/model.js'
import type { SimHttpRequest } from '../kit/http-intake.js'
import { readJson } from '../kit/json.js'
import type { Params } from '../kit/params.js'
import { RateWindow } from '../kit/rate-window.js'
import { RestApi, type RestAnswer } from '../kit/rest-api.js'
import { Routes } from '../kit/routes.js'
import { verifyFalconxRequest } from './auth.js'
import type { FalconxContext } from './context.js'
import type { FalconxSideRequested, SimOrderTerms } from './desk.js'
import { orderView, quoteView } from './views.js'
import { failureBody, falconxError, falconxJson, plainJson } from './wire.js'

type PathParams = Readonly<Record<string, string>>

/** One endpoint: its handler, and whether its answer is an execution (lost by `loseNextResponse`). */
interface Route {
  handle(params: Params, path: PathParams): unknown
  readonly placement?: true | undefined
}

/** A request's query parameters and JSON body fields by name; `$body` is the body's text. */
function falconxParams(request: SimHttpRequest): Params {
  const query = new URLSearchParams(request.rawQuery)
  let body: Record<string, unknown> = {}
  if (request.body !== '') {
    const parsed = readJson(request.body)
    if (parsed === undefined) throw falconxError('invalid', 'the body is not JSON')
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw falconxError('invalid', 'the body is not a JSON object')
    }
    body = parsed as Record<string, unknown>
  }
  return { get: (name) => (name === '$body' ? request.body : (query.get(name) ?? body[name])) }
}

const text = (v: unknown, name: string): string => {
  if (typeof v !== 'string' || v === '') throw falconxError('invalid', `${name} is required`)
  return v
}

/** A JSON number field's digits as the client wrote them (a parsed double would round them). */
function rawNumber(body: string, name: string): Decimal | undefined {
  const m = new RegExp(`"${name}"\\s*:\\s*(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)`).exec(body)
  return m?.[1] === undefined ? undefined : new Decimal(m[1])
}

function quoteRequest(ctx: FalconxContext, params: Params) {
  const pair = params.get('token_pair') as { base_token?: unknown; quote_token?: unknown } | undefined
  const quantity = params.get('quantity') as { token?: unknown; value?: unknown } | undefined
  const base = text(pair?.base_token, 'token_pair.base_token')
  const quote = text(pair?.quote_token, 'token_pair.quote_token')
  const market = ctx.options.byVenueSymbol.get(`${base}-${quote}`)
  if (market === undefined) throw falconxError('pair', `token pair ${base}/${quote} is not tradable`)
  if (quantity?.token !== base) throw falconxError('invalid', 'quantity.token must be the base token')
  // v1 sends the value as a string (falconx-python `get_quote`)
  const value = text(quantity.value, 'quantity.value')
  if (!/^\d+(\.\d+)?$/.test(value) || new Decimal(value).lte(0)) {
    throw falconxError('invalid', `quantity.value must be a positive decimal string, got ${value}`)
  }
  const id = params.get('client_order_id')
  return {
    market,
    quantity: new Decimal(value),
    clientOrderId: typeof id === 'string' ? id : null,
  }
}

function sideOf(v: unknown, sides: readonly string[]): string {
  if (typeof v !== 'string' || !sides.includes(v))
    throw falconxError('invalid', `side must be one of ${sides.join(', ')}`)
  return v
}

function isoMs(v: unknown, name: string): number {
  const ms = typeof v === 'string' ? Date.parse(v) : NaN
  if (!Number.isFinite(ms)) throw falconxError('invalid', `${name} must be an ISO 8601 time`)
  return ms
}

/**
 * The REST side of one FalconX simulator.
 *
 * @example
 * const rest = falconxRest(ctx)
 * rest.answer(request, res) // a request that passed the injected faults
 */
export function falconxRest(ctx: FalconxContext): RestApi<Route> {
  const { desk } = ctx
  const routes: Record<string, Route> = {
    'GET /v1/pairs': {
      handle: () =>
        [...ctx.options.markets.values()].map((m) => ({
          base_token: m.instrument.base,
          quote_token: m.instrument.quote,
        })),
    },
    'POST /v1/quotes': {
      handle: (params) =>
        quoteView(
          desk.quote({
            ...quoteRequest(ctx, params),
            side: sideOf(params.get('side'), ['buy', 'sell', 'two_way']) as FalconxSideRequested,
          }),
        ),
    },
    'POST /v1/quotes/execute': {
      placement: true,
      handle: (params) => {
        const quote = desk.execute(
          text(params.get('fx_quote_id'), 'fx_quote_id'),
          sideOf(params.get('side'), ['buy', 'sell']) as Side,
        )
        ctx.emit({ type: 'executed', quoteId: quote.id, side: quote.executed?.side ?? 'buy' })
        return quoteView(quote)
      },
    },
    'GET /v1/quotes/{id}': { handle: (_params, path) => quoteView(desk.get(path['id'] ?? '')) },
    'GET /v1/quotes': {
      handle: (params) =>
        desk
          .executed(isoMs(params.get('t_start'), 't_start'), isoMs(params.get('t_end'), 't_end'))
          .map(quoteView),
    },
    'GET /v1/balances': {
      handle: () =>
        ctx.exchange.balances().map((b) => ({ balance: b.total, token: b.asset, platform: 'api' })),
    },
    'POST /v1/order': {
      placement: true,
      handle: (params) => {
        const type = sideOf(params.get('order_type'), ['market', 'limit']) as SimOrderTerms['type']
        const body = String(params.get('$body'))
        const limitPrice = type === 'limit' ? rawNumber(body, 'limit_price') : undefined
        if (type === 'limit' && (limitPrice === undefined || params.get('time_in_force') !== 'fok')) {
          throw falconxError('invalid', 'a limit order needs limit_price and time_in_force "fok"')
        }
        const bps = params.get('slippage_bps')
        const quote = desk.order(
          { ...quoteRequest(ctx, params), side: sideOf(params.get('side'), ['buy', 'sell']) as Side },
          { type, limitPrice, slippageBps: typeof bps === 'number' ? bps : undefined },
        )
        if (quote.executed !== undefined)
          ctx.emit({ type: 'executed', quoteId: quote.id, side: quote.executed.side })
        return orderView(quote)
      },
    },
  }
  const perSecond = new RateWindow(ctx.options.rateLimits.perSecond, 1000)
  const perMinute = new RateWindow(ctx.options.rateLimits.perMinute, 60_000)
  const answer = (
    result: unknown,
    error: VenueError | undefined,
    headers: Record<string, string>,
  ): RestAnswer => {
    if (error === undefined) return { status: 200, text: falconxJson(result), body: plainJson(result) }
    if (error.kind === 'rate-limit') headers['Retry-After'] = '1'
    const status = error.status ?? (error.kind === 'temporary' ? 500 : 400)
    return { status, text: falconxJson(failureBody(error)), body: failureBody(error), code: error.code }
  }
  return new RestApi<Route>(
    {
      venue: 'falconx',
      routes: new Routes(routes),
      contentType: 'application/json',
      notFound: (_request, headers) => answer({}, falconxError('notFound', 'route not found'), headers),
      guard: (_route, request) => {
        const { req, method, path, rawQuery, body } = request
        const now = ctx.clock.now()
        const refused = verifyFalconxRequest(req.headers, method, path, rawQuery, body, now, ctx.key)
        if (refused !== undefined) return refused
        // the minute window is charged only by calls the second window let through
        const steady = ctx.clock.steady()
        if (!perSecond.take(steady).allowed || !perMinute.take(steady).allowed) {
          return falconxError('tooMany', 'rate limit exceeded')
        }
        return undefined
      },
      params: falconxParams,
      handle: (route, params, path) => ctx.run(() => route.handle(params, path)),
      answer,
      placement: (route) => (route.placement === true ? (body: unknown) => body : undefined),
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
