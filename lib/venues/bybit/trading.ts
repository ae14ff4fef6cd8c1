/**
 * Bybit trading: the kit's trading surface made of Bybit's parts, plus order and execution history.
 */
import { defer, type Observable } from 'rxjs'
import type { Fill, Order } from '../../core/model.js'
import { fillHistoryWithin } from '../kit/trading/fill-window.js'
import { isDuplicateOrder } from '../kit/trading/order-refusals.js'
import { createTradingSurface, type TradingWith } from '../kit/trading/surface.js'
import { createBybitAccount } from './account.js'
import type { BybitContext } from './context.js'
import type { SettleOptions } from '../kit/trading/settled-commands.js'
import { createOrderCommands } from './order-commands.js'
import { createBybitQueries, type BybitHistoryQuery } from './order-queries.js'
import { createBybitPushes } from './private-ws.js'
import { BYBIT_SPEC, BYBIT_TRADING_CAPABILITIES } from './spec.js'

/**
 * Bybit's trading surface: the {@link VenueTrading} contract with amend (`POST /v5/order/amend`),
 * cancel-all and fill history (at most 7 days back from `to`, 1 000 fills), plus order and execution
 * history. Reach it on a Bybit driver made with credentials.
 *
 * @example
 * const bybit = createBybitVenue({ apiKey, secret })
 * bybit.trading?.amendOrder({ symbol: 'BTC/USDT', clientOrderId: 'grid-1' }, { price: new Decimal('64900') }).subscribe()
 * bybit.trading?.orderHistory({ symbol: 'BTC/USDT' }).subscribe((orders) => console.log(orders.length))
 */
export interface BybitTrading extends TradingWith<'amendOrder' | 'cancelAllOrders' | 'fillHistory'> {
  /** Past orders (any status), oldest first. */
  orderHistory(query?: BybitHistoryQuery): Observable<readonly Order[]>
  /** Past executions of the account, oldest first. */
  executions(query?: BybitHistoryQuery): Observable<readonly Fill[]>
}

/**
 * The kit's trading surface made of Bybit's parts, for a context with credentials; `options` time the
 * lookups after a placement whose outcome is unknown (`reconcile`), and those that wait for a cancel or
 * amend to settle.
 */
export function createBybitTrading(ctx: BybitContext, options: SettleOptions = {}): BybitTrading {
  const account = createBybitAccount(ctx)
  const queries = createBybitQueries(account)
  const commands = createOrderCommands(account, queries, options)
  const surface = createTradingSurface(account.surfaceContext(options.reconcile), {
    venue: 'bybit',
    capabilities: BYBIT_TRADING_CAPABILITIES,
    isDuplicate: (e) => isDuplicateOrder(e, 'bybit', BYBIT_SPEC.errors),
    ...commands,
    lookup: queries.lookup,
    openOrders: queries.openOrders,
    balances: queries.balances,
    pushes: createBybitPushes(account),
  })
  return {
    ...surface,
    orderHistory: (q) => defer(() => queries.orderHistory(q)),
    executions: (q) => defer(() => queries.fills(q)),
    // Bybit asks for both ends, at most 7 days apart: https://bybit-exchange.github.io/docs/v5/order/execution
    fillHistory: fillHistoryWithin(7 * 86_400_000, () => ctx.clock.now(), queries.fills),
  }
}
