/**
 * The account's pushes on Coinbase's user WebSocket (`wss://advanced-trade-ws-user.coinbase.com`):
 * the `user` channel's orders, and the fills behind their running totals, on the kit's order channel.
 * Every subscribe message carries a fresh JWT; frames are routed by their `channel`.
 * https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-channels#user-channel
 */
import type { Observable } from 'rxjs'
import type { Fill, Order, OrderRef } from '../../core/model.js'
import type { SubscriptionOp } from '../../transport/socket.js'
import { signedWhenSent } from '../kit/signed-when-sent.js'
import { factsChannel, TIME_IN_FORCE_WORDS, type OrderFacts } from '../kit/trading/order-facts.js'
import type { TradingParts } from '../kit/trading/surface.js'
import { channelAck, totalsChannelPushes, type TotalsChannelHost } from '../kit/trading/totals-channel.js'
import { COINBASE_WORDS } from './order-mappers.js'
import { CoinbaseUserFrame, type CoinbaseUserOrder } from './private-codecs.js'
import type { CoinbaseSigner } from './sign.js'

/**
 * What the user socket needs of a driver (a `DriverContext` with the user endpoint as `privateWsUrl`
 * is one). JWTs it signs join `secrets`, so an echo of one is scrubbed.
 *
 * @example
 * const host: CoinbaseUserHost = ctx
 */
export interface CoinbaseUserHost extends TotalsChannelHost {
  readonly options: TotalsChannelHost['options'] & { readonly privateWsUrl: string | undefined }
  readonly secrets: Iterable<string> & { add(secret: string): void }
  readonly clock: { now(): number }
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
 * Coinbase's answer to a subscription, for the socket: an `error` frame is the `user` channel's
 * refusal (the only one of this socket that needs the JWT).
 *
 * @example
 * coinbaseUserAck({ type: 'error', message: 'authentication failure' }) // { ok: false, keys: ['user'], reason: 'authentication failure' }
 */
export const coinbaseUserAck = channelAck('user')

/**
 * The pushes of an account on the kit's order channel (`totalsChannelPushes`); the socket is made when
 * one is first subscribed. `productIds` narrows the `user` channel (Coinbase changes a user
 * connection's products only by reconnecting). The channel carries each order's running totals, no
 * fills, and no balances.
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
  const signed = signedWhenSent(host, 'jwt')
  return totalsChannelPushes(host, {
    socket: 'user',
    url: () => {
      const url = host.options.privateWsUrl
      if (!url) throw new RangeError('the coinbase user socket needs its URL (privateWsUrl)')
      return url
    },
    channel: 'user',
    codec: CoinbaseUserFrame,
    // a JWT made when each message is sent, kept among the secrets scrubbed from logs
    message: (op, channel) =>
      signed((now) =>
        coinbaseChannelMessage(
          op,
          channel,
          signer.wsJwt(now),
          channel === 'user' ? options.productIds : undefined,
        ),
      ),
    ...factsChannel(COINBASE_WORDS, userOrderFacts),
    fillsOf: options.fillsOf,
    lookup: options.lookup,
  })
}

/**
 * Options of {@link createCoinbasePushes}.
 *
 * @example
 * createCoinbasePushes(ctx, signer, { productIds: ['BTC-USD'], fillsOf: (id) => orders.fillsOfOrder(id) })
 */
export interface CoinbasePushOptions {
  /** Narrows the `user` channel (default: every product). */
  readonly productIds?: readonly string[] | undefined
  /**
   * An order's fills as the venue lists them: given, `fills$` emits these (with the venue's trade ids,
   * as fill history has them) instead of fills derived from the channel's running totals.
   */
  readonly fillsOf?: ((orderId: string) => Observable<readonly Fill[]>) | undefined
  /**
   * An order as the REST API has it: the `user` channel says no quantity of an order that ended with
   * nothing left (canceled, expired), so one not seen before is looked up for it.
   */
  readonly lookup?: ((ref: OrderRef) => Observable<Order | undefined>) | undefined
}

/**
 * One order of the `user` channel as the kit reads it (`factsChannel`): an order type this SDK does not
 * place is left out; `quantity` is what filled plus what is left; its running totals are
 * `cumulative_quantity`, `filled_value` or `avg_price`, and `total_fees` (the channel carries no fills).
 *
 * @example
 * factsOrder(COINBASE_WORDS, userOrderFacts(frame.events[0].orders[0]), symbols, frame.timestamp)?.status // 'filled'
 */
export function userOrderFacts(order: CoinbaseUserOrder): OrderFacts {
  const kind = order.order_type?.toUpperCase()
  return {
    productId: order.product_id,
    id: order.order_id,
    clientOrderId: order.client_order_id,
    side: order.order_side,
    type: kind === 'LIMIT' ? 'limit' : kind === 'MARKET' ? 'market' : undefined,
    timeInForce: order.post_only === 'true' ? 'PostOnly' : TIME_IN_FORCE_WORDS[order.time_in_force ?? ''],
    price: order.limit_price,
    leaves: order.leaves_quantity,
    filled: order.cumulative_quantity,
    average: order.avg_price,
    status: order.status,
    createdAt: order.creation_time.timestamp,
    reason: [order.reject_reason, order.cancel_reason].find((r) => r !== undefined && r !== ''),
    value: order.filled_value,
    fees: order.total_fees,
  }
}
