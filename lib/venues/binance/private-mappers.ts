/**
 * Decoded Binance private records → the normalized model: orders, fills and balances.
 * Status table: https://developers.binance.com/docs/binance-spot-api-docs/enums#order-status
 * (shared/venues/binance.md §6).
 */
import type { Decimal } from '../../core/decimal.js'
import type { Fill, Order, OrderStatus, OrderType, TimeInForce, Timestamped } from '../../core/model.js'
import type { SymbolMap } from '../../core/symbols.js'
import { venueFill } from '../kit/trading/venue-fill.js'
import { sideOf, venueOrder } from '../kit/trading/venue-order.js'
import type {
  BinanceAckFill,
  BinanceExecutionReport,
  BinanceMyTrade,
  BinanceOrderRecord,
  BinanceOrderStatus,
} from './private-codecs.js'

const STATUS: Readonly<Record<BinanceOrderStatus, OrderStatus>> = {
  // Accepted, but waiting for the working order of its order list to fill.
  PENDING_NEW: 'new',
  NEW: 'new',
  PARTIALLY_FILLED: 'partially-filled',
  FILLED: 'filled',
  CANCELED: 'canceled',
  PENDING_CANCEL: 'pending-cancel',
  REJECTED: 'rejected',
  // Time-in-force rules or the exchange canceled it; may carry fills (executedQty > 0).
  EXPIRED: 'expired',
  // Self-trade prevention.
  EXPIRED_IN_MATCH: 'expired',
}

/**
 * One order record (query, open orders, history, cancel or a RESULT/FULL acknowledgement) as an
 * {@link Order}, or `undefined` when its symbol is not a listed instrument. An order placed by quote
 * amount (quote quantity > 0) has `quoteQuantity` set and `quantity` the base filled so far.
 */
export function toOrder(record: BinanceOrderRecord, symbols: SymbolMap): Order | undefined {
  const created = record.time ?? record.transactTime ?? record.workingTime ?? record.updateTime
  return venueOrder('binance', symbols, {
    venueSymbol: record.symbol,
    id: record.orderId,
    // A cancel answer names the canceled order's client id `origClientOrderId`.
    clientOrderId: record.origClientOrderId ?? record.clientOrderId,
    ...typeOf(record.type, record.timeInForce),
    side: sideOf(record.side),
    price: record.price,
    quantity: record.origQty,
    quoteQuantity: positive(record.origQuoteOrderQty),
    filled: record.executedQty,
    // `venueOrder` keeps it only once something filled, and positive (some historical orders say -1)
    averagePrice: record.cummulativeQuoteQty?.div(record.executedQty),
    status: STATUS[record.status],
    created,
    at: record.updateTime ?? record.transactTime ?? created,
  })
}

/**
 * The fills of a `newOrderRespType=FULL` acknowledgement. The answer names no fill time or liquidity:
 * the transaction time stands for the time, and fills of an order that took liquidity at once are
 * taker fills.
 */
export function ackFills(fills: readonly BinanceAckFill[], order: Order, at: Timestamped): Fill[] {
  return fills.map((f) => ({
    venue: 'binance',
    symbol: order.symbol,
    tradeId: f.tradeId,
    orderId: order.id ?? '',
    clientOrderId: order.clientOrderId,
    side: order.side,
    price: f.price,
    quantity: f.qty,
    fee: f.commission,
    feeAsset: f.commissionAsset,
    liquidity: 'taker',
    ...at,
  }))
}

/**
 * One `executionReport` as the {@link Order} after the change, or `undefined` for an unlisted symbol.
 * On a cancel, `C` is the canceled order's client id (and `c` the cancel request's own).
 */
export function reportOrder(report: BinanceExecutionReport, symbols: SymbolMap): Order | undefined {
  return venueOrder('binance', symbols, {
    venueSymbol: report.s,
    id: report.i,
    clientOrderId: report.C !== '' ? report.C : report.c,
    ...typeOf(report.o, report.f),
    side: sideOf(report.S),
    price: report.p,
    quantity: report.q,
    quoteQuantity: positive(report.Q),
    filled: report.z,
    averagePrice: report.Z.div(report.z),
    status: STATUS[report.X],
    created: report.O,
    at: report.E,
    reason: report.r !== 'NONE' && report.r !== '' ? report.r : undefined,
  })
}

/**
 * The fill an `executionReport` carries, if any: a report with a trade id (`t` ≥ 0) and a last
 * filled quantity. That is every `TRADE` report, and also an `EXPIRED` one that reports the trade
 * which ended the order.
 */
export function reportFill(report: BinanceExecutionReport, symbols: SymbolMap): Fill | undefined {
  if (report.t < 0 || !report.l.gt(0)) return undefined
  return venueFill('binance', symbols, report.s, () => ({
    tradeId: String(report.t),
    orderId: report.i,
    clientOrderId: report.C !== '' ? report.C : report.c,
    side: sideOf(report.S),
    price: report.L,
    quantity: report.l,
    fee: report.n,
    feeAsset: report.N ?? '',
    liquidity: report.m ? 'maker' : 'taker',
    ...report.T,
  }))
}

/** One account trade of `myTrades` as a {@link Fill}, or `undefined` for an unlisted symbol. */
export function tradeFill(trade: BinanceMyTrade, symbols: SymbolMap): Fill | undefined {
  return venueFill('binance', symbols, trade.symbol, () => ({
    tradeId: trade.id,
    orderId: trade.orderId,
    side: trade.isBuyer ? 'buy' : 'sell',
    price: trade.price,
    quantity: trade.qty,
    fee: trade.commission,
    feeAsset: trade.commissionAsset,
    liquidity: trade.isMaker ? 'maker' : 'taker',
    ...trade.time,
  }))
}

const positive = (quote: Decimal | undefined) => (quote !== undefined && quote.gt(0) ? quote : undefined)

// LIMIT, LIMIT_MAKER, STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT rest at a price; the others execute at market.
function typeOf(type: string, tif: string): { type: OrderType; timeInForce: TimeInForce } {
  if (type === 'LIMIT_MAKER') return { type: 'limit', timeInForce: 'PostOnly' }
  if (!type.includes('LIMIT')) return { type: 'market', timeInForce: 'IOC' }
  return { type: 'limit', timeInForce: tif === 'IOC' || tif === 'FOK' ? tif : 'GTC' }
}
