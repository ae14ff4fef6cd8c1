/**
 * Decoded Bybit private records → the normalized model: orders, fills and balances.
 * Status table: https://bybit-exchange.github.io/docs/v5/enum#orderstatus (shared/venues/bybit.md §6).
 */
import { Decimal } from '../../core/decimal.js'
import type { Balance, Fill, Order, OrderStatus, Timestamped } from '../../core/model.js'
import type { SymbolMap } from '../../core/symbols.js'
import { balanceOf } from '../kit/balance.js'
import { venueFill } from '../kit/trading/venue-fill.js'
import { sideOf, venueOrder } from '../kit/trading/venue-order.js'
import type {
  BybitExecution,
  BybitOrderRecord,
  BybitWalletAccount,
  BybitOrderStatus,
} from './private-codecs.js'

const STATUS: Readonly<Record<BybitOrderStatus, OrderStatus>> = {
  Created: 'pending-new',
  New: 'new',
  // A conditional order waiting for its trigger rests like a new one; Triggered is the instant it becomes New.
  Untriggered: 'new',
  Triggered: 'new',
  PartiallyFilled: 'partially-filled',
  Filled: 'filled',
  Cancelled: 'canceled',
  // Spot only: canceled after some fills; the fills stay in cumExecQty.
  PartiallyFilledCanceled: 'canceled',
  // A spot TP/SL, conditional or OCO order canceled before its trigger.
  Deactivated: 'canceled',
  Rejected: 'rejected',
}

/** The common status of a Bybit `orderStatus`. */
export function bybitOrderStatus(status: BybitOrderStatus): OrderStatus {
  return STATUS[status]
}

/** Which unit a spot market order's `qty` is in, when the record does not say. */
export type QtyUnit = 'baseCoin' | 'quoteCoin'

/**
 * The unit of an order's `qty`. A spot market buy counts in the quote coin unless it was placed with
 * `marketUnit=baseCoin` (https://bybit-exchange.github.io/docs/v5/order/create-order); everything else
 * counts in the base coin. `placedWith` is the unit the order was sent with, when this client sent it.
 */
function qtyUnit(record: BybitOrderRecord, placedWith?: QtyUnit): QtyUnit {
  if (record.orderType !== 'Market') return 'baseCoin'
  if (record.marketUnit === 'baseCoin' || record.marketUnit === 'quoteCoin') return record.marketUnit
  return placedWith ?? (record.side === 'Buy' ? 'quoteCoin' : 'baseCoin')
}

/** One Bybit order as an {@link Order}, or `undefined` when not a listed spot instrument's. */
export function toOrder(
  record: BybitOrderRecord,
  symbols: SymbolMap,
  placedWith?: QtyUnit,
): Order | undefined {
  if (record.category !== undefined && record.category !== 'spot') return undefined
  const status = STATUS[record.orderStatus]
  const byQuote = qtyUnit(record, placedWith) === 'quoteCoin'
  return venueOrder('bybit', symbols, {
    venueSymbol: record.symbol,
    id: record.orderId,
    clientOrderId: record.orderLinkId,
    side: sideOf(record.side),
    type: record.orderType === 'Market' ? 'market' : 'limit',
    // RPI (retail price improvement) orders only ever rest on the book: post-only in the common model.
    timeInForce: record.timeInForce === 'RPI' ? 'PostOnly' : record.timeInForce,
    price: record.price,
    quantity: record.qty,
    quoteQuantity: byQuote ? record.qty : undefined,
    filled: record.cumExecQty,
    averagePrice: record.avgPrice,
    status,
    created: record.createdTime,
    at: record.updatedTime,
    reason:
      status === 'canceled' || status === 'rejected'
        ? (given(record.rejectReason, 'EC_NoError') ?? given(record.cancelType, 'UNKNOWN'))
        : undefined,
  })
}

/**
 * One execution as a {@link Fill}, or `undefined` for a record that is not a spot trade of a listed
 * instrument (funding, settlement and other `execType`s are not fills). The fee asset is `feeCurrency`
 * when named; else Bybit's spot rule: a buy pays in the base coin and a sell in the quote coin, the
 * other way round for a negative (rebate) fee rate
 * (https://bybit-exchange.github.io/docs/v5/enum#spot-fee-currency-instruction).
 */
export function toFill(execution: BybitExecution, symbols: SymbolMap): Fill | undefined {
  if (execution.execType !== 'Trade') return undefined
  if (execution.category !== undefined && execution.category !== 'spot') return undefined
  const side = sideOf(execution.side)
  const rebate = execution.feeRate !== undefined && execution.feeRate.isNegative()
  const inBase = (side === 'buy') !== rebate
  return venueFill('bybit', symbols, execution.symbol, (instrument) => ({
    tradeId: execution.execId,
    orderId: execution.orderId,
    clientOrderId: execution.orderLinkId !== '' ? execution.orderLinkId : undefined,
    side,
    price: execution.execPrice,
    quantity: execution.execQty,
    fee: execution.execFee,
    feeAsset: execution.feeCurrency || (inBase ? instrument.base : instrument.quote),
    liquidity: execution.isMaker ? 'maker' : 'taker',
    ...execution.execTime,
  }))
}

/** A unified account's coins: `total` is `walletBalance`, `locked` what open spot orders hold. */
export function toBalances(account: BybitWalletAccount, at: Timestamped): Balance[] {
  return account.coin.map((c) => {
    const locked = c.locked ?? new Decimal(0)
    return balanceOf('bybit', c.coin, c.walletBalance.minus(locked), locked, at)
  })
}

/** A reason the venue gives, not one of its words for none (`''`, `EC_NoError`, `UNKNOWN`). */
const given = (word: string | undefined, none: string) => (word && word !== none ? word : undefined)
