/**
 * Prime trading: the kit's trading surface made of Prime's parts (signed requests under the
 * portfolio, order entry and queries, balances, the `orders` channel), plus Prime's own calls.
 * https://docs.cdp.coinbase.com/prime/websocket-feed/channels
 */
import { concatMap, first, map, type Observable } from 'rxjs'
import type { Fill, Order, UnifiedSymbol } from '../../core/model.js'
import type { PlaceOrderOptions, VenueTrading } from '../contract/index.js'
import type { RfqWire, VenueRfq } from '../contract/rfq.js'
import { driverRfqSurface, withRfqPushes } from '../kit/rfq/driver-rfq.js'
import type { RfqSurfaceOptions } from '../kit/rfq/surface.js'
import { createDriverAccount } from '../kit/trading/driver-account.js'
import type { AccountHistoryQuery } from '../kit/trading/order-queries.js'
import { refusedPushes } from '../kit/trading/refused-pushes.js'
import { scopedSend } from '../kit/trading/scoped-send.js'
import { factsChannel } from '../kit/trading/order-facts.js'
import type { SettleOptions } from '../kit/trading/settled-commands.js'
import { createTradingSurface, type TradingParts } from '../kit/trading/surface.js'
import { totalsChannelPushes } from '../kit/trading/totals-channel.js'
import { PrimeOrdersFrame } from './codecs.js'
import { needServiceAccount, type PrimeContext } from './context.js'
import { PRIME_WORDS, pushedFacts } from './mappers.js'
import type { PrimeOrderRequest } from './order-entry.js'
import { createPrimeOrders, type PrimeOrders } from './orders.js'
import { createPrimeRfqWire } from './rfq.js'
import { primeSubscriber } from './sign.js'
import { PRIME_TRADING_CAPABILITIES } from './spec.js'

/**
 * Which past fills to read: every product unless `symbol` says, from the epoch unless `from` says, at
 * most 200 unless `limit` says.
 *
 * @example
 * const lastDay: PrimeHistoryQuery = { symbol: 'BTC/USD', from: new Date(Date.now() - 86_400_000) }
 * prime.trading?.executions(lastDay).subscribe((fills) => console.log(fills.length))
 */
export type PrimeHistoryQuery = AccountHistoryQuery

/**
 * Prime's trading surface: the {@link VenueTrading} contract with `placeOrder` taking Prime's terms
 * (`prime`: TWAP, VWAP, STOP_LIMIT, start and expiry), plus preview, an order's fills, vault balances
 * and wallets.
 *
 * @example
 * prime.trading?.previewOrder({ symbol: 'BTC/USD', side: 'buy', type: 'market', quantity: d('1') }).subscribe(console.log)
 * prime.trading?.wallets('VAULT').subscribe((ws) => console.log(ws.length))
 */
export interface PrimeTrading
  extends
    VenueTrading,
    Pick<PrimeOrders, 'previewOrder' | 'orderFills' | 'executions' | 'vaultBalances' | 'wallets'> {
  placeOrder(request: PrimeOrderRequest, options?: PlaceOrderOptions): Observable<Order>
}

/**
 * The kit's trading surface made of Prime's parts, and RFQ on the same account, whose executions also
 * reach `orderUpdates$` and `fills$`.
 *
 * @throws RangeError when the context has no key.
 */
export function createPrimeTrading(
  ctx: PrimeContext,
  options: SettleOptions & { readonly backoff?: RfqSurfaceOptions['backoff'] } = {},
): { readonly trading: PrimeTrading; readonly rfq: VenueRfq; readonly rfqWire: RfqWire } {
  // every signed request spends one of the portfolio's window
  const da = createDriverAccount(ctx, () => REQUEST)
  const send = scopedSend(da.send, ctx.portfolio, (id) => `/v1/portfolios/${id}`, 'portfolio_id')
  const orders = createPrimeOrders({ ...da, send }, options)
  const rfqWire = createPrimeRfqWire({ ...da, send }, orders)
  // an accept whose outcome is unknown is only looked up: whether Prime refuses a second accept of one
  // quote is not documented
  const rfq = driverRfqSurface(ctx, rfqWire, {
    backoff: options.backoff,
    // the venue clock is read from whole-second Date headers: it may lag the venue's by up to 1 s
    clockLagMs: 1000,
  })
  const pushes = ordersChannel(ctx, (id, symbol) => orders.orderFills({ symbol, id }), orders.lookup)
  const surface = createTradingSurface(da.surfaceContext(options.reconcile), {
    venue: 'prime',
    capabilities: PRIME_TRADING_CAPABILITIES,
    ...orders,
    pushes: withRfqPushes(pushes, rfq),
  })
  const { previewOrder, orderFills, executions, fillHistory, vaultBalances, wallets } = orders
  const trading = { ...surface, previewOrder, orderFills, executions, fillHistory, vaultBalances, wallets }
  return { trading, rfq: rfq.rfq, rfqWire }
}

const REQUEST = Object.freeze({ requests: 1 })

/**
 * The `orders` channel (subscribed with the portfolio id and every listed product) and `heartbeats`:
 * order updates (an ended one's quantity remembered or looked up), and at each rise of an order's
 * running totals the fills `fillsOf` lists (the channel carries no fills), with the trade ids fill
 * history gives them.
 */
function ordersChannel(
  ctx: PrimeContext,
  fillsOf: (orderId: string, symbol: UnifiedSymbol) => Observable<readonly Fill[]>,
  lookup: TradingParts['lookup'],
): TradingParts['pushes'] {
  let portfolioId = ''
  let productIds: readonly string[] = []
  if (ctx.key === undefined) throw new RangeError('the prime orders channel needs an API key')
  // every subscription names the key's service account: without it the streams fail at once
  if (ctx.key.serviceAccountId === '') return refusedPushes(needServiceAccount)
  const subscription = primeSubscriber(ctx, ctx.key)
  // a refusal of the channel for its credentials fails it with `auth` (the kit's channelAck)
  return totalsChannelPushes(ctx, {
    socket: 'private',
    url: () => ctx.options.wsUrl,
    channel: 'orders',
    codec: PrimeOrdersFrame,
    message: (op, channel) =>
      channel === 'orders' ? subscription(op, channel, productIds, portfolioId) : subscription(op, channel),
    // the portfolio and its products are known before the channel is asked for
    prepare: () =>
      ctx.portfolio().pipe(
        concatMap((id) => {
          portfolioId = id
          return ctx.symbols().pipe(first())
        }),
        map((symbols) => (productIds = symbols.instruments().map((i) => i.venueSymbol))),
      ),
    ...factsChannel(PRIME_WORDS, pushedFacts),
    fillsOf,
    // the channel says no quantity of an order that ended with nothing left
    lookup,
  })
}
