/**
 * The orders and fills of the trading-layer benches (`order-retention.ts`, `sqlite-load.ts`): the i-th
 * order of a long run on Bybit BTC/USDT, and its one fill.
 */
import { Decimal } from '../lib/core/decimal.js'
import type { Fill, Order } from '../lib/core/model.js'

/**
 * The i-th order, in the given status: a limit order of 0.01 at one of a thousand prices, whole when
 * filled.
 *
 * @example
 * benchOrder(7, 'filled').clientOrderId // 'c-7'
 */
export function benchOrder(i: number, status: Order['status']): Order {
  const price = new Decimal(60_000 + (i % 1000) / 10)
  const quantity = new Decimal('0.01')
  return {
    venue: 'bybit',
    symbol: 'BTC/USDT',
    id: String(1_000_000 + i),
    clientOrderId: `c-${i}`,
    side: i % 2 === 0 ? 'buy' : 'sell',
    type: 'limit',
    timeInForce: 'GTC',
    price,
    quantity,
    filledQuantity: status === 'filled' ? quantity : new Decimal(0),
    averagePrice: status === 'filled' ? price : undefined,
    status,
    createdAt: new Date(1_700_000_000_000 + i),
    timestamp: new Date(1_700_000_000_000 + i),
    rawTimestamp: 1_700_000_000_000 + i,
  }
}

/**
 * The one fill of an order: all of it, at its price, as maker.
 *
 * @example
 * benchFill(benchOrder(7, 'filled')).tradeId // 't-1000007'
 */
export function benchFill(o: Order): Fill {
  return {
    venue: o.venue,
    symbol: o.symbol,
    tradeId: `t-${o.id ?? ''}`,
    orderId: o.id ?? '',
    clientOrderId: o.clientOrderId,
    side: o.side,
    price: o.price ?? new Decimal(0),
    quantity: o.quantity,
    fee: new Decimal('0.00001'),
    feeAsset: 'BTC',
    liquidity: 'maker',
    timestamp: o.timestamp,
    rawTimestamp: o.rawTimestamp,
  }
}
