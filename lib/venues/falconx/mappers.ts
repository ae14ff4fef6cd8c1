/**
 * FalconX's pairs and quote object as the model's instruments, quote, order and fill.
 */
import { Decimal } from '../../core/decimal.js'
import { VenueError } from '../../core/errors.js'
import type { Logger } from '../../core/logging.js'
import type { Fill, Instrument, Order, Side, UnifiedSymbol } from '../../core/model.js'
import type { RfqExecution, RfqQuote } from '../contract/rfq.js'
import { spotInstrument } from '../kit/spot-instrument.js'
import type { FxPair, FxQuote, FxSide } from './codecs.js'

const ZERO = new Decimal(0)

/**
 * FalconX publishes no tick or lot sizes for a pair (its `/v1/trade_sizes` answer is undocumented):
 * prices and sizes are taken to the 18th decimal, and the venue refuses what it cannot trade.
 */
const STEP = new Decimal('1e-18')
const TRADING = new Map([['trading', 'trading' as const]])

/**
 * The instrument of a FalconX pair: `BTC/USD`, venue symbol `BTC-USD`.
 *
 * @example
 * pairInstrument({ base_token: 'BTC', quote_token: 'USD' })?.venueSymbol // 'BTC-USD'
 */
export function pairInstrument(pair: FxPair): Instrument | undefined {
  return spotInstrument(
    'falconx',
    {
      venueSymbol: `${pair.base_token}-${pair.quote_token}`,
      base: pair.base_token,
      quote: pair.quote_token,
      status: 'trading',
      tickSize: STEP,
      lotSize: STEP,
      minSize: STEP,
    },
    TRADING,
  )
}

/** FalconX's side of the model's: `two-way` is `two_way`. */
export const fxSide = (side: Side | 'two-way'): FxSide => (side === 'two-way' ? 'two_way' : side)
const rfqSide = (side: FxSide): Side | 'two-way' => (side === 'two_way' ? 'two-way' : side)

/**
 * The symbol of a quote's token pair.
 *
 * @example
 * symbolOf(quote) // 'BTC/USD'
 */
export function symbolOf(q: FxQuote): UnifiedSymbol {
  return `${q.token_pair.base_token}/${q.token_pair.quote_token}` as UnifiedSymbol
}

/**
 * A FalconX quote as an {@link RfqQuote}: `buy_price` (where you buy) is the ask, `sell_price` the bid.
 *
 * @example
 * toRfqQuote(quote).ask?.toString() // '12650'
 */
export function toRfqQuote(q: FxQuote): RfqQuote {
  return {
    venue: 'falconx',
    symbol: symbolOf(q),
    id: q.fx_quote_id,
    side: rfqSide(q.side_requested),
    quantity: q.quantity_requested.value,
    bid: q.sell_price ?? undefined,
    ask: q.buy_price ?? undefined,
    expiresAt: q.t_expiry.timestamp,
    clientQuoteId: q.client_order_id ?? undefined,
    timestamp: q.t_quote.timestamp,
    rawTimestamp: q.t_quote.rawTimestamp,
  }
}

/** The side and price a filled quote executed at, or `undefined` when it has not executed. */
function executed(q: FxQuote): { side: Side; price: Decimal } | undefined {
  if (!q.is_filled) return undefined
  const side = q.side_executed === 'buy' || q.side_executed === 'sell' ? q.side_executed : undefined
  const price =
    q.price_executed ?? (side === 'buy' ? q.buy_price : side === 'sell' ? q.sell_price : undefined)
  if (side === undefined || price === undefined || price === null) {
    throw new VenueError({
      kind: 'decode',
      venue: 'falconx',
      message: `falconx quote ${q.fx_quote_id} is filled without its side or price`,
    })
  }
  return { side, price }
}

/**
 * The order a FalconX quote or order answer reports: `filled` once executed; an answer not filled is
 * `expired` (a fill-or-kill that did not fill, a quote that lapsed). The order id is the quote id.
 *
 * @example
 * toOrder(answer).status // 'filled'
 */
export function toOrder(q: FxQuote): Order {
  const x = executed(q)
  const at = q.t_execute ?? q.t_quote
  const limit = q.order_type === 'limit'
  return {
    venue: 'falconx',
    symbol: symbolOf(q),
    id: q.fx_quote_id,
    clientOrderId: q.client_order_id ?? q.fx_quote_id,
    side: x?.side ?? (q.side_requested === 'sell' ? 'sell' : 'buy'),
    type: limit ? 'limit' : 'market',
    timeInForce: 'FOK',
    price: limit ? (q.limit_price ?? undefined) : undefined,
    quantity: q.quantity_requested.value,
    filledQuantity: x === undefined ? ZERO : q.quantity_requested.value,
    averagePrice: x?.price,
    status: x === undefined ? 'expired' : 'filled',
    createdAt: q.t_quote.timestamp,
    timestamp: at.timestamp,
    rawTimestamp: at.rawTimestamp,
  }
}

/**
 * The one fill of an executed quote (FalconX executes a quote once, whole); its trade id is the quote
 * id. The fee is `fee_usd` where the answer gives one, else none: a quote's price is all-in.
 *
 * @example
 * toFill(executedQuote)?.price.toString() // '293.1'
 */
export function toFill(q: FxQuote): Fill | undefined {
  const x = executed(q)
  if (x === undefined) return undefined
  const at = q.t_execute ?? q.t_quote
  return {
    venue: 'falconx',
    symbol: symbolOf(q),
    tradeId: q.fx_quote_id,
    orderId: q.fx_quote_id,
    clientOrderId: q.client_order_id ?? undefined,
    side: x.side,
    price: x.price,
    quantity: q.quantity_requested.value,
    fee: q.fee_usd ?? ZERO,
    feeAsset: q.fee_usd != null ? 'USD' : q.token_pair.quote_token,
    liquidity: 'taker',
    timestamp: at.timestamp,
    rawTimestamp: at.rawTimestamp,
  }
}

/**
 * The execution of a quote, or `undefined` when FalconX has not executed it.
 *
 * @example
 * toExecution(answer, quote)?.fill.price
 */
export function toExecution(q: FxQuote, quote: RfqQuote = toRfqQuote(q)): RfqExecution | undefined {
  const fill = toFill(q)
  return fill === undefined ? undefined : { quote, order: toOrder(q), fill }
}

/**
 * Logs the non-fatal `warnings` an answer carries.
 *
 * @example
 * logWarnings(log, answer, 'POST /v1/quotes/execute')
 */
export function logWarnings(log: Logger, q: FxQuote, where: string): void {
  for (const w of q.warnings ?? []) {
    log.warn(`falconx warning on ${where}`, {
      code: w.code,
      message: w.message,
      side: w.side,
      quoteId: q.fx_quote_id,
    })
  }
}
