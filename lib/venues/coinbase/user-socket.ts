/**
 * The account's pushes on Coinbase's user WebSocket (`wss://advanced-trade-ws-user.coinbase.com`):
 * the `user` channel's orders, and fills derived from them, kept open by the `heartbeats` channel.
 * Every subscribe message carries a fresh JWT; frames are routed by their `channel`.
 * https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-channels#user-channel
 */
import * as t from 'io-ts'
import {
  catchError,
  defer,
  EMPTY,
  ignoreElements,
  map,
  merge,
  mergeMap,
  of,
  retry,
  throwError,
  timer,
  type Observable,
} from 'rxjs'
import { Decimal } from '../../core/decimal.js'
import { VenueError } from '../../core/errors.js'
import { fillKey, type Fill, type Order, type Timestamped } from '../../core/model.js'
import type { SymbolMap } from '../../core/symbols.js'
import type { SubscriptionAck, SubscriptionOp } from '../../transport/socket.js'
import { createAccountSocket, listedItems } from '../kit/account-socket.js'
import { routeBy } from '../kit/route.js'
import type { PushHost } from '../kit/decoded-pushes.js'
import type { TradingParts } from '../kit/trading/surface.js'
import type { SocketHost } from '../kit/venue-socket.js'
import { coinbaseOrderStatus } from './order-mappers.js'
import { CoinbaseUserFrame, type CoinbaseUserEvent, type CoinbaseUserOrder } from './private-codecs.js'
import type { CoinbaseSigner } from './sign.js'

/**
 * What the user socket needs of a driver (a `DriverContext` with the user endpoint as `privateWsUrl`
 * is one). JWTs it signs join `secrets`, so an echo of one is scrubbed.
 *
 * @example
 * const host: CoinbaseUserHost = ctx
 */
export interface CoinbaseUserHost extends SocketHost, PushHost {
  readonly options: SocketHost['options'] & { readonly privateWsUrl: string | undefined }
  readonly secrets: Iterable<string> & { add(secret: string): void }
  readonly clock: { now(): number }
  symbols(): Observable<SymbolMap>
}

/**
 * The subscribe or unsubscribe message of one channel: Coinbase takes one channel per message.
 * `product_ids` is left out when none are named.
 *
 * @example
 * coinbaseChannelMessage('subscribe', 'user', jwt, ['BTC-USD'])
 * // { type: 'subscribe', channel: 'user', product_ids: ['BTC-USD'], jwt }
 */
export function coinbaseChannelMessage(
  op: SubscriptionOp,
  channel: string,
  jwt: string,
  productIds?: readonly string[],
): Record<string, unknown> {
  return {
    type: op,
    channel,
    ...(productIds === undefined || productIds.length === 0 ? {} : { product_ids: productIds }),
    jwt,
  }
}

/**
 * Coinbase's answer to a subscription, for the socket: a `subscriptions` frame confirms; an `error`
 * frame (`{"type":"error","message":"authentication failure"}`) names no channel, and is taken as the
 * `user` channel's refusal (the only one of this socket that needs the JWT).
 *
 * @example
 * coinbaseUserAck({ type: 'error', message: 'authentication failure' }) // { ok: false, keys: ['user'], reason: 'authentication failure' }
 */
export function coinbaseUserAck(frame: unknown): SubscriptionAck | undefined {
  if (typeof frame !== 'object' || frame === null) return undefined
  const f = frame as Record<string, unknown>
  if (f['type'] === 'error') {
    return { ok: false, keys: ['user'], reason: typeof f['message'] === 'string' ? f['message'] : '' }
  }
  return f['channel'] === 'subscriptions' ? { ok: true } : undefined
}

const route = routeBy('channel')

/**
 * The pushes of an account; the socket is made when one is first subscribed. `productIds` narrows the
 * `user` channel (Coinbase changes a user connection's products only by reconnecting).
 * - `orders$`: every order of a frame, snapshot (the open orders, on every (re)subscribe) or update;
 * - `fills$`: the channel carries no fills, only each order's running totals, so a fill is the step
 *   between two sightings of an order (see {@link UserFills});
 * - `balances$`: none (the channel carries none).
 *
 * @example
 * const pushes = createCoinbasePushes(ctx, createCoinbaseSigner({ apiKey, secret }))
 * pushes.orders$.subscribe((o) => console.log(o.clientOrderId, o.status))
 */
export function createCoinbasePushes(
  host: CoinbaseUserHost,
  signer: Pick<CoinbaseSigner, 'wsJwt'>,
  options: CoinbasePushOptions = {},
): TradingParts['pushes'] {
  const socket = createAccountSocket(host, 'user', () => {
    const url = host.options.privateWsUrl
    if (!url) throw new RangeError('the coinbase user socket needs its URL (privateWsUrl)')
    return {
      url,
      route,
      heartbeat: { isHeartbeat: (f) => route(f) === 'heartbeats' },
      subscriptions: {
        // built when sent, so each (re)subscribe carries a JWT signed with venue time then
        message: (op, keys) => {
          const channel = keys[0] ?? 'user'
          const jwt = signer.wsJwt(host.clock.now())
          host.secrets.add(jwt)
          return coinbaseChannelMessage(op, channel, jwt, channel === 'user' ? options.productIds : undefined)
        },
        maxKeysPerMessage: 1,
        matchAck: coinbaseUserAck,
      },
    }
  })
  const frames$ = merge(
    socket.topic$('user', CoinbaseUserFrame),
    socket.topic$('heartbeats', t.unknown).pipe(ignoreElements()),
  ).pipe(
    catchError((e: unknown) =>
      throwError(() =>
        e instanceof VenueError && /authentication/i.test(e.message)
          ? new VenueError({ kind: 'auth', venue: 'coinbase', message: e.message, cause: e })
          : e,
      ),
    ),
  )
  const symbols = () => host.symbols()
  return {
    orders$: listedItems(symbols, frames$, (frame, map) =>
      frame.events.flatMap((e) => e.orders.map((o) => toUserOrder(o, map, frame.timestamp))),
    ),
    fills$: defer(() => {
      const totals = new UserFills()
      const rises = listedItems(symbols, frames$, (frame, map) =>
        frame.events.flatMap((e) => e.orders.map((o) => totals.take(e.type, o, map, frame.timestamp))),
      )
      const { fillsOf } = options
      if (fillsOf === undefined) return rises
      const venueFills = new VenueFills(host, fillsOf)
      return rises.pipe(
        mergeMap((rise) => venueFills.behind(rise, totals.filledOf(rise.orderId) ?? rise.quantity)),
      )
    }),
    balances$: EMPTY,
    resubscribed$: socket.resubscribed$,
  }
}

/**
 * Options of {@link createCoinbasePushes}.
 *
 * @example
 * createCoinbasePushes(ctx, signer, { productIds: ['BTC-USD'], fillsOf: orders.fillsOfOrder })
 */
export interface CoinbasePushOptions {
  /** Narrows the `user` channel (default: every product). */
  readonly productIds?: readonly string[] | undefined
  /**
   * An order's fills as the venue lists them: given, `fills$` emits these (with the venue's trade ids,
   * as fill history has them) instead of fills derived from the channel's running totals.
   */
  readonly fillsOf?: ((orderId: string) => Observable<readonly Fill[]>) | undefined
}

/** Fills asked for again while the venue's list trails the channel: about 21 s in all. */
const FILL_LOOKUPS = 8

/**
 * The venue's own fills behind each rise of an order's filled quantity on the `user` channel: the
 * order's fills are asked for until they add up to what the channel says filled, and each is emitted
 * once. So a fill on the stream and the same fill in the fill history carry one trade id, and a
 * reconciliation that reads the history never counts a fill twice. Should the list still trail after
 * the lookups, the fills it has are emitted with the rest as one fill derived from the totals (logged).
 *
 * @example
 * rises.pipe(mergeMap((rise) => venueFills.behind(rise, filledNow)))
 */
export class VenueFills {
  private readonly sent = new Set<string>()

  constructor(
    private readonly host: Pick<SocketHost, 'scheduler' | 'logger'>,
    private readonly fillsOf: (orderId: string) => Observable<readonly Fill[]>,
  ) {}

  behind(rise: Fill, filled: Decimal): Observable<Fill> {
    let last: readonly Fill[] = []
    return defer(() => this.fillsOf(rise.orderId)).pipe(
      map((list) => {
        last = list
        const listed = list.reduce((sum, f) => sum.plus(f.quantity), new Decimal(0))
        if (listed.lt(filled))
          throw new VenueError({ kind: 'temporary', venue: 'coinbase', message: 'fills trail' })
        return list
      }),
      retry({
        count: FILL_LOOKUPS,
        delay: (_e, n) => timer(Math.min(5_000, 100 * 2 ** n), this.host.scheduler),
      }),
      catchError((e: unknown) => {
        const listed = last.reduce((sum, f) => sum.plus(f.quantity), new Decimal(0))
        this.host.logger.warn(
          'the fills of an order trail its running totals; the rest is one derived fill',
          {
            orderId: rise.orderId,
            error: e,
          },
        )
        const rest = filled.minus(listed)
        return of(rest.gt(0) ? [...last, { ...rise, quantity: Decimal.min(rest, rise.quantity) }] : last)
      }),
      // the venue lists the newest first
      mergeMap((list) => [...list].reverse().filter((f) => this.take(f))),
      map((f) => ({ ...f, clientOrderId: f.clientOrderId ?? rise.clientOrderId })),
    )
  }

  /** True the first time a fill is seen. */
  private take(fill: Fill): boolean {
    const key = fillKey(fill)
    if (this.sent.has(key)) return false
    this.sent.add(key)
    if (this.sent.size > 100_000) this.sent.delete(this.sent.values().next().value ?? '')
    return true
  }
}

const TIME_IN_FORCE: Readonly<Record<string, Order['timeInForce']>> = {
  GOOD_UNTIL_CANCELLED: 'GTC',
  // the model has no GTD: an order good until a date rests like a GTC one
  GOOD_UNTIL_DATE_TIME: 'GTC',
  IMMEDIATE_OR_CANCEL: 'IOC',
  FILL_OR_KILL: 'FOK',
}

/**
 * One order of the `user` channel as an {@link Order}, or `undefined` for an unlisted product or an
 * order type this SDK does not place. `quantity` is what filled plus what is left.
 *
 * @example
 * toUserOrder(frame.events[0].orders[0], symbols, frame.timestamp)?.status // 'filled'
 */
export function toUserOrder(
  order: CoinbaseUserOrder,
  symbols: SymbolMap,
  at: Timestamped,
): Order | undefined {
  const instrument = symbols.getByVenueSymbol(order.product_id)
  const kind = order.order_type?.toUpperCase()
  const type = kind === 'LIMIT' ? 'limit' : kind === 'MARKET' ? 'market' : undefined
  if (instrument === undefined || type === undefined) return undefined
  const filled = order.cumulative_quantity
  const status = coinbaseOrderStatus(order.status, filled)
  const tif = TIME_IN_FORCE[order.time_in_force ?? ''] ?? (type === 'market' ? 'IOC' : 'GTC')
  const said = [order.reject_reason, order.cancel_reason].find((r) => r !== undefined && r !== '')
  const average = order.avg_price
  return {
    venue: 'coinbase',
    symbol: instrument.symbol,
    id: order.order_id,
    clientOrderId: order.client_order_id !== '' ? order.client_order_id : order.order_id,
    side: order.order_side === 'BUY' ? 'buy' : 'sell',
    type,
    timeInForce: type === 'limit' && order.post_only === 'true' ? 'PostOnly' : tif,
    price: type === 'limit' ? order.limit_price : undefined,
    quantity: filled.plus(order.leaves_quantity),
    filledQuantity: filled,
    averagePrice: average !== undefined && average.gt(0) && filled.gt(0) ? average : undefined,
    status,
    createdAt: order.creation_time.timestamp,
    ...at,
    reason: status === 'canceled' || status === 'rejected' || status === 'expired' ? said : undefined,
  }
}

/** What an order had executed when last seen. */
interface Totals {
  readonly qty: Decimal
  readonly value: Decimal
  readonly fees: Decimal
}

/**
 * The average price of what filled between two sightings: the value over the quantity, rounded
 * half-even to the decimal places of the product's price increment. Several executions at different
 * prices arriving as one average to a repeating decimal (0.002 at 50100 and 0.004 at 50200: 50133.33…);
 * rounded, the price reads as the venue's prices do, and price × quantity is the value to within half
 * an increment's worth. A fill at one price is exact either way.
 *
 * @example
 * averagePrice(d('300.8'), d('0.006'), d('0.01')).toFixed() // '50133.33'
 */
export function averagePrice(value: Decimal, quantity: Decimal, tickSize: Decimal): Decimal {
  return value.div(quantity).toDecimalPlaces(tickSize.decimalPlaces(), Decimal.ROUND_HALF_EVEN)
}

/** Orders whose totals are remembered; the oldest is forgotten first. */
const MEMORY = 10_000

/**
 * Fills derived from the `user` channel, which reports each order's running totals
 * (`cumulative_quantity`, `filled_value` or `avg_price`, `total_fees`) but no fills. A rise of the
 * filled quantity between two sightings of an order is one fill: its quantity is the rise, its price
 * the average of what filled meanwhile (the rise of the filled value over the rise of the quantity,
 * rounded to the price increment's places: {@link averagePrice}),
 * its fee the rise of the fees, in the quote currency. Its `tradeId` is `<order id>:<filled quantity>`,
 * so a frame seen twice gives the same fill (and the same rise is never counted twice). An order first
 * seen in a snapshot (the open orders replayed on subscribe) sets the baseline: what it filled before
 * is history, not a new fill; one first seen in an update filled all of it now. Several exchange fills
 * between two frames arrive as one; their trade ids and liquidity are not in the channel (the REST
 * fills have them).
 *
 * @example
 * const fills = new UserFills()
 * fills.take('update', order, symbols, frame.timestamp) // a Fill, or undefined when nothing filled
 */
export class UserFills {
  private readonly seen = new Map<string, Totals>()

  /** The fill since the order was last seen, if any; remembers the order's totals. */
  take(
    type: CoinbaseUserEvent['type'],
    order: CoinbaseUserOrder,
    symbols: SymbolMap,
    at: Timestamped,
  ): Fill | undefined {
    const qty = order.cumulative_quantity
    const value = order.filled_value ?? order.avg_price?.mul(qty) ?? qty.mul(0)
    const now: Totals = { qty, value, fees: order.total_fees }
    const before = this.seen.get(order.order_id)
    if (before !== undefined && !qty.gt(before.qty)) return undefined
    this.remember(order.order_id, now)
    if (before === undefined && type === 'snapshot') return undefined
    const instrument = symbols.getByVenueSymbol(order.product_id)
    const from = before ?? { qty: qty.mul(0), value: qty.mul(0), fees: qty.mul(0) }
    const step = qty.minus(from.qty)
    if (instrument === undefined || !step.gt(0)) return undefined
    return {
      venue: 'coinbase',
      symbol: instrument.symbol,
      tradeId: `${order.order_id}:${qty.toFixed()}`,
      orderId: order.order_id,
      clientOrderId: order.client_order_id !== '' ? order.client_order_id : undefined,
      side: order.order_side === 'BUY' ? 'buy' : 'sell',
      price: averagePrice(value.minus(from.value), step, instrument.tickSize),
      quantity: step,
      fee: now.fees.minus(from.fees),
      feeAsset: instrument.quote,
      ...at,
    }
  }

  /** The quantity filled when the order was last seen. */
  filledOf(orderId: string): Decimal | undefined {
    return this.seen.get(orderId)?.qty
  }

  private remember(orderId: string, totals: Totals): void {
    this.seen.delete(orderId)
    this.seen.set(orderId, totals)
    if (this.seen.size > MEMORY) this.seen.delete(this.seen.keys().next().value ?? '')
  }
}
