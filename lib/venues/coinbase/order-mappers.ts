/**
 * Coinbase orders and fills as the model's: statuses, configurations, quantities placed by value.
 * https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/orders/get-order (and
 * `list-fills`)
 */
import type { Fill, Order, OrderType, TimeInForce } from '../../core/model.js'
import type { SymbolMap } from '../../core/symbols.js'
import { factsOrder, type OrderFacts, type OrderWords } from '../kit/trading/order-facts.js'
import type { CoinbaseConfigFields, CoinbaseFillRecord, CoinbaseOrderRecord } from './private-codecs.js'
import { COINBASE_ORDER_STATUS } from './spec.js'

/**
 * How Coinbase's order facts read in the model: a status its table does not list is `pending-new`.
 *
 * @example
 * factsOrder(COINBASE_WORDS, facts, symbols, record.created_time)?.status
 */
export const COINBASE_WORDS: OrderWords = {
  venue: 'coinbase',
  statuses: COINBASE_ORDER_STATUS,
  unlisted: 'pending-new',
}

/** What an order's configuration says of its type, time in force, price and size. */
type Shape = Pick<OrderFacts, 'type' | 'timeInForce' | 'price' | 'base' | 'quote'>

function shapeOf(record: CoinbaseOrderRecord): Shape {
  const c = record.order_configuration
  const of = (type: OrderType, f: CoinbaseConfigFields, tif: TimeInForce): Shape => ({
    type,
    timeInForce: f.post_only === true ? 'PostOnly' : tif,
    price: f.limit_price,
    base: f.base_size,
    quote: f.quote_size,
  })
  if (c.market_market_ioc !== undefined) return of('market', c.market_market_ioc, 'IOC')
  if (c.limit_limit_gtc !== undefined) return of('limit', c.limit_limit_gtc, 'GTC')
  // the model has no GTD: an order good until a date rests like a GTC one
  if (c.limit_limit_gtd !== undefined) return of('limit', c.limit_limit_gtd, 'GTC')
  if (c.limit_limit_fok !== undefined) return of('limit', c.limit_limit_fok, 'FOK')
  if (c.sor_limit_ioc !== undefined) return of('limit', c.sor_limit_ioc, 'IOC')
  return { type: undefined }
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
  const facts: OrderFacts = {
    productId: record.product_id,
    id: record.order_id,
    clientOrderId: record.client_order_id,
    side: record.side,
    ...shapeOf(record),
    filled: record.filled_size,
    average: record.average_filled_price,
    status: record.status,
    createdAt: record.created_time.timestamp,
    reason: reasonOf(record),
  }
  return factsOrder(COINBASE_WORDS, facts, symbols, record.last_fill_time ?? record.created_time)
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
