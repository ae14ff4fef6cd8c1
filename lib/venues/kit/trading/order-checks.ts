/**
 * Order request checks every venue applies before sending: the request's shape (a JavaScript caller may
 * pass anything), the instrument's tick size, lot size and size bounds. A request the venue would refuse
 * is refused here, with the nearest valid value.
 */
import { Decimal, isMultipleOf, roundToLot, roundToTick } from '../../../core/decimal.js'
import { didYouMean } from '../../../core/suggest.js'
import { decimalProblem, shownValue } from '../decimal-input.js'
import { requestRefusal } from './request-refusal.js'
import type {
  Instrument,
  OrderAmendment,
  OrderRef,
  OrderRequest,
  OrderType,
  TimeInForce,
} from '../../../core/model.js'

/**
 * What a venue accepts, as its `capabilities.trading` declares it.
 *
 * @example
 * const offered: OfferedOrders = { orderTypes: ['limit', 'market'], timeInForce: ['GTC', 'IOC'] }
 */
export interface OfferedOrders {
  readonly orderTypes: readonly OrderType[]
  readonly timeInForce: readonly TimeInForce[]
  /** False where orders take a base quantity only. Default true. */
  readonly quoteQuantityMarketOrders?: boolean | undefined
}

/**
 * An order request whose shape is checked before anything reads it: an object with a `symbol` string,
 * a `side` of `buy` or `sell`, an order type and time in force the venue offers, Decimals (not numbers
 * or strings) for `price`, `quantity` and `quoteQuantity`, a non-empty string `clientOrderId`, and no
 * field but those and the venue's `ownFields` (`'any'`: the fields are left to the venue). The
 * instrument's rules are checked later, by {@link checkPrice} and {@link checkQuantity}.
 *
 * @throws VenueError `invalid-request` naming the first field that is wrong.
 * @example
 * checkOrderRequest('bybit', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: 64000 }, offered)
 * // throws: bybit order refused before sending: price must be a Decimal, got number 64000
 */
export function checkOrderRequest(
  venue: string,
  request: unknown,
  offered: OfferedOrders,
  ownFields: readonly string[] | 'any' = [],
): OrderRequest {
  const fail = requestRefusal(venue, 'order')
  if (typeof request !== 'object' || request === null)
    fail(`an order request is an object, got ${shownValue(request)}`)
  const r = request as Readonly<Record<string, unknown>>
  if (ownFields !== 'any') {
    // a field the venue does not read would be an order other than the one meant (`postOnly: true`
    // placed as a plain limit order that may take liquidity)
    const fields = [...REQUEST_FIELDS, ...ownFields]
    for (const field of Object.keys(r)) {
      if (r[field] !== undefined && !fields.includes(field))
        fail(`unknown field ${field}${didYouMean(field, fields, 12)}`)
    }
  }
  checkSymbol(r['symbol'], fail)
  if (r['side'] !== 'buy' && r['side'] !== 'sell')
    fail(`side must be buy or sell, got ${shownValue(r['side'])}`)
  if (!(offered.orderTypes as readonly unknown[]).includes(r['type'])) {
    fail(`type must be one of ${offered.orderTypes.join(', ')}, got ${shownValue(r['type'])}`)
  }
  const tif = r['timeInForce']
  if (tif !== undefined && !(offered.timeInForce as readonly unknown[]).includes(tif)) {
    fail(`timeInForce must be one of ${offered.timeInForce.join(', ')}, got ${shownValue(tif)}`)
  }
  for (const field of ['price', 'quantity', 'quoteQuantity']) checkDecimal(field, r[field], fail)
  if (r['quoteQuantity'] !== undefined && offered.quoteQuantityMarketOrders === false)
    fail('orders take a base quantity (quantity) here, not quoteQuantity')
  const id = r['clientOrderId']
  if (id !== undefined && typeof id !== 'string')
    fail(`clientOrderId must be a string, got ${shownValue(id)}`)
  // an empty id is not a request for a generated one: the caller meant an id, and would look for it
  if (id === '')
    fail('clientOrderId must be 1 to 36 letters, digits, "-" or "_" (leave it out to have one made), got ""')
  return request as OrderRequest
}

/**
 * An order reference whose shape is checked: an object with a `symbol` string and an `id` or
 * `clientOrderId` string.
 *
 * @throws VenueError `invalid-request` naming what is wrong.
 * @example
 * checkOrderRef('binance', { symbol: 'BTC/USDT' }) // throws: … needs an id or a clientOrderId
 */
export function checkOrderRef(venue: string, ref: unknown): OrderRef {
  const fail = requestRefusal(venue, 'order reference')
  if (typeof ref !== 'object' || ref === null) fail(`an order reference is an object, got ${shownValue(ref)}`)
  const r = ref as Readonly<Record<string, unknown>>
  checkSymbol(r['symbol'], fail)
  const { id, clientOrderId } = r
  if (id !== undefined && typeof id !== 'string') fail(`id must be a string, got ${shownValue(id)}`)
  if (clientOrderId !== undefined && typeof clientOrderId !== 'string') {
    fail(`clientOrderId must be a string, got ${shownValue(clientOrderId)}`)
  }
  if (id === undefined && clientOrderId === undefined) fail('it needs an id or a clientOrderId')
  return ref as OrderRef
}

/** The fields of the model's order request, which every venue reads. */
const REQUEST_FIELDS: readonly string[] = [
  'symbol',
  'side',
  'type',
  'quantity',
  'quoteQuantity',
  'price',
  'timeInForce',
  'clientOrderId',
] satisfies readonly (keyof OrderRequest)[]

const AMENDED: readonly string[] = ['price', 'quantity'] satisfies readonly (keyof OrderAmendment)[]

/**
 * An amendment whose shape is checked: an object naming at least one of `price` and `quantity`, each a
 * Decimal, and nothing else (a misspelt field would otherwise be an amendment that changes nothing).
 * The values are checked against the instrument later, by `checkAmendment`.
 *
 * @throws VenueError `invalid-request` naming what is wrong.
 * @example
 * checkOrderAmendment('bybit', { price: '64000' }) // throws: … price must be a Decimal, got string "64000"
 * checkOrderAmendment('prime', { prize: d('64000') }) // throws: … unknown field prize; did you mean price?
 */
export function checkOrderAmendment(venue: string, changes: unknown): OrderAmendment {
  const fail = requestRefusal(venue, 'amendment')
  if (typeof changes !== 'object' || changes === null)
    fail(`an amendment is an object, got ${shownValue(changes)}`)
  const c = changes as Readonly<Record<string, unknown>>
  for (const field of Object.keys(c)) {
    if (!AMENDED.includes(field)) fail(`unknown field ${field}${didYouMean(field, AMENDED)}`)
  }
  if (AMENDED.every((field) => c[field] === undefined)) fail('it changes nothing: give price or quantity')
  for (const field of AMENDED) checkDecimal(field, c[field], fail)
  return changes as OrderAmendment
}

function checkSymbol(symbol: unknown, fail: (why: string) => never): void {
  if (symbol === undefined) fail('symbol is missing')
  if (typeof symbol !== 'string') fail(`symbol must be a string like BTC/USDT, got ${shownValue(symbol)}`)
}

function checkDecimal(field: string, value: unknown, fail: (why: string) => never): void {
  const problem = decimalProblem(field, value, true)
  if (problem !== undefined) fail(problem)
}

/**
 * A limit price checked against the instrument: present, positive, a multiple of the tick size.
 * `fail` raises the venue's refusal with the reason (and the nearest valid prices).
 *
 * @example
 * checkPrice(d('15600.05'), btcusdt, fail) // fail('price 15600.05 is not a multiple of the tick size 0.1 (nearest: ...)')
 */
export function checkPrice(
  price: Decimal | undefined,
  instrument: Instrument,
  fail: (why: string) => never,
): Decimal {
  if (price === undefined) return fail('a limit order needs a price')
  checkDecimal('price', price, fail)
  if (!price.isFinite() || price.lte(0)) return fail(`price must be positive, got ${price.toString()}`)
  if (!isMultipleOf(price, instrument.tickSize)) {
    const down = roundToTick(price, instrument.tickSize, 'floor')
    const up = roundToTick(price, instrument.tickSize, 'ceil')
    return fail(
      `price ${price.toFixed()} is not a multiple of the tick size ${instrument.tickSize.toFixed()} (nearest: ${down.toFixed()} or ${up.toFixed()})`,
    )
  }
  return price
}

/**
 * A base quantity checked against the instrument: present, positive, a multiple of the lot size, within
 * the minimum and maximum order size.
 *
 * @example
 * checkQuantity(d('0.1'), btcusdt, fail) // Decimal 0.1
 */
export function checkQuantity(
  qty: Decimal | undefined,
  instrument: Instrument,
  fail: (why: string) => never,
): Decimal {
  if (qty === undefined) return fail('quantity is missing')
  checkDecimal('quantity', qty, fail)
  if (!qty.isFinite() || qty.lte(0)) return fail(`quantity must be positive, got ${qty.toString()}`)
  if (!isMultipleOf(qty, instrument.lotSize)) {
    return fail(
      `quantity ${qty.toFixed()} is not a multiple of the lot size ${instrument.lotSize.toFixed()} (at most ${roundToLot(qty, instrument.lotSize).toFixed()})`,
    )
  }
  if (qty.lt(instrument.minSize)) {
    return fail(`quantity ${qty.toFixed()} is below the minimum ${instrument.minSize.toFixed()}`)
  }
  if (instrument.maxSize !== undefined && qty.gt(instrument.maxSize)) {
    return fail(`quantity ${qty.toFixed()} is above the maximum ${instrument.maxSize.toFixed()}`)
  }
  return qty
}
