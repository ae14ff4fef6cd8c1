/**
 * io-ts codecs of Coinbase Prime's REST answers and WebSocket frames. Only the fields the SDK reads are
 * checked; Prime sends more. https://docs.cdp.coinbase.com/api-reference/prime-api/rest-api/orders/get-order-by-order-id
 * (and the pages next to it), https://docs.cdp.coinbase.com/prime/websocket-feed/channels
 */
import * as t from 'io-ts'
import { Decimal } from '../../core/decimal.js'
import { DecimalString, isPlainDecimal, type DecimalText } from '../../codec/decimal.js'
import type { PriceSizeText } from '../../codec/levels.js'
import { DecodeError } from '../../core/errors.js'
import { formatErrors } from '../../codec/report.js'
import { IsoTimestamp } from '../../codec/timestamp.js'

/**
 * A decimal string Prime may leave empty (`limit_px: ""` on a market order of the `orders` channel).
 *
 * @example
 * PrimeOptionalDecimal.decode('') // Right(undefined)
 */
export const PrimeOptionalDecimal = new t.Type<Decimal | undefined, string, unknown>(
  'decimal string or ""',
  (u): u is Decimal | undefined => u === undefined || u instanceof Decimal,
  (u, c) => {
    if (u === '' || u === null || u === undefined) return t.success(undefined)
    return typeof u === 'string' && isPlainDecimal(u) ? t.success(new Decimal(u)) : t.failure(u, c)
  },
  (d) => (d === undefined ? '' : d.toFixed()),
)

/**
 * The error body of a refused request (`{code, message, subcode?, trace_id?}`); a body that is not
 * JSON happens too, and is read as text.
 *
 * @example
 * PrimeErrorBody.is({ code: 'RESOURCE_NOT_FOUND', message: 'missing' }) // true
 */
export const PrimeErrorBody = t.intersection([
  t.type({ message: t.string }),
  t.partial({ code: t.string, subcode: t.string, trace_id: t.string }),
])

/** `{ next_cursor, has_next }` of a paged answer. */
const Pagination = t.partial({ next_cursor: t.string, has_next: t.boolean })
/** A page's `pagination`: the next cursor, while `has_next`. */
export type PrimePagination = t.TypeOf<typeof Pagination>

/**
 * `GET /v1/portfolios`: the portfolios the key may read.
 *
 * @example
 * PrimePortfolios.decode({ portfolios: [{ id: 'p-1', name: 'Main' }] })
 */
export const PrimePortfolios = t.type({
  portfolios: t.array(t.intersection([t.type({ id: t.string }), t.partial({ name: t.string })])),
})

/**
 * A product of `GET /v1/portfolios/{id}/products`; `price_increment` is the price step
 * (`quote_increment` the step of a quote-value order).
 *
 * @example
 * PrimeProduct.decode(page.products[0]).right?.price_increment // Decimal 0.01
 */
export const PrimeProduct = t.intersection([
  t.type({
    id: t.string,
    base_increment: DecimalString,
    quote_increment: DecimalString,
    base_min_size: DecimalString,
  }),
  t.partial({
    base_max_size: PrimeOptionalDecimal,
    quote_min_size: PrimeOptionalDecimal,
    price_increment: PrimeOptionalDecimal,
    permissions: t.union([t.string, t.array(t.string)]),
  }),
])
/** A decoded product. */
export type PrimeProduct = t.TypeOf<typeof PrimeProduct>

/** A page of products (each product decoded on its own, see `listedInstruments`). */
export const PrimeProductsPage = t.type({
  products: t.array(t.unknown),
  pagination: t.union([Pagination, t.undefined]),
})

/** `BUY` or `SELL`. */
const Side = t.keyof({ BUY: null, SELL: null })

/**
 * An order record (get, list, open orders). The `time_in_force` is kept as text: the SDK's own test
 * data uses `GTC`, outside the documented enum.
 *
 * @example
 * PrimeOrderRecord.decode(fixture).right?.filled_quantity // Decimal 1.0
 */
export const PrimeOrderRecord = t.intersection([
  t.type({
    id: t.string,
    product_id: t.string,
    side: Side,
    type: t.string,
    status: t.string,
    created_at: IsoTimestamp,
    filled_quantity: DecimalString,
  }),
  t.partial({
    client_order_id: t.string,
    base_quantity: PrimeOptionalDecimal,
    quote_value: PrimeOptionalDecimal,
    limit_price: PrimeOptionalDecimal,
    stop_price: PrimeOptionalDecimal,
    time_in_force: t.string,
    average_filled_price: PrimeOptionalDecimal,
    filled_value: PrimeOptionalDecimal,
    commission: PrimeOptionalDecimal,
    start_time: t.union([t.string, t.null]),
    expiry_time: t.union([t.string, t.null]),
  }),
])
/** A decoded order record. */
export type PrimeOrderRecord = t.TypeOf<typeof PrimeOrderRecord>

/** `GET .../orders/{order_id}`. */
export const PrimeGetOrderAnswer = t.type({ order: PrimeOrderRecord })
/** `GET .../open_orders` and `GET .../orders`, paged by `cursor`. */
export const PrimeOrderPage = t.type({
  orders: t.array(PrimeOrderRecord),
  pagination: t.union([Pagination, t.undefined]),
})
/** `POST .../order` and `PUT .../edit`: the order's id. */
export const PrimeCreateAnswer = t.type({ order_id: t.string })
/** `POST .../orders/{id}/cancel`. */
export const PrimeCancelAnswer = t.type({ id: t.string })

/**
 * A fill of `GET .../orders/{id}/fills` or `GET .../fills`.
 *
 * @example
 * PrimeFillRecord.decode(page.fills[0]).right?.price
 */
export const PrimeFillRecord = t.intersection([
  t.type({
    id: t.string,
    order_id: t.string,
    product_id: t.string,
    side: Side,
    filled_quantity: DecimalString,
    price: DecimalString,
    time: IsoTimestamp,
  }),
  t.partial({
    client_order_id: t.string,
    commission: PrimeOptionalDecimal,
    filled_value: PrimeOptionalDecimal,
  }),
])
/** A decoded fill. */
export type PrimeFillRecord = t.TypeOf<typeof PrimeFillRecord>
/** A page of fills. */
export const PrimeFillPage = t.type({
  fills: t.array(PrimeFillRecord),
  pagination: t.union([Pagination, t.undefined]),
})

/**
 * A balance of `GET .../balances`: `amount` in all, `holds` of it held.
 *
 * @example
 * PrimeBalances.decode({ balances: [{ symbol: 'btc', amount: '1', holds: '0.1' }] })
 */
export const PrimeBalances = t.type({
  balances: t.array(
    t.intersection([
      t.type({ symbol: t.string, amount: DecimalString }),
      t.partial({ holds: PrimeOptionalDecimal, withdrawable_amount: PrimeOptionalDecimal }),
    ]),
  ),
})

/**
 * A wallet of `GET .../wallets`.
 *
 * @example
 * PrimeWalletPage.decode({ wallets: [{ id: 'w-1', name: 'ETH vault', symbol: 'ETH', type: 'VAULT' }] })
 */
export const PrimeWalletPage = t.type({
  wallets: t.array(
    t.intersection([
      t.type({ id: t.string, symbol: t.string, type: t.string }),
      t.partial({ name: t.string, created_at: t.string, address: t.string }),
    ]),
  ),
  pagination: t.union([Pagination, t.undefined]),
})

/**
 * `POST .../order_preview`: what the order would cost.
 *
 * @example
 * PrimePreviewAnswer.decode(answer).right?.order_total
 */
export const PrimePreviewAnswer = t.intersection([
  t.type({ product_id: t.string, side: Side }),
  t.partial({
    base_quantity: PrimeOptionalDecimal,
    quote_value: PrimeOptionalDecimal,
    limit_price: PrimeOptionalDecimal,
    commission: PrimeOptionalDecimal,
    slippage: PrimeOptionalDecimal,
    best_bid: PrimeOptionalDecimal,
    best_ask: PrimeOptionalDecimal,
    average_filled_price: PrimeOptionalDecimal,
    order_total: PrimeOptionalDecimal,
  }),
])

/**
 * `POST .../rfq`: a firm quote.
 *
 * @example
 * PrimeQuoteAnswer.decode({ quote_id: 'q-1', expiration_time: '2024-01-01T00:00:05Z', quote_price: '60000', base_quantity: '1' })
 */
export const PrimeQuoteAnswer = t.intersection([
  t.type({ quote_id: t.string, expiration_time: IsoTimestamp, quote_price: DecimalString }),
  t.partial({ base_quantity: PrimeOptionalDecimal, quote_value: PrimeOptionalDecimal }),
])

/** The number of a frame on its connection. */
const Sequence = t.type({ sequence_num: t.number })

/**
 * An order of the `orders` channel: running totals (`cum_qty`, `avg_px`, `fees`), lower-case
 * `order_type` and `side`.
 *
 * @example
 * PrimeWsOrder.decode(fixture.events[0].orders[0]).right?.leaves_qty // Decimal 3
 */
export const PrimeWsOrder = t.intersection([
  t.type({
    order_id: t.string,
    client_order_id: t.string,
    cum_qty: DecimalString,
    leaves_qty: DecimalString,
    avg_px: PrimeOptionalDecimal,
    status: t.string,
    product_id: t.string,
    order_type: t.string,
    side: t.string,
  }),
  t.partial({ limit_px: PrimeOptionalDecimal, fees: PrimeOptionalDecimal }),
])
/** A decoded `orders` order. */
export type PrimeWsOrder = t.TypeOf<typeof PrimeWsOrder>

/**
 * An `orders` frame: a snapshot of the open orders, then each change.
 *
 * @example
 * PrimeOrdersFrame.decode(fixture).right?.events[0]?.orders.length // 1
 */
export const PrimeOrdersFrame = t.intersection([
  Sequence,
  t.type({
    channel: t.literal('orders'),
    timestamp: IsoTimestamp,
    events: t.array(t.type({ type: t.string, orders: t.array(PrimeWsOrder) })),
  }),
])
/** A decoded `orders` frame. */
export type PrimeOrdersFrame = t.TypeOf<typeof PrimeOrdersFrame>

const L2Update = t.type({
  side: t.keyof({ bid: null, offer: null }),
  px: t.string,
  qty: t.string,
})
const L2Frame = t.intersection([
  Sequence,
  t.type({
    timestamp: IsoTimestamp,
    events: t.array(t.type({ type: t.string, product_id: t.string, updates: t.array(L2Update) })),
  }),
])

/**
 * One product's event of an `l2_data` frame, as the book feed reads it: levels still the venue's text
 * (`px`, `qty`; a `qty` of 0 removes the level).
 *
 * @example
 * const f: PrimeBookFrame = decodePrimeFrame(text) as PrimeBookFrame
 * f.snapshot, f.bids[0]?.[0]
 */
export interface PrimeBookFrame {
  readonly kind: 'l2_data'
  /** The product: what the socket routes a book frame by. */
  readonly route: string
  readonly sequence: number
  readonly snapshot: boolean
  readonly bids: readonly PriceSizeText[]
  readonly asks: readonly PriceSizeText[]
  readonly ts: number
}

/**
 * Every frame of the Prime socket, told apart by `kind`; `route` is what the socket routes by (a book
 * frame's product, another frame's channel), `sequence` its number on the connection.
 *
 * @example
 * const f = decodePrimeFrame(text)
 * if (f.kind === 'orders') f.frame.events
 */
export type PrimeFrame =
  | PrimeBookFrame
  | {
      readonly kind: 'orders'
      readonly route: 'orders'
      readonly sequence: number
      readonly frame: PrimeOrdersFrame
    }
  | {
      readonly kind: 'heartbeats' | 'subscriptions'
      readonly route: 'heartbeats' | 'subscriptions'
      readonly sequence: number
    }
  | {
      readonly kind: 'error'
      readonly route: undefined
      readonly sequence: undefined
      readonly message: string
    }

/**
 * Parses and decodes one frame. An `l2_data` frame carries one product's event (the driver subscribes
 * one product a message); a frame the SDK cannot read throws a {@link DecodeError} with its text.
 *
 * @throws DecodeError
 * @example
 * decodePrimeFrame('{"channel":"heartbeats","sequence_num":3,"events":[]}').kind // 'heartbeats'
 */
export function decodePrimeFrame(text: string): PrimeFrame {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw frameError('prime frame', [`(root): invalid JSON (${(e as Error).message})`], text, e)
  }
  const f = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>
  const channel = f['channel']
  if (f['type'] === 'error') {
    const message = typeof f['message'] === 'string' ? f['message'] : 'error'
    return { kind: 'error', route: undefined, sequence: undefined, message }
  }
  if (channel === 'l2_data') return bookFrame(value, text)
  if (channel === 'orders') {
    const r = PrimeOrdersFrame.decode(value)
    if (r._tag === 'Left') throw frameError('prime orders', formatErrors(r.left), text)
    return { kind: 'orders', route: 'orders', sequence: r.right.sequence_num, frame: r.right }
  }
  if (channel === 'heartbeats' || channel === 'subscriptions') {
    const r = Sequence.decode(value)
    if (r._tag === 'Left') throw frameError(`prime ${channel}`, formatErrors(r.left), text)
    return { kind: channel, route: channel, sequence: r.right.sequence_num }
  }
  throw frameError('prime frame', [`channel: unknown "${String(channel)}"`], text)
}

function bookFrame(value: unknown, text: string): PrimeBookFrame {
  const r = L2Frame.decode(value)
  if (r._tag === 'Left') throw frameError('prime l2_data', formatErrors(r.left), text)
  const event = r.right.events[0]
  if (event === undefined || r.right.events.length !== 1)
    throw frameError('prime l2_data', ['events: expected one product event'], text)
  const bids: PriceSizeText[] = []
  const asks: PriceSizeText[] = []
  for (const u of event.updates) {
    if (!isPlainDecimal(u.px) || !isPlainDecimal(u.qty))
      throw frameError('prime l2_data', [`updates: expected decimal px and qty, got ${u.px} ${u.qty}`], text)
    ;(u.side === 'bid' ? bids : asks).push([u.px as DecimalText, u.qty as DecimalText])
  }
  return {
    kind: 'l2_data',
    route: event.product_id,
    sequence: r.right.sequence_num,
    snapshot: event.type === 'snapshot',
    bids,
    asks,
    ts: r.right.timestamp.timestamp.getTime(),
  }
}

function frameError(context: string, paths: readonly string[], raw: string, cause?: unknown): DecodeError {
  return new DecodeError({ context, paths, raw, venue: 'prime', cause })
}
