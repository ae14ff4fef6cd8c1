/**
 * The portfolio's `orders` channel on the kit's account socket: order updates, and fills derived from
 * each order's running totals (the channel carries no fills). https://docs.cdp.coinbase.com/prime/websocket-feed/channels
 */
import * as t from 'io-ts'
import { concatMap, defer, EMPTY, first, ignoreElements, merge, type Observable } from 'rxjs'
import { Decimal } from '../../core/decimal.js'
import type { Fill, Timestamped } from '../../core/model.js'
import type { SymbolMap } from '../../core/symbols.js'
import { createAccountSocket, listedItems } from '../kit/account-socket.js'
import { routeBy } from '../kit/route.js'
import type { TradingParts } from '../kit/trading/surface.js'
import { PrimeOrdersFrame, type PrimeWsOrder } from './codecs.js'
import type { PrimeContext } from './context.js'
import { toPushedOrder } from './mappers.js'
import { primeSubscription } from './sign.js'

const route = routeBy('channel')

/**
 * The pushes of a portfolio: `orders` subscribed with the portfolio id and every listed product, and
 * `heartbeats`, each subscription signed when sent.
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
      const fills = new PushedFills()
      return listedItems(symbols, frames$, (frame, map) =>
        frame.events.flatMap((e) => e.orders.map((o) => fills.take(e.type, o, map, frame.timestamp))),
      )
    }),
    balances$: EMPTY,
    resubscribed$: socket.resubscribed$,
  }
}

interface Totals {
  readonly qty: Decimal
  readonly value: Decimal
  readonly fees: Decimal
}

const MEMORY = 10_000

/**
 * Fills out of the `orders` channel's running totals: the rise of an order's `cum_qty` between two of
 * its frames, priced at the average of what filled meanwhile (from `avg_px`, rounded half-even to the
 * price step), its fee the rise of `fees` (quote currency). An order first seen in a snapshot brought
 * no news.
 *
 * @example
 * const fills = new PushedFills()
 * fills.take('update', order, symbols, frame.timestamp)?.quantity
 */
export class PushedFills {
  private readonly seen = new Map<string, Totals>()

  /** The fill since the order was last seen, if any; remembers its totals. */
  take(type: string, o: PrimeWsOrder, symbols: SymbolMap, at: Timestamped): Fill | undefined {
    const qty = o.cum_qty
    const now: Totals = { qty, value: (o.avg_px ?? new Decimal(0)).mul(qty), fees: o.fees ?? new Decimal(0) }
    const before = this.seen.get(o.order_id)
    if (before !== undefined && !qty.gt(before.qty)) return undefined
    this.seen.delete(o.order_id)
    this.seen.set(o.order_id, now)
    if (this.seen.size > MEMORY) this.seen.delete(this.seen.keys().next().value ?? '')
    if (before === undefined && type === 'snapshot') return undefined
    const instrument = symbols.getByVenueSymbol(o.product_id)
    const from = before ?? { qty: new Decimal(0), value: new Decimal(0), fees: new Decimal(0) }
    const step = qty.minus(from.qty)
    if (instrument === undefined || !step.gt(0)) return undefined
    return {
      venue: 'prime',
      symbol: instrument.symbol,
      tradeId: `${o.order_id}:${qty.toFixed()}`,
      orderId: o.order_id,
      clientOrderId: o.client_order_id || undefined,
      side: o.side.toUpperCase() === 'BUY' ? 'buy' : 'sell',
      price: now.value
        .minus(from.value)
        .div(step)
        .toDecimalPlaces(instrument.tickSize.decimalPlaces(), Decimal.ROUND_HALF_EVEN),
      quantity: step,
      fee: now.fees.minus(from.fees),
      feeAsset: instrument.quote,
      ...at,
    }
  }
}
