/**
 * FalconX trading: the kit's trading surface made of FalconX's parts (orders that execute at once,
 * their status, executed quotes, balances), with the RFQ executions' fills and orders on its streams.
 */
import { map, of, throwError, type Observable } from 'rxjs'
import { Decimal } from '../../core/decimal.js'
import type { Fill, Instrument, Order, OrderRef, OrderRequest } from '../../core/model.js'
import { unsupported } from '../contract/capability-check.js'
import type { FillHistoryQuery, PlaceOrderOptions, VenueTrading } from '../contract/trading.js'
import { balanceOf } from '../kit/balance.js'
import { jsonWithDecimals } from '../kit/json-decimals.js'
import { oneOfProblem, wholeNumberProblem } from '../kit/value-input.js'
import { timestampedMs } from '../kit/timestamps.js'
import { checkOrder } from '../kit/trading/checked-order.js'
import { fillHistoryWithin } from '../kit/trading/fill-window.js'
import { requestRefusal } from '../kit/trading/request-refusal.js'
import { calledPushes } from '../kit/trading/called-pushes.js'
import { createDriverAccount } from '../kit/trading/driver-account.js'
import type { ReconcileOptions } from '../kit/trading/place-without-duplicates.js'
import type { RfqSurface } from '../kit/rfq/surface.js'
import { createTradingSurface, type IdentifiedOrderRequest } from '../kit/trading/surface.js'
import { unknownAsUndefined } from '../kit/trading/unknown-order.js'
import { FxBalances, FxQuote, FxQuotes } from './codecs.js'
import type { FalconxContext } from './context.js'
import { logWarnings, symbolOf, toFill, toOrder } from './mappers.js'
import { FALCONX_TRADING_CAPABILITIES } from './spec.js'

/**
 * An order request of FalconX: a fill-or-kill limit order may give `slippageBps`, the slippage it
 * accepts past its limit price (FalconX's `slippage_bps`), a whole number from 0 to 10 000. A limit
 * order's `timeInForce` is `FOK` when left out (FalconX has no other), and refused when it is another.
 *
 * @example
 * const order: FalconxOrderRequest = { symbol: 'BTC/USD', side: 'buy', type: 'limit', timeInForce: 'FOK', price: d('60000'), quantity: d('1'), slippageBps: 2 }
 */
export interface FalconxOrderRequest extends OrderRequest {
  readonly slippageBps?: number | undefined
}

/**
 * FalconX's trading surface: the {@link VenueTrading} contract, `placeOrder` taking `slippageBps`,
 * and `fillHistory` from the executed quotes.
 *
 * @example
 * falconx.trading?.placeOrder({ symbol: 'BTC/USD', side: 'buy', type: 'market', quantity: d('0.1') })
 */
export interface FalconxTrading extends VenueTrading {
  placeOrder(request: FalconxOrderRequest, options?: PlaceOrderOptions): Observable<Order>
  fillHistory(query: FillHistoryQuery): Observable<readonly Fill[]>
}

/** The most slippage an order may accept: 10 000 basis points, all of the price. */
const MAX_SLIPPAGE_BPS = 10_000

/**
 * Refuses (`invalid-request`, nothing sent) what FalconX's orders cannot be: a limit order with a time
 * in force other than fill-or-kill (left out, it is `FOK`: FalconX fills a limit order at once or not
 * at all), and a `slippageBps` that is not a whole number of basis points from 0 to 10 000, or is
 * given on a market order (FalconX takes it on fill-or-kill limit orders only).
 *
 * @throws VenueError `invalid-request` naming the field.
 * @example
 * checkFalconxOrder({ symbol: 'BTC/USD', side: 'buy', type: 'limit', timeInForce: 'GTC', price, quantity }) // throws
 */
export function checkFalconxOrder(request: FalconxOrderRequest): void {
  const refuse = requestRefusal('falconx', 'order')
  const given: unknown = request
  if (typeof given !== 'object' || given === null) return // the kit's checks name it
  const { type, timeInForce, slippageBps } = request as {
    type?: unknown
    timeInForce?: unknown
    slippageBps?: unknown
  }
  const fok = type === 'limit' ? oneOfProblem('timeInForce', timeInForce, ['FOK'], true) : undefined
  if (fok !== undefined) refuse(`${fok}: FalconX limit orders are fill-or-kill (left out, it is FOK)`)
  if (slippageBps === undefined) return
  const bps = wholeNumberProblem('slippageBps', slippageBps, 0, MAX_SLIPPAGE_BPS, 'basis points')
  if (bps !== undefined) refuse(bps)
  if (type !== 'limit')
    refuse(`slippageBps applies to fill-or-kill limit orders only, not to a ${String(type)} order`)
}

/**
 * How far back an order is looked up by its client order id when the ref does not say when it was
 * sent: FalconX finds executed quotes by time only, and a lookup may come long after the receive
 * window (an order manager settling a placement the driver's own search gave up on). A ref with
 * `createdAt` (one journaled before a restart, days ago) is looked up from then.
 */
const LOOKUP_SPAN_MS = 86_400_000

/** FalconX's times are ISO 8601 with an offset, as its own client writes them. */
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00')

/**
 * The kit's trading surface made of FalconX's parts, for a context with credentials. An order whose
 * placement answer is lost is looked up among the executed quotes by its client order id.
 *
 * @throws RangeError when the context has no key.
 * @example
 * const trading = createFalconxTrading(ctx, rfqSurface(wire))
 * trading.fills$().subscribe((f) => console.log(f.tradeId, f.price.toString()))
 */
export function createFalconxTrading(
  ctx: FalconxContext,
  rfq: Pick<RfqSurface, 'orders$' | 'fills$'>,
  reconcile?: ReconcileOptions,
): FalconxTrading {
  const da = createDriverAccount(ctx, () => 1)
  const log = ctx.logger.child('trading')
  const streams = calledPushes(rfq)
  const now = () => ctx.clock.now()
  const platform = ctx.platform

  /** What a call learned of an order, on the streams: FalconX pushes nothing itself. */
  const publish = (quote: FxQuote): Order => streams.publish(toOrder(quote), toFill(quote))
  const report = (answer: FxQuote): Order => {
    logWarnings(log, answer, 'POST /v1/order')
    return publish(answer)
  }
  // an execution a lookup finds is news: an order whose placement answer was lost is known by it alone
  const found = (quote: FxQuote): Order => (toFill(quote) === undefined ? toOrder(quote) : publish(quote))

  const create = (request: IdentifiedOrderRequest, instrument: Instrument, sendBy: number | undefined) => {
    const order = checkOrder('falconx', request, instrument)
    const limit = order.type === 'limit'
    const body = jsonWithDecimals({
      token_pair: { base_token: instrument.base, quote_token: instrument.quote },
      quantity: { token: instrument.base, value: order.quantity?.toFixed() },
      side: order.side,
      order_type: order.type,
      time_in_force: limit ? 'fok' : null,
      limit_price: limit ? order.price : null,
      slippage_bps: limit ? ((request as FalconxOrderRequest).slippageBps ?? null) : null,
      client_order_id: order.clientOrderId,
    })
    return da.api
      .send({ method: 'POST', path: '/v1/order', body, codec: FxQuote, idempotent: false, cost: 1 }, sendBy)
      .pipe(map(report))
  }

  const executed = (fromMs: number, toMs: number) =>
    da.api.send({
      path: '/v1/quotes',
      query: { t_start: iso(fromMs), t_end: iso(toMs), platform },
      codec: FxQuotes,
    })

  const lookup = (ref: OrderRef): Observable<Order | undefined> => {
    if (ref.id !== undefined) {
      return da.api
        .send({ path: `/v1/quotes/${encodeURIComponent(ref.id)}`, codec: FxQuote })
        .pipe(map(found), unknownAsUndefined('falconx'))
    }
    const at = now()
    const from = Math.min(at - LOOKUP_SPAN_MS, (ref.createdAt?.getTime() ?? at) - 60_000)
    return executed(from, at + 60_000).pipe(
      map((list) => {
        const quote = list.find((q) => q.client_order_id === ref.clientOrderId && symbolOf(q) === ref.symbol)
        return quote === undefined ? undefined : found(quote)
      }),
    )
  }

  const surface = createTradingSurface(da.surfaceContext(reconcile), {
    venue: 'falconx',
    capabilities: FALCONX_TRADING_CAPABILITIES,
    requestFields: ['slippageBps'],
    create,
    lookup,
    cancel: () =>
      throwError(() =>
        unsupported('falconx', 'canceling: its orders execute at once, nothing rests to cancel'),
      ),
    openOrders: () => of([]),
    balances: () =>
      da.api.send({ path: '/v1/balances', query: { platform }, codec: FxBalances }).pipe(
        map((list) => {
          const at = timestampedMs(now())
          return list.map((b) => balanceOf('falconx', b.token, b.balance, new Decimal(0), at))
        }),
      ),
    pushes: streams.pushes,
    checkRequest: (given) => checkFalconxOrder(given as FalconxOrderRequest),
    isDuplicate: () => false,
  })
  return {
    ...surface,
    // with no end, a minute past the venue clock's now: a fill of a moment ago is in, whatever its error
    fillHistory: fillHistoryWithin(Infinity, now, (query) =>
      executed(query.from.getTime(), query.to.getTime()).pipe(
        map((list) => list.flatMap((q) => (symbolOf(q) === query.symbol ? (toFill(q) ?? []) : []))),
      ),
    ),
  }
}
