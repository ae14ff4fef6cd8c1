/**
 * The account's orders and fills as Coinbase writes them: in the REST answers and on the `user`
 * channel (the fields of the docs' examples, the values from the order journal).
 */
import { Decimal } from '../../core/decimal.js'
import { isOpen } from '../kit/order-journal.js'
import { plain } from '../kit/wire-text.js'
import type {
  CoinbaseConfigurationKind,
  CoinbaseFillEntry,
  CoinbaseOrderEntry,
  CoinbaseTradingContext,
} from './account-orders.js'
import { uuidOf } from './private-wire.js'

const ZERO = new Decimal(0)

/** Coinbase's status of an order. */
export function statusOf(entry: CoinbaseOrderEntry): string {
  switch (entry.status) {
    case 'pending-new':
      return 'PENDING'
    case 'new':
    case 'partially-filled':
      return 'OPEN'
    case 'pending-cancel':
      return 'CANCEL_QUEUED'
    case 'filled':
      return 'FILLED'
    case 'rejected':
      return 'FAILED'
    default:
      // an IOC, FOK or market order's unfilled rest is canceled; only a GTD order runs out of time
      return entry.expired ? 'EXPIRED' : 'CANCELLED'
  }
}

const TIME_IN_FORCE: Readonly<Record<CoinbaseConfigurationKind, string>> = {
  market_market_ioc: 'IMMEDIATE_OR_CANCEL',
  sor_limit_ioc: 'IMMEDIATE_OR_CANCEL',
  limit_limit_gtc: 'GOOD_UNTIL_CANCELLED',
  limit_limit_gtd: 'GOOD_UNTIL_DATE_TIME',
  limit_limit_fok: 'FILL_OR_KILL',
}

export function iso(ms: number): string {
  return new Date(ms).toISOString()
}

/** What an order's figures come to: filled, left, average price, fees, the hold of what is left. */
function figures(ctx: CoinbaseTradingContext, entry: CoinbaseOrderEntry) {
  const fills = ctx.orders.fillsOf(entry)
  const fees = fills.reduce((sum, f) => sum.plus(f.fee), ZERO)
  const filled = entry.executedQty
  const value = entry.executedValue
  const open = isOpen(entry)
  const left = open && entry.baseSize !== undefined ? Decimal.max(ZERO, entry.baseSize.minus(filled)) : ZERO
  const size = entry.baseSize ?? filled
  const average = filled.isZero()
    ? ZERO
    : value.div(filled).toDecimalPlaces(entry.market.tickSize.decimalPlaces() + 2)
  const completion =
    entry.quoteSize !== undefined ? value.div(entry.quoteSize) : size.isZero() ? ZERO : filled.div(size)
  // a buy's hold includes its fee, as the engine holds it
  const hold =
    open && entry.engineId !== ''
      ? ctx.exchange.locked({ symbol: entry.market.instrument.symbol, id: entry.engineId })
      : ZERO
  return {
    fills,
    fees,
    filled,
    value,
    left,
    average,
    completion: completion.mul(100).toDecimalPlaces(2),
    hold,
  }
}

/**
 * An order as `GET /orders/historical/{id}` and the list describe it (the fields of Coinbase's
 * example, values from the journal).
 *
 * @example
 * restOrder(ctx, entry).status // 'OPEN'
 */
export function restOrder(ctx: CoinbaseTradingContext, entry: CoinbaseOrderEntry): Record<string, unknown> {
  const f = figures(ctx, entry)
  const last = f.fills[f.fills.length - 1]
  const status = statusOf(entry)
  return {
    order_id: entry.orderId ?? '',
    product_id: entry.market.venueSymbol,
    user_id: ctx.userId,
    order_configuration: { [entry.kind]: entry.configuration },
    side: entry.side === 'buy' ? 'BUY' : 'SELL',
    client_order_id: entry.clientOrderId,
    status,
    time_in_force: TIME_IN_FORCE[entry.kind],
    created_time: iso(entry.createdAt),
    completion_percentage: plain(f.completion),
    filled_size: plain(f.filled),
    average_filled_price: plain(f.average),
    fee: '',
    number_of_fills: String(f.fills.length),
    filled_value: plain(f.value),
    pending_cancel: false,
    size_in_quote: entry.quoteSize !== undefined,
    total_fees: plain(f.fees),
    size_inclusive_of_fees: false,
    total_value_after_fees: plain(entry.side === 'buy' ? f.value.plus(f.fees) : f.value.minus(f.fees)),
    trigger_status: 'INVALID_ORDER_TYPE',
    order_type: entry.kind === 'market_market_ioc' ? 'MARKET' : 'LIMIT',
    reject_reason: 'REJECT_REASON_UNSPECIFIED',
    settled: !isOpen(entry),
    product_type: 'SPOT',
    reject_message: '',
    cancel_message: status === 'CANCELLED' ? (entry.reason ?? 'User requested cancel') : '',
    order_placement_source: 'RETAIL_ADVANCED',
    outstanding_hold_amount: plain(f.hold),
    is_liquidation: false,
    last_fill_time: last === undefined ? null : iso(last.time),
    leverage: '',
    margin_type: 'UNKNOWN_MARGIN_TYPE',
    retail_portfolio_id: '',
    originating_order_id: '',
    attached_order_id: '',
  }
}

/**
 * An order as the `user` channel reports it (the fields of its snapshot example).
 *
 * @example
 * userOrder(ctx, entry).cumulative_quantity // '0.01'
 */
export function userOrder(ctx: CoinbaseTradingContext, entry: CoinbaseOrderEntry): Record<string, unknown> {
  const f = figures(ctx, entry)
  const after = entry.side === 'buy' ? f.value.plus(f.fees) : f.value.minus(f.fees)
  return {
    avg_price: plain(f.average),
    cancel_reason: statusOf(entry) === 'CANCELLED' ? (entry.reason ?? 'User requested cancel') : '',
    client_order_id: entry.clientOrderId,
    completion_percentage: f.completion.toFixed(2),
    contract_expiry_type: 'UNKNOWN_CONTRACT_EXPIRY_TYPE',
    cumulative_quantity: plain(f.filled),
    filled_value: plain(f.value),
    leaves_quantity: plain(f.left),
    limit_price: entry.limitPrice === undefined ? '' : plain(entry.limitPrice),
    number_of_fills: String(f.fills.length),
    order_id: entry.orderId ?? '',
    order_side: entry.side === 'buy' ? 'BUY' : 'SELL',
    order_type: entry.kind === 'market_market_ioc' ? 'Market' : 'Limit',
    outstanding_hold_amount: plain(f.hold),
    post_only: entry.postOnly ? 'true' : 'false',
    product_id: entry.market.venueSymbol,
    product_type: 'SPOT',
    reject_reason: '',
    retail_portfolio_id: '',
    risk_managed_by: 'UNKNOWN_RISK_MANAGEMENT_TYPE',
    status: statusOf(entry),
    stop_price: '',
    time_in_force: TIME_IN_FORCE[entry.kind],
    total_fees: plain(f.fees),
    total_value_after_fees: plain(after),
    trigger_status: 'INVALID_ORDER_TYPE',
    creation_time: iso(entry.createdAt),
    end_time: entry.endTime === undefined ? '0001-01-01T00:00:00Z' : iso(entry.endTime),
    start_time: '0001-01-01T00:00:00Z',
  }
}

/**
 * A fill as `GET /orders/historical/fills` lists it; `commission` in the quote currency.
 *
 * @example
 * restFill(ctx, fill).liquidity_indicator // 'MAKER'
 */
export function restFill(ctx: CoinbaseTradingContext, fill: CoinbaseFillEntry): Record<string, unknown> {
  return {
    entry_id: uuidOf(0, fill.n),
    trade_id: fill.tradeId,
    order_id: fill.order.orderId ?? '',
    trade_time: iso(fill.time),
    trade_type: 'FILL',
    price: plain(fill.price),
    size: plain(fill.qty),
    commission: plain(fill.fee),
    product_id: fill.order.market.venueSymbol,
    sequence_timestamp: iso(fill.time),
    liquidity_indicator: fill.isMaker ? 'MAKER' : 'TAKER',
    size_in_quote: false,
    user_id: ctx.userId,
    side: fill.order.side === 'buy' ? 'BUY' : 'SELL',
    retail_portfolio_id: '',
  }
}
