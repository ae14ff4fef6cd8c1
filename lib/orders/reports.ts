/**
 * What the order manager makes of its state for others: the order it counts between an intent and the
 * venue's answer, and the PnL report of its positions.
 */
import { Decimal } from '../core/decimal.js'
import type { Order, OrderRequest, VenueId } from '../core/model.js'
import type { PnlReport } from './manager-types.js'
import type { ManagedPosition } from './position.js'

/**
 * The order as the model counts it between the intent and the venue's answer: `pending-new`.
 *
 * @example
 * state.applyOrder(pendingOrder('bybit', request, Date.now()))
 */
export function pendingOrder(venue: VenueId, r: OrderRequest & { clientOrderId: string }, at: number): Order {
  return {
    venue,
    symbol: r.symbol,
    clientOrderId: r.clientOrderId,
    side: r.side,
    type: r.type,
    timeInForce: r.timeInForce ?? (r.type === 'market' ? 'IOC' : 'GTC'),
    price: r.price,
    quantity: r.quantity ?? new Decimal(0),
    quoteQuantity: r.quoteQuantity,
    filledQuantity: new Decimal(0),
    status: 'pending-new',
    createdAt: new Date(at),
    timestamp: new Date(at),
    rawTimestamp: at,
  }
}

/**
 * The PnL of positions, summed.
 *
 * @example
 * pnlReport(positions).total.toFixed(2)
 */
export function pnlReport(positions: readonly ManagedPosition[]): PnlReport {
  let total = new Decimal(0)
  let realized = new Decimal(0)
  let unrealized = new Decimal(0)
  let fees = new Decimal(0)
  for (const p of positions) {
    total = total.plus(p.pnl)
    realized = realized.plus(p.realizedPnl)
    unrealized = unrealized.plus(p.unrealizedPnl)
    fees = fees.plus(p.feesInQuote)
  }
  return { total, realized, unrealized, fees, positions }
}
