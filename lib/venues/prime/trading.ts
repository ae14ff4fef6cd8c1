/**
 * Prime trading: the kit's trading surface made of Prime's parts (signed requests under the
 * portfolio, order entry and queries, balances, the `orders` channel), plus Prime's own calls.
 */
import { concatMap, merge, type Observable } from 'rxjs'
import type { Order } from '../../core/model.js'
import type { VenueTrading } from '../contract/index.js'
import type { RfqWire, VenueRfq } from '../contract/rfq.js'
import { rfqSurface, type RfqSurfaceOptions } from '../kit/rfq/surface.js'
import { createDriverAccount } from '../kit/trading/driver-account.js'
import type { AccountHistoryQuery } from '../kit/trading/order-queries.js'
import type { SettleOptions } from '../kit/trading/settled-commands.js'
import { createTradingSurface } from '../kit/trading/surface.js'
import type { PrimeContext } from './context.js'
import type { PrimeOrderRequest } from './order-entry.js'
import { createPrimeOrders, type PrimeAccount, type PrimeOrders } from './orders.js'
import { createPrimePushes } from './pushes.js'
import { createPrimeRfqWire } from './rfq.js'
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
  placeOrder(request: PrimeOrderRequest): Observable<Order>
}

/**
 * The kit's trading surface made of Prime's parts, and RFQ on the same account: the wire and the kit's
 * surface on it (`rfq`), whose executions also reach `orderUpdates$` and `fills$`.
 *
 * @throws RangeError when the context has no key.
 * @example
 * const { trading, rfq } = createPrimeTrading(createPrimeContext({ apiKey, secret, passphrase }))
 */
export function createPrimeTrading(
  ctx: PrimeContext,
  options: SettleOptions & { readonly backoff?: RfqSurfaceOptions['backoff'] } = {},
): { readonly trading: PrimeTrading; readonly rfq: VenueRfq; readonly rfqWire: RfqWire } {
  const da = createDriverAccount(ctx, () => REQUEST)
  // every path is under the portfolio, and a body sent with POST names it too
  const account: PrimeAccount = {
    ...da,
    send: (path, codec, call = {}, sendBy) =>
      ctx.portfolio().pipe(
        concatMap((id) => {
          const named = call.method === 'POST' && call.body !== undefined
          const body = named ? { portfolio_id: id, ...call.body } : call.body
          return da.send(`/v1/portfolios/${id}${path}`, codec, { ...call, body }, sendBy)
        }),
      ),
  }
  const orders = createPrimeOrders(account, options)
  const rfqWire = createPrimeRfqWire(account, orders)
  // an accept whose outcome is unknown is only looked up: whether Prime refuses a second accept of one
  // quote is not documented
  const kit = rfqSurface(rfqWire, {
    scheduler: ctx.scheduler,
    now: () => ctx.clock.now(),
    backoff: options.backoff,
    logger: ctx.logger,
    until: ctx.untilClosed,
  })
  const pushes = createPrimePushes(ctx, (id, symbol) => orders.orderFills({ symbol, id }))
  const surface = createTradingSurface(da.surfaceContext(options.reconcile), {
    venue: 'prime',
    capabilities: PRIME_TRADING_CAPABILITIES,
    ...orders,
    // an executed quote's order and fill also come on the `orders` channel: the surface keeps one of each
    pushes: {
      ...pushes,
      orders$: merge(pushes.orders$, kit.orders$),
      fills$: merge(pushes.fills$, kit.fills$),
    },
  })
  const { previewOrder, orderFills, executions, fillHistory, vaultBalances, wallets } = orders
  const trading: PrimeTrading = {
    ...surface,
    previewOrder,
    orderFills,
    executions,
    fillHistory,
    vaultBalances,
    wallets,
  }
  return { trading, rfq: kit.rfq, rfqWire }
}

/** Every signed request spends one of the portfolio's window. */
const REQUEST = Object.freeze({ requests: 1 })
