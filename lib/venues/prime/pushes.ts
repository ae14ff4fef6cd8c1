/**
 * The portfolio's `orders` channel on the kit's account socket: order updates, and fills derived from
 * each order's running totals (the channel carries no fills). https://docs.cdp.coinbase.com/prime/websocket-feed/channels
 */
import * as t from 'io-ts'
import { concatMap, defer, EMPTY, first, ignoreElements, merge, type Observable } from 'rxjs'
import { createAccountSocket, listedItems } from '../kit/account-socket.js'
import { routeBy } from '../kit/route.js'
import type { TradingParts } from '../kit/trading/surface.js'
import { TotalsFills, type RunningTotals } from '../kit/trading/totals-fills.js'
import { PrimeOrdersFrame, type PrimeWsOrder } from './codecs.js'
import type { PrimeContext } from './context.js'
import { toPushedOrder } from './mappers.js'
import { primeSubscription } from './sign.js'

const route = routeBy('channel')

/**
 * The pushes of a portfolio: `orders` subscribed with the portfolio id and every listed product, and
 * `heartbeats`, each subscription signed when sent. The channel carries each order's running totals,
 * not fills: `fills$` derives one from each rise ({@link TotalsFills}).
 *
 * @example
 * createTradingSurface(context, { …, pushes: createPrimePushes(ctx) })
 */
export function createPrimePushes(ctx: PrimeContext): TradingParts['pushes'] {
  let portfolioId = ''
  let productIds: readonly string[] = []
  const socket = createAccountSocket(ctx, 'private', () => {
    const key = ctx.key
    if (key === undefined) throw new RangeError('the prime orders channel needs an API key')
    return {
      url: ctx.options.privateWsUrl ?? ctx.options.wsUrl,
      route,
      heartbeat: { isHeartbeat: (f) => route(f) === 'heartbeats' },
      subscriptions: {
        message: (op, keys) => {
          const channel = keys[0] ?? 'orders'
          const message =
            channel === 'orders'
              ? primeSubscription(key, op, 'orders', productIds, portfolioId, ctx.clock.now())
              : primeSubscription(key, op, channel, [], '', ctx.clock.now())
          ctx.secrets.add(message['signature'] as string)
          return message
        },
        maxKeysPerMessage: 1,
        matchAck: (frame) => {
          const f = frame as Record<string, unknown>
          if (f['type'] === 'error')
            return {
              ok: false,
              keys: ['orders'],
              reason: typeof f['message'] === 'string' ? f['message'] : '',
            }
          return f['channel'] === 'subscriptions' ? { ok: true } : undefined
        },
      },
    }
  })
  // the portfolio and its products are known before the channel is asked for
  const frames$: Observable<PrimeOrdersFrame> = defer(() =>
    ctx.portfolio().pipe(
      concatMap((id) => {
        portfolioId = id
        return ctx.symbols().pipe(first())
      }),
      concatMap((symbols) => {
        productIds = symbols.instruments().map((i) => i.venueSymbol)
        return merge(
          socket.topic$('orders', PrimeOrdersFrame),
          socket.topic$('heartbeats', t.unknown).pipe(ignoreElements()),
        )
      }),
    ),
  )
  const symbols = () => ctx.symbols()
  return {
    orders$: listedItems(symbols, frames$, (frame, map) =>
      frame.events.flatMap((e) => e.orders.map((o) => toPushedOrder(o, map, frame.timestamp))),
    ),
    fills$: defer(() => {
      const totals = new TotalsFills('prime')
      return listedItems(symbols, frames$, (frame, map) =>
        frame.events.flatMap((e) =>
          e.orders.map((o) => totals.take(e.type === 'snapshot', runningTotals(o), map, frame.timestamp)),
        ),
      )
    }),
    balances$: EMPTY,
    resubscribed$: socket.resubscribed$,
  }
}

/**
 * The running totals of one order of the `orders` channel (`cum_qty`, `avg_px`, `fees`).
 *
 * @example
 * totals.take(e.type === 'snapshot', runningTotals(order), symbols, frame.timestamp)
 */
export function runningTotals(o: PrimeWsOrder): RunningTotals {
  const zero = o.cum_qty.mul(0)
  return {
    orderId: o.order_id,
    clientOrderId: o.client_order_id,
    productId: o.product_id,
    side: o.side.toUpperCase() === 'BUY' ? 'buy' : 'sell',
    filled: o.cum_qty,
    value: (o.avg_px ?? zero).mul(o.cum_qty),
    fees: o.fees ?? zero,
  }
}
