/**
 * The portfolio's orders on the shared engine and Prime's order endpoints: create (MARKET, LIMIT,
 * STOP_LIMIT, TWAP, VWAP), preview, get, cancel, edit, open orders, fills; and how Prime writes an
 * order on REST and on the `orders` channel.
 * https://docs.cdp.coinbase.com/api-reference/prime-api/rest-api/orders/create-order
 */
import { Decimal, isMultipleOf } from '../../core/decimal.js'
import type { Side, TimeInForce } from '../../core/model.js'
import { OrderDesk, type DeskOrder } from '../kit/order-desk.js'
import { isOpen, type JournalEntry, type JournalFill } from '../kit/order-journal.js'
import type { Params } from '../kit/params.js'
import type { PrimeContext } from './context.js'
import type { PrimeMarket } from './options.js'
import { fixed, isoTime, plain, primeError, primeRefusal, uuidOf } from './wire.js'

/**
 * What Prime keeps of an order besides the journal's state.
 *
 * @example
 * const terms: PrimeTerms = { market, clientOrderId: 'grid-1', side: 'buy', type: 'LIMIT', timeInForce: 'GOOD_UNTIL_CANCELLED', expired: false }
 */
export interface PrimeTerms {
  readonly market: PrimeMarket
  readonly clientOrderId: string
  readonly side: Side
  readonly type: string
  timeInForce: string
  baseQuantity?: Decimal | undefined
  readonly quoteValue?: Decimal | undefined
  limitPrice?: Decimal | undefined
  readonly stopPrice?: Decimal | undefined
  readonly startTime?: string | undefined
  readonly expiryTime?: number | undefined
  /** A quote accepted (RFQ): filled outside the book, at the quote's price. */
  readonly rfq?: boolean | undefined
  expired: boolean
}

interface FillExtras {
  readonly id: string
}

/**
 * One order of the portfolio.
 *
 * @example
 * const entry: PrimeOrderEntry | undefined = orders.byClientId('grid-1')
 */
export type PrimeOrderEntry = JournalEntry<PrimeTerms, string>
/** One fill of the portfolio. */
export type PrimeFillEntry = JournalFill<PrimeTerms, string, FillExtras>

/**
 * The portfolio's orders, fed by the engine's reports. Ids are UUIDs drawn from the seed.
 *
 * @example
 * const orders = new PrimeOrders(ctx, seed)
 */
export class PrimeOrders extends OrderDesk<PrimeTerms, string, FillExtras> {
  constructor(
    engine: ConstructorParameters<typeof OrderDesk<PrimeTerms, string, FillExtras>>[0]['engine'],
    seed: number,
  ) {
    let fills = 0
    super({
      engine,
      orderId: (engineId) => uuidOf(seed, 0x1000 + Number(engineId)),
      clientId: (terms) => terms.clientOrderId,
      fillExtras: () => ({
        id: uuidOf(seed, 0x8000_0000 + ++fills),
      }),
      refusals: {
        insufficientFunds: (message) => primeRefusal('INSUFFICIENT_FUNDS', message),
        notFound: (message) => primeError('notFound', message),
        other: (message) => primeError('invalid', message),
      },
    })
  }
}

const DECIMAL = /^(?:\d+\.?\d*|\.\d+)$/
const TIFS = ['GOOD_UNTIL_CANCELLED', 'GOOD_UNTIL_DATE_TIME', 'IMMEDIATE_OR_CANCEL', 'FILL_OR_KILL']
const TYPES = ['MARKET', 'LIMIT', 'STOP_LIMIT', 'TWAP', 'VWAP']

/** The orders part of the simulator's context. */
export interface PrimeOrderContext extends PrimeContext {
  readonly orders: PrimeOrders
}

function text(params: Params, name: string, required = true): string | undefined {
  const v = params.get(name)
  if (v === undefined || v === null || v === '') {
    if (required) throw primeError('missing', `${name} is required`)
    return undefined
  }
  if (typeof v !== 'string') throw primeError('invalid', `${name} must be a string`)
  return v
}

function decimal(params: Params, name: string): Decimal | undefined {
  const v = text(params, name, false)
  if (v === undefined) return undefined
  if (!DECIMAL.test(v) || !new Decimal(v).gt(0))
    throw primeError('invalid', `${name} must be a positive decimal string`)
  return new Decimal(v)
}

/**
 * The order a create (or preview) body asks for, checked as Prime checks it.
 *
 * @throws VenueError `VALIDATION_ERROR` / `REQUIRED_FIELD_MISSING` for a body Prime refuses.
 */
function termsOf(ctx: PrimeOrderContext, params: Params, portfolioId: string): PrimeTerms {
  if (text(params, 'portfolio_id') !== portfolioId)
    throw primeError('invalid', 'portfolio_id does not match the path')
  const market = ctx.product(text(params, 'product_id'))
  const sideText = text(params, 'side')
  if (sideText !== 'BUY' && sideText !== 'SELL') throw primeError('invalid', 'side must be BUY or SELL')
  const type = text(params, 'type') ?? ''
  if (!TYPES.includes(type)) throw primeError('invalid', `type must be one of ${TYPES.join(', ')}`)
  const baseQuantity = decimal(params, 'base_quantity')
  const quoteValue = decimal(params, 'quote_value')
  if ((baseQuantity === undefined) === (quoteValue === undefined))
    throw primeError('invalid', 'give exactly one of base_quantity and quote_value')
  if (type !== 'MARKET' && quoteValue !== undefined)
    throw primeError('invalid', 'the simulator takes limit orders by base_quantity')
  const limitPrice = decimal(params, 'limit_price')
  if (type !== 'MARKET' && limitPrice === undefined) throw primeError('missing', 'limit_price is required')
  if (type === 'MARKET' && limitPrice !== undefined)
    throw primeError('invalid', 'a MARKET order takes no limit_price')
  const { instrument } = market
  if (limitPrice !== undefined && !isMultipleOf(limitPrice, market.tickSize))
    throw primeError('invalid', `limit_price must be a multiple of ${plain(market.tickSize)}`)
  if (
    baseQuantity !== undefined &&
    (!isMultipleOf(baseQuantity, instrument.lotSize) || baseQuantity.lt(instrument.minSize))
  )
    throw primeError(
      'invalid',
      `base_quantity must be a multiple of ${plain(instrument.lotSize)}, at least ${plain(instrument.minSize)}`,
    )
  const timeInForce =
    text(params, 'time_in_force', false) ??
    (type === 'MARKET' ? 'IMMEDIATE_OR_CANCEL' : 'GOOD_UNTIL_CANCELLED')
  if (!TIFS.includes(timeInForce))
    throw primeError('invalid', `time_in_force must be one of ${TIFS.join(', ')}`)
  const stopPrice = decimal(params, 'stop_price')
  if (type === 'STOP_LIMIT' && stopPrice === undefined) throw primeError('missing', 'stop_price is required')
  const startTime = text(params, 'start_time', type === 'TWAP' || type === 'VWAP')
  const expiry = text(
    params,
    'expiry_time',
    type === 'TWAP' || type === 'VWAP' || timeInForce === 'GOOD_UNTIL_DATE_TIME',
  )
  const expiryTime = expiry === undefined ? undefined : Date.parse(expiry)
  if (expiryTime !== undefined && !(expiryTime > ctx.clock.now()))
    throw primeError('invalid', 'expiry_time must be in the future')
  return {
    market,
    clientOrderId: text(params, 'client_order_id') ?? '',
    side: sideText === 'BUY' ? 'buy' : 'sell',
    type,
    timeInForce,
    baseQuantity,
    quoteValue,
    limitPrice,
    stopPrice,
    startTime,
    expiryTime,
    expired: false,
  }
}

/**
 * `POST .../order`: places one order. A `client_order_id` of an open order is refused
 * (`DUPLICATE_CLIENT_ORDER_ID`: Prime keeps them unique among active orders). STOP_LIMIT, TWAP and VWAP
 * rest at their limit price at once (the simulator neither waits for the stop nor slices the order).
 *
 * @example
 * createOrder(ctx, params, portfolioId) // { order_id }
 */
export function createOrder(
  ctx: PrimeOrderContext,
  params: Params,
  portfolioId: string,
): Record<string, unknown> {
  expireDue(ctx)
  const terms = termsOf(ctx, params, portfolioId)
  const existing = ctx.orders.byClientId(terms.clientOrderId)
  if (existing !== undefined && isOpen(existing))
    throw primeRefusal('DUPLICATE_CLIENT_ORDER_ID', `client_order_id ${terms.clientOrderId} is in use`)
  const symbol = terms.market.instrument.symbol
  const tif: TimeInForce =
    terms.type === 'MARKET' || terms.timeInForce === 'IMMEDIATE_OR_CANCEL'
      ? 'IOC'
      : terms.timeInForce === 'FILL_OR_KILL'
        ? 'FOK'
        : 'GTC'
  const request: DeskOrder =
    terms.type === 'MARKET'
      ? {
          symbol,
          side: terms.side,
          type: 'market',
          quantity: terms.baseQuantity,
          quoteQuantity: terms.quoteValue,
          timeInForce: 'IOC',
        }
      : {
          symbol,
          side: terms.side,
          type: 'limit',
          price: terms.limitPrice,
          quantity: terms.baseQuantity,
          timeInForce: tif,
        }
  const entry = ctx.orders.place(terms, request)
  return { order_id: entry.orderId ?? '' }
}

/**
 * `POST .../order_preview`: the order's cost at the book now; nothing is placed.
 *
 * @example
 * previewOrder(ctx, params, portfolioId).order_total
 */
export function previewOrder(
  ctx: PrimeOrderContext,
  params: Params,
  portfolioId: string,
): Record<string, unknown> {
  const terms = termsOf(ctx, params, portfolioId)
  const m = terms.market
  const { bids, asks } = ctx.exchange.book(m.instrument.symbol, 1)
  const best = (terms.side === 'buy' ? asks : bids)[0]?.price ?? terms.limitPrice ?? new Decimal(0)
  const price = terms.limitPrice ?? best
  const rate = ctx.options.takerFee
  // a quote buy pays its commission out of the quote value
  const inside = terms.side === 'buy' && terms.baseQuantity === undefined
  const value = terms.quoteValue ?? new Decimal(0)
  const qty = terms.baseQuantity ?? (inside ? value.div(rate.plus(1)) : value).div(price)
  const total = qty.mul(price)
  const commission = inside ? value.minus(total) : total.mul(rate)
  return {
    portfolio_id: portfolioId,
    product_id: m.venueSymbol,
    side: terms.side === 'buy' ? 'BUY' : 'SELL',
    type: terms.type,
    base_quantity: fixed(qty, m.qtyDp),
    limit_price: terms.limitPrice === undefined ? '' : fixed(terms.limitPrice, m.priceDp),
    commission: plain(commission),
    slippage: '0',
    best_bid: bids[0] === undefined ? '' : fixed(bids[0].price, m.priceDp),
    best_ask: asks[0] === undefined ? '' : fixed(asks[0].price, m.priceDp),
    average_filled_price: fixed(price, m.priceDp),
    order_total: plain(terms.side === 'buy' ? total.plus(commission) : total.minus(commission)),
  }
}

/** The order a path names, or `RESOURCE_NOT_FOUND`. */
export function orderOf(ctx: PrimeOrderContext, id: string | undefined): PrimeOrderEntry {
  const entry = id === undefined ? undefined : ctx.orders.byId(id)
  if (entry === undefined) throw primeError('notFound', `order ${id ?? ''} not found`)
  return entry
}

/**
 * `POST .../orders/{id}/cancel`.
 *
 * @example
 * cancelOrder(ctx, id) // { id }
 */
export function cancelOrder(ctx: PrimeOrderContext, id: string | undefined): Record<string, unknown> {
  expireDue(ctx)
  const entry = orderOf(ctx, id)
  if (!isOpen(entry)) throw primeError('invalid', `order ${entry.orderId ?? ''} is ${entry.status}`)
  ctx.orders.cancel(entry)
  return { id: entry.orderId }
}

/**
 * `PUT .../orders/{id}/edit`: a new limit price or base quantity for an open order
 * (`orig_client_order_id` must name it).
 *
 * @example
 * editOrder(ctx, id, params) // { order_id }
 */
export function editOrder(
  ctx: PrimeOrderContext,
  id: string | undefined,
  params: Params,
): Record<string, unknown> {
  expireDue(ctx)
  const entry = orderOf(ctx, id)
  if (text(params, 'orig_client_order_id') !== entry.clientOrderId)
    throw primeError('invalid', 'orig_client_order_id does not name the order')
  if (!isOpen(entry) || entry.limitPrice === undefined)
    throw primeError('invalid', `order ${entry.orderId ?? ''} cannot be edited`)
  const price = decimal(params, 'limit_price')
  const quantity = decimal(params, 'base_quantity')
  if (price !== undefined && !isMultipleOf(price, entry.market.tickSize))
    throw primeError('invalid', 'limit_price is off tick')
  ctx.orders.amend(entry, { price, quantity })
  if (price !== undefined) entry.limitPrice = price
  if (quantity !== undefined) entry.baseQuantity = quantity
  return { order_id: entry.orderId }
}

/**
 * Expires the orders whose `expiry_time` has passed (the engine cancels them; they read `EXPIRED`).
 *
 * @example
 * sim.advanceClock(60_000); expireDue(ctx)
 */
export function expireDue(ctx: PrimeOrderContext): void {
  const now = ctx.clock.now()
  for (const entry of ctx.orders.openOrders()) {
    if (entry.expiryTime === undefined || entry.expiryTime > now) continue
    entry.expired = true
    ctx.orders.cancel(entry)
  }
}

/** Prime's status of an order. */
export function statusOf(entry: PrimeOrderEntry): string {
  if (entry.expired) return 'EXPIRED'
  switch (entry.status) {
    case 'pending-new':
      return 'PENDING'
    case 'new':
    case 'partially-filled':
    case 'pending-cancel':
      return 'OPEN'
    case 'filled':
      return 'FILLED'
    case 'canceled':
      return 'CANCELLED'
    case 'expired':
      return 'EXPIRED'
    default:
      return 'FAILED'
  }
}

/**
 * An order as the REST API writes it (the fields of `rest-get-order.order-object.sdk-test.json`).
 *
 * @example
 * restOrder(entry, portfolioId).status // 'OPEN'
 */
export function restOrder(
  entry: PrimeOrderEntry,
  portfolioId: string,
  userId: string,
): Record<string, unknown> {
  const m = entry.market
  const qty = entry.executedQty
  return {
    id: entry.orderId ?? '',
    user_id: userId,
    portfolio_id: portfolioId,
    product_id: m.venueSymbol,
    side: entry.side === 'buy' ? 'BUY' : 'SELL',
    client_order_id: entry.clientOrderId,
    type: entry.type,
    base_quantity: entry.baseQuantity === undefined ? '' : fixed(entry.baseQuantity, m.qtyDp),
    quote_value: entry.quoteValue === undefined ? '' : plain(entry.quoteValue),
    limit_price: entry.limitPrice === undefined ? '' : fixed(entry.limitPrice, m.priceDp),
    start_time: entry.startTime ?? null,
    expiry_time: entry.expiryTime === undefined ? null : isoTime(entry.expiryTime),
    status: statusOf(entry),
    time_in_force: entry.timeInForce,
    created_at: isoTime(entry.createdAt),
    filled_quantity: fixed(qty, m.qtyDp),
    filled_value: plain(entry.executedValue),
    average_filled_price: qty.gt(0) ? plain(entry.executedValue.div(qty)) : '0',
    commission: plain(entry.executedFee),
    exchange_fee: '0',
    stop_price: entry.stopPrice === undefined ? '' : fixed(entry.stopPrice, m.priceDp),
    net_average_filled_price: qty.gt(0) ? plain(entry.executedValue.div(qty)) : '0',
  }
}

/**
 * An order as the `orders` channel writes it (`ws-orders-snapshot.normalized.json`): running totals,
 * lower-case `order_type` and `side`.
 *
 * @example
 * wsOrder(entry).cum_qty
 */
export function wsOrder(entry: PrimeOrderEntry): Record<string, unknown> {
  const m = entry.market
  const qty = entry.executedQty
  const total = entry.baseQuantity ?? qty
  const leaves = isOpen(entry) ? total.minus(qty) : new Decimal(0)
  const avg = qty.gt(0) ? entry.executedValue.div(qty) : new Decimal(0)
  return {
    order_id: entry.orderId ?? '',
    client_order_id: entry.clientOrderId,
    cum_qty: fixed(qty, m.qtyDp),
    leaves_qty: fixed(leaves, m.qtyDp),
    avg_px: plain(avg),
    net_avg_px: plain(avg),
    status: statusOf(entry),
    product_id: m.venueSymbol,
    user_context: '',
    limit_px: entry.limitPrice === undefined ? '' : fixed(entry.limitPrice, m.priceDp),
    order_type: entry.type.toLowerCase(),
    side: entry.side,
    fees: plain(entry.executedFee),
  }
}

/**
 * A fill as `GET .../fills` writes it.
 *
 * @example
 * restFill(fill).price
 */
export function restFill(f: PrimeFillEntry): Record<string, unknown> {
  const m = f.order.market
  return {
    id: f.id,
    order_id: f.order.orderId ?? '',
    client_order_id: f.order.clientOrderId,
    product_id: m.venueSymbol,
    side: f.order.side === 'buy' ? 'BUY' : 'SELL',
    filled_quantity: fixed(f.qty, m.qtyDp),
    filled_value: plain(f.qty.mul(f.price)),
    price: fixed(f.price, m.priceDp),
    time: isoTime(f.time),
    commission: plain(f.fee),
    venue: 'Coinbase',
  }
}
