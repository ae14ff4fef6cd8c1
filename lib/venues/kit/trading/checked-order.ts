/**
 * An order request checked against its instrument, as every venue checks it before writing its own
 * request: what the venue would refuse (a halted market, off tick, off lot, below the minimum, a market
 * order with a price) is refused here, before anything is sent.
 */
import type { Decimal } from '../../../core/decimal.js'
import { VenueError } from '../../../core/errors.js'
import type { Instrument, OrderRequest, Side, TimeInForce, VenueId } from '../../../core/model.js'
import { checkPrice, checkQuantity } from './order-checks.js'

/**
 * An order the instrument accepts: a limit order with its price and base quantity, or a market order
 * (always IOC) with a base quantity or a quote amount to spend.
 *
 * @example
 * const o: CheckedOrder = checkOrder('bybit', request, btcusdt)
 * if (o.type === 'market' && o.quoteQuantity !== undefined) body.marketUnit = 'quoteCoin'
 */
export type CheckedOrder = {
  readonly clientOrderId: string
  readonly side: Side
} & (
  | {
      readonly type: 'limit'
      readonly price: Decimal
      readonly quantity: Decimal
      readonly quoteQuantity?: undefined
      readonly timeInForce: TimeInForce
    }
  | {
      readonly type: 'market'
      readonly price?: undefined
      /** Exactly one of `quantity` and `quoteQuantity` is set. */
      readonly quantity: Decimal | undefined
      readonly quoteQuantity: Decimal | undefined
      readonly timeInForce: 'IOC'
    }
)

/**
 * A fresh client order id: a random UUID, 36 characters, within every venue's client id alphabet.
 *
 * @example
 * newClientOrderId() // '3b241101-e2bb-4255-8caf-4136c566a962'
 */
export function newClientOrderId(): string {
  // the global Web Crypto (Node.js 19+, browsers) rather than node:crypto, so browser bundles need no Node built-in
  return crypto.randomUUID()
}

/**
 * Refuses an order before it is sent, for a rule of the instrument's or the venue's: `invalid-request`
 * naming the order and `why`.
 *
 * @example
 * const refuse = orderRefusal('prime', request, instrument)
 * if (terms.stopPrice === undefined) refuse('STOP_LIMIT needs a positive prime.stopPrice')
 */
export function orderRefusal(
  venue: VenueId,
  request: Pick<OrderRequest, 'side'>,
  instrument: Pick<Instrument, 'symbol'>,
): (why: string) => never {
  return (why) => {
    const message = `order ${request.side} ${instrument.symbol} refused before sending: ${why}`
    throw new VenueError({ kind: 'invalid-request', venue, message })
  }
}

const CLIENT_ID = /^[A-Za-z0-9_-]{1,36}$/

/**
 * Checks an order request against the instrument: the market trading, a client order id of 1 to 36
 * letters, digits, `-` or `_` (a fresh one when none is given), a limit order's price and quantity on the
 * instrument's grid and its value at least the minimum notional, a market order without a price, IOC,
 * with exactly one of a base quantity (on the grid) and a positive quote amount (at least the minimum
 * notional). Venues run every market order as IOC: asking for another time in force would be silently
 * ignored, so it is refused.
 *
 * @throws VenueError `invalid-request` naming the broken rule (and the nearest valid values where they exist).
 * @example
 * checkOrder('bybit', { symbol: 'BTC/USDT', side: 'buy', type: 'market', quoteQuantity: d('100') }, btcusdt)
 * // { type: 'market', quoteQuantity: Decimal 100, quantity: undefined, timeInForce: 'IOC', … }
 */
export function checkOrder(venue: VenueId, request: OrderRequest, instrument: Instrument): CheckedOrder {
  const fail = orderRefusal(venue, request, instrument)
  if (instrument.status !== 'trading') fail(`${instrument.symbol} is ${instrument.status}`)
  const clientOrderId = request.clientOrderId ?? newClientOrderId()
  if (!CLIENT_ID.test(clientOrderId)) {
    fail(`client order id must be 1 to 36 letters, digits, "-" or "_", got ${JSON.stringify(clientOrderId)}`)
  }
  if (request.side !== 'buy' && request.side !== 'sell') fail(`unknown side ${String(request.side)}`)
  const { side } = request
  const minNotional = instrument.minNotional
  const belowMinimum = (what: string, value: Decimal) =>
    fail(
      `${what} ${value.toFixed()} is below the minimum ${minNotional?.toFixed() ?? ''} ${instrument.quote}`,
    )

  if (request.type === 'limit') {
    if (request.quoteQuantity !== undefined) fail('a limit order takes a base quantity, not quoteQuantity')
    const price = checkPrice(request.price, instrument, fail)
    const quantity = checkQuantity(request.quantity, instrument, fail)
    if (minNotional !== undefined && price.mul(quantity).lt(minNotional))
      belowMinimum('value', price.mul(quantity))
    return { clientOrderId, side, type: 'limit', price, quantity, timeInForce: request.timeInForce ?? 'GTC' }
  }
  if (request.type !== 'market') fail(`unknown order type ${String(request.type)}`)
  if (request.price !== undefined) fail('a market order takes no price')
  if (request.timeInForce !== undefined && request.timeInForce !== 'IOC') {
    fail(`a market order is always IOC, not ${request.timeInForce}`)
  }
  if ((request.quantity === undefined) === (request.quoteQuantity === undefined)) {
    fail('a market order takes exactly one of quantity and quoteQuantity')
  }
  const quote = request.quoteQuantity
  if (quote === undefined) {
    const quantity = checkQuantity(request.quantity, instrument, fail)
    return { clientOrderId, side, type: 'market', quantity, quoteQuantity: undefined, timeInForce: 'IOC' }
  }
  if (!quote.isFinite() || quote.lte(0)) fail(`quoteQuantity must be positive, got ${quote.toString()}`)
  if (minNotional !== undefined && quote.lt(minNotional)) belowMinimum('quoteQuantity', quote)
  return {
    clientOrderId,
    side,
    type: 'market',
    quantity: undefined,
    quoteQuantity: quote,
    timeInForce: 'IOC',
  }
}
