/**
 * Order requests checked against the instrument's rules and written as Bybit create / amend bodies.
 * A request the venue would refuse (off tick, off lot, below the minimum) is refused here, before
 * anything is sent. https://bybit-exchange.github.io/docs/v5/order/create-order
 */
import { randomUUID } from 'node:crypto'
import type { Decimal } from '../../core/decimal.js'
import { VenueError } from '../../core/errors.js'
import type { Instrument, OrderAmendment, OrderRequest, TimeInForce } from '../../core/model.js'
import { checkPrice, checkQuantity } from '../kit/trading/order-checks.js'
import type { QtyUnit } from './private-mappers.js'

/** The body of `POST /v5/order/create`, keys in the order they are sent (and signed). */
export interface BybitCreateBody {
  readonly category: 'spot'
  readonly symbol: string
  readonly side: 'Buy' | 'Sell'
  readonly orderType: 'Limit' | 'Market'
  readonly qty: string
  readonly price?: string
  readonly timeInForce: 'GTC' | 'IOC' | 'FOK' | 'PostOnly'
  readonly orderLinkId: string
  readonly marketUnit?: QtyUnit
  readonly isLeverage: 0
  readonly orderFilter: 'Order'
}

/** A request ready to send. */
export interface PreparedOrder {
  readonly clientOrderId: string
  readonly body: BybitCreateBody
  /** The unit of `body.qty`. */
  readonly unit: QtyUnit
  /** `body.qty` as a number, in `unit`. */
  readonly qty: Decimal
  /** The limit price, for a limit order. */
  readonly price?: Decimal | undefined
  readonly timeInForce: TimeInForce
}

/** Longest `orderLinkId` Bybit accepts. */
export const BYBIT_MAX_CLIENT_ID_LENGTH = 36

const CLIENT_ID = /^[A-Za-z0-9_-]{1,36}$/

/**
 * A fresh client order id: a random UUID, 36 characters, within Bybit's `orderLinkId` alphabet.
 *
 * @example
 * newClientOrderId() // '3b241101-e2bb-4255-8caf-4136c566a962'
 */
export function newClientOrderId(): string {
  return randomUUID()
}

/**
 * Checks an order request against the instrument and builds its create body.
 *
 * @throws VenueError `invalid-request` naming the broken rule (and the nearest valid value where one exists).
 * @example
 * prepareOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: d('15600'), quantity: d('0.1') }, btcusdt)
 * // { body: { category: 'spot', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.1', price: '15600', ... } }
 */
export function prepareOrder(request: OrderRequest, instrument: Instrument): PreparedOrder {
  const fail = (why: string): never => {
    throw new VenueError({
      kind: 'invalid-request',
      venue: 'bybit',
      message: `order ${request.side} ${instrument.symbol} refused before sending: ${why}`,
    })
  }
  if (instrument.status !== 'trading') fail(`${instrument.symbol} is ${instrument.status}`)
  const clientOrderId = request.clientOrderId ?? newClientOrderId()
  if (!CLIENT_ID.test(clientOrderId)) {
    fail(`client order id must be 1 to 36 letters, digits, "-" or "_", got ${JSON.stringify(clientOrderId)}`)
  }
  if (request.side !== 'buy' && request.side !== 'sell') fail(`unknown side ${String(request.side)}`)
  const side = request.side === 'buy' ? 'Buy' : 'Sell'
  const base = { category: 'spot', symbol: instrument.venueSymbol, side } as const

  if (request.type === 'limit') {
    if (request.quoteQuantity !== undefined) fail('a limit order takes a base quantity, not quoteQuantity')
    const price = checkPrice(request.price, instrument, fail)
    const qty = checkQuantity(request.quantity, instrument, fail)
    if (instrument.minNotional !== undefined && price.mul(qty).lt(instrument.minNotional)) {
      fail(
        `value ${price.mul(qty).toFixed()} is below the minimum ${instrument.minNotional.toFixed()} ${instrument.quote}`,
      )
    }
    const timeInForce = request.timeInForce ?? 'GTC'
    return {
      clientOrderId,
      unit: 'baseCoin',
      qty,
      price,
      timeInForce,
      body: {
        ...base,
        orderType: 'Limit',
        qty: qty.toFixed(),
        price: price.toFixed(),
        timeInForce,
        orderLinkId: clientOrderId,
        isLeverage: 0,
        orderFilter: 'Order',
      },
    }
  }
  if (request.type !== 'market') fail(`unknown order type ${String(request.type)}`)
  if (request.price !== undefined) fail('a market order takes no price')
  // Bybit runs every market order as IOC; asking for anything else would be silently ignored.
  if (request.timeInForce !== undefined && request.timeInForce !== 'IOC') {
    fail(`a market order is always IOC, not ${request.timeInForce}`)
  }
  const tif = 'IOC'
  if ((request.quantity === undefined) === (request.quoteQuantity === undefined)) {
    fail('a market order takes exactly one of quantity and quoteQuantity')
  }
  let qty: Decimal
  let unit: QtyUnit
  if (request.quoteQuantity !== undefined) {
    qty = request.quoteQuantity
    unit = 'quoteCoin'
    if (!qty.isFinite() || qty.lte(0)) fail(`quoteQuantity must be positive, got ${qty.toString()}`)
    if (instrument.minNotional !== undefined && qty.lt(instrument.minNotional)) {
      fail(
        `quoteQuantity ${qty.toFixed()} is below the minimum ${instrument.minNotional.toFixed()} ${instrument.quote}`,
      )
    }
  } else {
    qty = checkQuantity(request.quantity, instrument, fail)
    unit = 'baseCoin'
  }
  return {
    clientOrderId,
    unit,
    qty,
    timeInForce: tif,
    body: {
      ...base,
      orderType: 'Market',
      qty: qty.toFixed(),
      timeInForce: tif,
      orderLinkId: clientOrderId,
      marketUnit: unit,
      isLeverage: 0,
      orderFilter: 'Order',
    },
  }
}

/**
 * Checks an amendment against the instrument; returns the new `price` / `qty` texts to send.
 *
 * @throws VenueError `invalid-request` when nothing changes or a value breaks the instrument's rules.
 * @example
 * prepareAmendment({ price: d('15601.5') }, btcusdt) // { price: '15601.5' }
 */
export function prepareAmendment(
  changes: OrderAmendment,
  instrument: Instrument,
): { readonly price?: string; readonly qty?: string } {
  const fail = (why: string): never => {
    throw new VenueError({
      kind: 'invalid-request',
      venue: 'bybit',
      message: `amendment of a ${instrument.symbol} order refused before sending: ${why}`,
    })
  }
  if (changes.price === undefined && changes.quantity === undefined) fail('nothing to change')
  const out: { price?: string; qty?: string } = {}
  if (changes.quantity !== undefined) out.qty = checkQuantity(changes.quantity, instrument, fail).toFixed()
  if (changes.price !== undefined) out.price = checkPrice(changes.price, instrument, fail).toFixed()
  return out
}
