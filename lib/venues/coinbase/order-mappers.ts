/**
 * Coinbase orders and fills as the model's: statuses, configurations, quantities placed by value.
 * https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/orders/get-order (and
 * `list-fills`)
 */
import type { Fill, Order, OrderType, TimeInForce } from '../../core/model.js'
import { isTerminal } from '../../core/order-status.js'
import type { SymbolMap } from '../../core/symbols.js'
import { orderStatusBy } from '../kit/trading/status-table.js'
import type { CoinbaseConfigFields, CoinbaseFillRecord, CoinbaseOrderRecord } from './private-codecs.js'
import { COINBASE_ORDER_STATUS } from './spec.js'

/** What an order's configuration says of its type, time in force, price and size. */
interface Shape {
  readonly type: OrderType
  readonly timeInForce: TimeInForce
  readonly fields: CoinbaseConfigFields
}

function shapeOf(record: CoinbaseOrderRecord): Shape | undefined {
  const c = record.order_configuration
  const limit = (fields: CoinbaseConfigFields, tif: TimeInForce): Shape => ({
    type: 'limit',
    timeInForce: fields.post_only === true ? 'PostOnly' : tif,
    fields,
  })
  if (c.market_market_ioc !== undefined)
    return { type: 'market', timeInForce: 'IOC', fields: c.market_market_ioc }
  if (c.limit_limit_gtc !== undefined) return limit(c.limit_limit_gtc, 'GTC')
  // the model has no GTD: an order good until a date rests like a GTC one
  if (c.limit_limit_gtd !== undefined) return limit(c.limit_limit_gtd, 'GTC')
  if (c.limit_limit_fok !== undefined) return limit(c.limit_limit_fok, 'FOK')
  if (c.sor_limit_ioc !== undefined) return limit(c.sor_limit_ioc, 'IOC')
  return undefined
}

/**
 * One order as an {@link Order}, or `undefined` for an order of an unlisted product or of a kind this
 * SDK does not place (stop, bracket, TWAP). An order placed by quote amount reports the base quantity
 * filled as its `quantity`.
 *
 * @example
 * toOrder(answer.order, symbols)?.status // 'partially-filled'
 */
export function toOrder(record: CoinbaseOrderRecord, symbols: SymbolMap): Order | undefined {
  const instrument = symbols.getByVenueSymbol(record.product_id)
  const shape = shapeOf(record)
  if (instrument === undefined || shape === undefined) return undefined
  const filled = record.filled_size
  const status = orderStatusBy(COINBASE_ORDER_STATUS, record.status, filled, 'pending-new')
  const { fields } = shape
  const byQuote = fields.base_size === undefined && fields.quote_size !== undefined
  const average = record.average_filled_price
  return {
    venue: 'coinbase',
    symbol: instrument.symbol,
    id: record.order_id,
    clientOrderId: record.client_order_id !== '' ? record.client_order_id : record.order_id,
    side: record.side === 'BUY' ? 'buy' : 'sell',
    type: shape.type,
    timeInForce: shape.timeInForce,
    price: shape.type === 'limit' ? fields.limit_price : undefined,
    quantity: byQuote ? filled : (fields.base_size ?? filled),
    quoteQuantity: byQuote ? fields.quote_size : undefined,
    filledQuantity: filled,
    averagePrice: average !== undefined && average.gt(0) && filled.gt(0) ? average : undefined,
    status,
    createdAt: record.created_time.timestamp,
    ...(record.last_fill_time ?? record.created_time),
    reason: isTerminal(status) && status !== 'filled' ? reasonOf(record) : undefined,
  }
}

function reasonOf(record: CoinbaseOrderRecord): string | undefined {
  const said = [record.reject_message, record.cancel_message, record.reject_reason]
  return said.find((r) => r !== undefined && r !== '' && r !== 'REJECT_REASON_UNSPECIFIED')
}

/**
 * One fill as a {@link Fill}, or `undefined` for an entry that is not a trade (`trade_type` other than
 * `FILL`: reversals, corrections) or of an unlisted product. `commission` is in the quote currency; a
 * size counted in quote (`size_in_quote`) becomes the base quantity at the fill's price.
 *
 * @example
 * toFill(page.fills[0], symbols)?.fee.toFixed() // '1.14'
 */
export function toFill(record: CoinbaseFillRecord, symbols: SymbolMap): Fill | undefined {
  if (record.trade_type !== undefined && record.trade_type !== 'FILL') return undefined
  const instrument = symbols.getByVenueSymbol(record.product_id)
  if (instrument === undefined) return undefined
  const liquidity = record.liquidity_indicator
  return {
    venue: 'coinbase',
    symbol: instrument.symbol,
    tradeId: record.trade_id,
    orderId: record.order_id,
    side: record.side === 'BUY' ? 'buy' : 'sell',
    price: record.price,
    quantity: record.size_in_quote === true ? record.size.div(record.price) : record.size,
    fee: record.commission,
    feeAsset: instrument.quote,
    liquidity: liquidity === 'MAKER' ? 'maker' : liquidity === 'TAKER' ? 'taker' : undefined,
    ...record.trade_time,
  }
}
