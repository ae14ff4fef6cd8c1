/**
 * Order requests checked against the instrument's rules and written as `POST /api/v3/order`
 * parameters. A request the venue would refuse (off tick, off lot, below the minimum) is refused here,
 * before anything is sent. https://developers.binance.com/docs/binance-spot-api-docs/rest-api/trading-endpoints
 */
import { randomUUID } from 'node:crypto'
import type { Decimal } from '../../core/decimal.js'
import { VenueError } from '../../core/errors.js'
import type { Instrument, OrderRequest, TimeInForce } from '../../core/model.js'
import { checkPrice, checkQuantity } from '../kit/trading/order-checks.js'

/** The parameters of `POST /api/v3/order`, in the order they are sent (and signed). */
export type BinanceOrderParams = Readonly<Record<string, string>>

/** A request ready to send. */
export interface PreparedOrder {
  readonly clientOrderId: string
  readonly params: BinanceOrderParams
  /** Base quantity, unless the order spends a quote amount. */
  readonly quantity?: Decimal | undefined
  readonly quoteQuantity?: Decimal | undefined
  readonly price?: Decimal | undefined
  readonly timeInForce: TimeInForce
}

const CLIENT_ID = /^[a-zA-Z0-9_-]{1,36}$/

/** A fresh client order id: a random UUID, 36 characters, within Binance's `newClientOrderId` alphabet. */
export function newClientOrderId(): string {
  return randomUUID()
}

/**
 * Checks an order request against the instrument and builds its parameters. Limit orders map to
 * `LIMIT` with `GTC` / `IOC` / `FOK`, post-only to `LIMIT_MAKER`; market orders take `quantity` or
 * `quoteOrderQty`. Every order asks for `newOrderRespType=FULL`, so immediate fills come with the answer.
 *
 * @throws VenueError `invalid-request` naming the broken rule.
 */
export function prepareOrder(request: OrderRequest, instrument: Instrument): PreparedOrder {
  const fail = (why: string): never => {
    throw new VenueError({
      kind: 'invalid-request',
      venue: 'binance',
      message: `order ${request.side} ${instrument.symbol} refused before sending: ${why}`,
    })
  }
  if (instrument.status !== 'trading') fail(`${instrument.symbol} is ${instrument.status}`)
  const clientOrderId = request.clientOrderId ?? newClientOrderId()
  if (!CLIENT_ID.test(clientOrderId)) {
    fail(`client order id must be 1 to 36 letters, digits, "-" or "_", got ${JSON.stringify(clientOrderId)}`)
  }
  if (request.side !== 'buy' && request.side !== 'sell') fail(`unknown side ${String(request.side)}`)
  const side = request.side === 'buy' ? 'BUY' : 'SELL'
  const tail = { newClientOrderId: clientOrderId, newOrderRespType: 'FULL' }

  if (request.type === 'limit') {
    if (request.quoteQuantity !== undefined) fail('a limit order takes a base quantity, not quoteQuantity')
    const price = checkPrice(request.price, instrument, fail)
    const quantity = checkQuantity(request.quantity, instrument, fail)
    if (instrument.minNotional !== undefined && price.mul(quantity).lt(instrument.minNotional)) {
      fail(
        `value ${price.mul(quantity).toFixed()} is below the minimum ${instrument.minNotional.toFixed()} ${instrument.quote}`,
      )
    }
    const timeInForce = request.timeInForce ?? 'GTC'
    const typed: Record<string, string> =
      timeInForce === 'PostOnly' ? { type: 'LIMIT_MAKER' } : { type: 'LIMIT', timeInForce }
    return {
      clientOrderId,
      quantity,
      price,
      timeInForce,
      params: {
        symbol: instrument.venueSymbol,
        side,
        ...typed,
        quantity: quantity.toFixed(),
        price: price.toFixed(),
        ...tail,
      },
    }
  }
  if (request.type !== 'market') fail(`unknown order type ${String(request.type)}`)
  if (request.price !== undefined) fail('a market order takes no price')
  if (request.timeInForce !== undefined && request.timeInForce !== 'IOC') {
    fail(`a market order is always IOC, not ${request.timeInForce}`)
  }
  if ((request.quantity === undefined) === (request.quoteQuantity === undefined)) {
    fail('a market order takes exactly one of quantity and quoteQuantity')
  }
  const base = { symbol: instrument.venueSymbol, side, type: 'MARKET' }
  if (request.quoteQuantity !== undefined) {
    const quote = request.quoteQuantity
    if (!quote.isFinite() || quote.lte(0)) fail(`quoteQuantity must be positive, got ${quote.toString()}`)
    if (instrument.minNotional !== undefined && quote.lt(instrument.minNotional)) {
      fail(
        `quoteQuantity ${quote.toFixed()} is below the minimum ${instrument.minNotional.toFixed()} ${instrument.quote}`,
      )
    }
    return {
      clientOrderId,
      quoteQuantity: quote,
      timeInForce: 'IOC',
      params: { ...base, quoteOrderQty: quote.toFixed(), ...tail },
    }
  }
  const quantity = checkQuantity(request.quantity, instrument, fail)
  return {
    clientOrderId,
    quantity,
    timeInForce: 'IOC',
    params: { ...base, quantity: quantity.toFixed(), ...tail },
  }
}
