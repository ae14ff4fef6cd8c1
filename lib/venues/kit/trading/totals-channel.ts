/**
 * An account's order channel that carries each order's running totals, not fills (Coinbase's `user`,
 * Prime's `orders`): a socket routed by each frame's `channel`, one channel per subscribe message
 * (built when sent, so each carries a fresh signature), kept open by the `heartbeats` channel; its
 * orders, and the venue's own fills behind each rise of the totals.
 */
import * as t from 'io-ts'
import {
  catchError,
  concatMap,
  defaultIfEmpty,
  defer,
  EMPTY,
  ignoreElements,
  map,
  merge,
  mergeMap,
  of,
  take,
  type Observable,
} from 'rxjs'
import type { Decimal } from '../../../core/decimal.js'
import type { Fill, Order, OrderRef, Timestamped, UnifiedSymbol } from '../../../core/model.js'
import type { SymbolMap } from '../../../core/symbols.js'
import type { SubscriptionAck, SubscriptionOp } from '../../../transport/socket.js'
import { createAccountSocket, listedItems } from '../account-socket.js'
import { refusalKind } from '../refusal-kind.js'
import type { PushHost } from '../decoded-pushes.js'
import { routeBy } from '../route.js'
import type { SocketHost } from '../venue-socket.js'
import type { TradingParts } from './surface.js'
import { TotalsFills, VenueFills, type RunningTotals } from './totals-fills.js'

/**
 * A frame of the order channel: its orders by event, a snapshot (the open orders, replayed on every
 * (re)subscribe) or an update.
 *
 * @example
 * const frame: TotalsFrame<PrimeWsOrder> = { timestamp, events: [{ type: 'snapshot', orders: [] }] }
 */
export interface TotalsFrame<O> {
  readonly timestamp: Timestamped
  readonly events: readonly { readonly type: string; readonly orders: readonly O[] }[]
}

/**
 * What a driver lends the channel: a socket host that knows the listing.
 *
 * @example
 * const host: TotalsChannelHost = ctx
 */
export interface TotalsChannelHost extends SocketHost, PushHost {
  symbols(): Observable<SymbolMap>
}

/**
 * A venue's order channel as data and functions.
 *
 * @example
 * const channel: TotalsChannel<PrimeWsOrder> = { socket: 'private', url, channel: 'orders', codec: PrimeOrdersFrame, message, toOrder, totals, fillsOf }
 */
export interface TotalsChannel<O> {
  /** The driver's name of the socket, in its health and events. */
  readonly socket: string
  /** The socket's URL, read when it opens. */
  url(): string
  /** The order channel's name; `heartbeats` is subscribed with it. */
  readonly channel: string
  readonly codec: t.Decoder<unknown, TotalsFrame<O>>
  /** The subscribe or unsubscribe message of one channel, built when sent. */
  message(op: SubscriptionOp, channel: string): Record<string, unknown>
  toOrder(order: O, symbols: SymbolMap, at: Timestamped): Order | undefined
  totals(order: O): RunningTotals
  /**
   * Whether the order says its quantity (default: always). One that does not (an order that ended
   * with nothing left, which says only what filled) takes the quantity last seen of it, or, never seen,
   * the one `lookup` finds: a terminal push never shrinks an order.
   */
  sized?(order: O): boolean
  /** The order as the venue's REST API has it, with the quantity placed. */
  readonly lookup?: ((ref: OrderRef) => Observable<Order | undefined>) | undefined
  /**
   * An order's fills as the venue lists them: given, `fills$` emits these (with the venue's trade ids,
   * as fill history has them) instead of fills derived from the running totals ({@link VenueFills}).
   */
  readonly fillsOf?: ((orderId: string, symbol: UnifiedSymbol) => Observable<readonly Fill[]>) | undefined
  /** Done before the channel is asked for (what its subscribe message names). */
  prepare?(): Observable<unknown>
}

/**
 * The venue's answer to a subscription: a `subscriptions` frame confirms; an `error` frame
 * (`{"type":"error","message":"authentication failure"}`) names no channel, and is taken as `channel`'s
 * refusal (the one that needs the signature).
 *
 * @example
 * channelAck('user')({ type: 'error', message: 'authentication failure' }) // { ok: false, keys: ['user'], reason: 'authentication failure', kind: 'auth' }
 */
export function channelAck(channel: string): (frame: unknown) => SubscriptionAck | undefined {
  return (frame) => {
    if (typeof frame !== 'object' || frame === null) return undefined
    const f = frame as Record<string, unknown>
    if (f['type'] === 'error') {
      const reason = typeof f['message'] === 'string' ? f['message'] : ''
      return { ok: false, keys: [channel], reason, kind: refusalKind(reason) }
    }
    return f['channel'] === 'subscriptions' ? { ok: true } : undefined
  }
}

const route = routeBy('channel')
const HEARTBEATS = 'heartbeats'

/**
 * The pushes of the channel; the socket is made when one is first subscribed.
 * - `orders$`: every order of a frame, snapshot or update; one that ended saying no quantity takes the
 *   quantity last seen of it (pushed, or acknowledged to a command), else the one `lookup` finds;
 * - `acknowledged`: remembers the quantity of an order a command acknowledged;
 * - `fills$`: each rise of an order's filled quantity ({@link TotalsFills}), as the venue's own fills
 *   behind it when `fillsOf` is given;
 * - `balances$`: none (the channel carries none).
 * A refusal of the credentials fails the streams with `auth` (`channelAck`).
 *
 * @example
 * createTradingSurface(context, { …, pushes: totalsChannelPushes(ctx, channel) })
 */
export function totalsChannelPushes<O>(
  host: TotalsChannelHost,
  channel: TotalsChannel<O>,
): TradingParts['pushes'] {
  const socket = createAccountSocket(host, channel.socket, () => ({
    url: channel.url(),
    // every subscription is signed at venue time
    signed: true,
    route,
    heartbeat: { isHeartbeat: (f) => route(f) === HEARTBEATS },
    subscriptions: {
      message: (op, keys) => channel.message(op, keys[0] ?? channel.channel),
      maxKeysPerMessage: 1,
      matchAck: channelAck(channel.channel),
    },
  }))
  const listened = merge(
    socket.topic$(channel.channel, channel.codec),
    socket.topic$(HEARTBEATS, t.unknown).pipe(ignoreElements()),
  )
  const frames$ =
    channel.prepare === undefined
      ? listened
      : defer(() => channel.prepare?.() ?? EMPTY).pipe(
          take(1),
          concatMap(() => listened),
        )
  const symbols = () => host.symbols()
  const quantities = new OrderQuantities()
  const sized = (o: O) => channel.sized?.(o) ?? true
  const orders$ = listedItems(symbols, frames$, (frame, symbolMap) =>
    frame.events.flatMap((e) =>
      e.orders.map((o) => {
        const order = channel.toOrder(o, symbolMap, frame.timestamp)
        return order === undefined ? undefined : { order, sized: sized(o) }
      }),
    ),
  ).pipe(
    mergeMap(({ order, sized: known }) => {
      if (known) {
        quantities.remember(order)
        return of(order)
      }
      const remembered = quantities.of(order)
      if (remembered !== undefined || channel.lookup === undefined) return of(withQuantity(order, remembered))
      return channel.lookup({ symbol: order.symbol, id: order.id, clientOrderId: order.clientOrderId }).pipe(
        take(1),
        map((found) => withQuantity(order, found?.quantity)),
        catchError((e: unknown) => {
          host.logger.warn('an ended order names no quantity, and its lookup failed', {
            clientOrderId: order.clientOrderId,
            id: order.id,
            error: e,
          })
          return of(order)
        }),
        defaultIfEmpty(order),
      )
    }),
  )
  return {
    orders$,
    acknowledged: (order) => quantities.remember(order),
    fills$: defer(() => {
      const totals = new TotalsFills(host.venue)
      const rises = listedItems(symbols, frames$, (frame, map) =>
        frame.events.flatMap((e) =>
          e.orders.map((o) => totals.take(e.type === 'snapshot', channel.totals(o), map, frame.timestamp)),
        ),
      )
      const { fillsOf } = channel
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

/** Orders whose quantity is remembered; the oldest is forgotten first. */
const QUANTITIES = 10_000

/** The quantity last known of each order, by venue order id (and client order id), bounded. */
class OrderQuantities {
  private readonly known = new Map<string, Decimal>()

  remember(order: Order): void {
    // an order by quote value acknowledged before it filled says 0: that is no quantity to keep
    if (order.quantity.isZero()) return
    for (const key of keysOf(order)) {
      this.known.delete(key)
      this.known.set(key, order.quantity)
    }
    while (this.known.size > QUANTITIES) this.known.delete(this.known.keys().next().value ?? '')
  }

  of(order: Order): Decimal | undefined {
    for (const key of keysOf(order)) {
      const q = this.known.get(key)
      if (q !== undefined) return q
    }
    return undefined
  }
}

function keysOf(order: Order): string[] {
  return [...(order.id === undefined ? [] : [`id:${order.id}`]), `client:${order.clientOrderId}`]
}

/** The order with `quantity` where that is more than what it says (never less than what filled). */
function withQuantity(order: Order, quantity: Decimal | undefined): Order {
  return quantity !== undefined && quantity.gt(order.quantity) ? { ...order, quantity } : order
}
