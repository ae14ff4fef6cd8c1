/**
 * Coinbase trading: the kit's trading surface made of Coinbase's parts (signed account, order entry
 * and queries, balances, the `user` channel), plus order and fill history.
 */
import { defer, type Observable } from 'rxjs'
import type { Fill, Order } from '../../core/model.js'
import type { VenueTrading } from '../contract/index.js'
import { createDriverAccount } from '../kit/trading/driver-account.js'
import type { AccountHistoryQuery } from '../kit/trading/order-queries.js'
import type { SettleOptions } from '../kit/trading/settled-commands.js'
import { createTradingSurface } from '../kit/trading/surface.js'
import { coinbaseBalances, coinbaseRequestCost } from './account.js'
import type { CoinbaseContext } from './context.js'
import type { CoinbaseOrderRequest } from './order-entry.js'
import { createCoinbaseOrders } from './orders.js'
import { createCoinbaseSigner } from './sign.js'
import { COINBASE_TRADING_CAPABILITIES } from './spec.js'
import { createCoinbasePushes } from './user-socket.js'

/**
 * Which past orders or fills to read: every product unless `symbol` says, at most 200 unless `limit`
 * says.
 *
 * @example
 * const lastDay: CoinbaseHistoryQuery = { symbol: 'BTC/USD', from: new Date(Date.now() - 86_400_000) }
 * coinbase.trading?.executions(lastDay).subscribe((fills) => console.log(fills.length))
 */
export type CoinbaseHistoryQuery = AccountHistoryQuery

/**
 * Coinbase's trading surface: the {@link VenueTrading} contract, `placeOrder` taking `expiresAt` (a
 * limit order good until a date, `limit_limit_gtd`), plus order and fill history. Reach it on a
 * Coinbase driver made with a CDP key.
 *
 * @example
 * const coinbase = createCoinbaseVenue({ apiKey: keyFile.name, secret: keyFile.privateKey })
 * coinbase.trading?.placeOrder({ symbol: 'BTC/USD', side: 'buy', type: 'limit', price: d('60000'), quantity: d('0.001'), expiresAt: new Date(Date.now() + 3_600_000) })
 * coinbase.trading?.executions({ symbol: 'BTC/USD' }).subscribe((fills) => console.log(fills.length))
 */
export interface CoinbaseTrading extends VenueTrading {
  placeOrder(request: CoinbaseOrderRequest): Observable<Order>
  /** Past orders (any status), oldest first. */
  orderHistory(query?: CoinbaseHistoryQuery): Observable<readonly Order[]>
  /** Past fills of the account (`GET /orders/historical/fills`), oldest first. */
  executions(query?: CoinbaseHistoryQuery): Observable<readonly Fill[]>
}

/**
 * Options of {@link createCoinbaseTrading}: the timing of the lookups after a placement whose outcome
 * is unknown (`reconcile`), and of those that wait for a cancel to settle; `productIds` narrows the
 * `user` channel (default: every product).
 *
 * @example
 * createCoinbaseTrading(ctx, { reconcile: { lookupDelayMs: 100 }, productIds: ['BTC-USD'] })
 */
export type CoinbaseTradingOptions = SettleOptions & {
  readonly productIds?: readonly string[] | undefined
}

/**
 * The kit's trading surface (`createTradingSurface`) made of Coinbase's parts, for a context with a
 * CDP key. Coinbase answers a repeated `client_order_id` with the order first placed under it, so a
 * resend after an unknown outcome cannot double an order.
 *
 * @throws RangeError when the context has no key.
 * @example
 * const trading = createCoinbaseTrading(createCoinbaseContext({ apiKey, secret }))
 * trading.orderUpdates$().subscribe((o) => console.log(o.clientOrderId, o.status))
 */
export function createCoinbaseTrading(
  ctx: CoinbaseContext,
  options: CoinbaseTradingOptions = {},
): CoinbaseTrading {
  // valid JWTs are refused now and then, and taken on the next try
  // (https://github.com/coinbase/coinbase-advanced-py/issues/132); a JWT of a clock gone wrong is
  // refused with the same bare 401, so the next try signs with the venue clock measured again
  const da = createDriverAccount(ctx, coinbaseRequestCost, { resendUnauthorized: true })
  const orders = createCoinbaseOrders(da, options)
  // the socket's JWTs are signed apart from the REST client's: each subscribe message carries its own
  const signer = createCoinbaseSigner({ apiKey: ctx.options.apiKey ?? '', secret: ctx.options.secret })
  const surface = createTradingSurface(da.surfaceContext(options.reconcile), {
    venue: 'coinbase',
    capabilities: COINBASE_TRADING_CAPABILITIES,
    ...orders,
    balances: () => coinbaseBalances(da),
    pushes: createCoinbasePushes(ctx, signer, {
      productIds: options.productIds,
      fillsOf: orders.fillsOfOrder,
      lookup: orders.lookup,
    }),
  })
  return {
    ...surface,
    orderHistory: (q) => defer(() => orders.orderHistory(q)),
    executions: (q) => defer(() => orders.fills(q)),
    fillHistory: (q) => defer(() => orders.fills({ ...q, limit: 1000 })),
  }
}
