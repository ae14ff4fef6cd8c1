/**
 * io-ts codecs of Coinbase Advanced Trade's private payloads: the create order answer, batch cancel,
 * orders, fills and accounts (each paged by `cursor`), the error body, and the `user` WebSocket
 * channel. Only the fields the SDK reads are checked; Coinbase sends many more.
 * https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/orders/create-order (and the
 * pages next to it), https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-channels
 */
import * as t from 'io-ts'
import { Decimal } from '../../core/decimal.js'
import { DecimalString, isPlainDecimal } from '../../codec/decimal.js'
import { IsoTimestamp } from '../../codec/timestamp.js'

/**
 * A decimal string that Coinbase leaves empty (or, in a few answers, `null`) when there is no value:
 * `limit_price: ""` on a market order of the `user` channel.
 *
 * @example
 * CoinbaseOptionalDecimal.decode('')      // Right(undefined)
 * CoinbaseOptionalDecimal.decode('50000') // Right(Decimal 50000)
 */
export const CoinbaseOptionalDecimal = new t.Type<Decimal | undefined, string, unknown>(
  'decimal string or ""',
  (u): u is Decimal | undefined => u === undefined || u instanceof Decimal,
  (u, c) => {
    if (u === '' || u === null) return t.success(undefined)
    return typeof u === 'string' && isPlainDecimal(u) ? t.success(new Decimal(u)) : t.failure(u, c)
  },
  (d) => (d === undefined ? '' : d.toFixed()),
)

/** `BUY` or `SELL`. */
export const CoinbaseSide = t.keyof({ BUY: null, SELL: null }, 'Coinbase side')
/** A decoded side. */
export type CoinbaseSide = t.TypeOf<typeof CoinbaseSide>

/**
 * Coinbase's order statuses, REST and `user` channel alike; an unknown status is a decode error
 * rather than a guess.
 *
 * @example
 * CoinbaseOrderStatus.decode('CANCEL_QUEUED') // Right('CANCEL_QUEUED')
 */
export const CoinbaseOrderStatus = t.keyof(
  {
    PENDING: null,
    OPEN: null,
    FILLED: null,
    CANCELLED: null,
    EXPIRED: null,
    FAILED: null,
    UNKNOWN_ORDER_STATUS: null,
    QUEUED: null,
    CANCEL_QUEUED: null,
    EDIT_QUEUED: null,
  },
  'Coinbase order status',
)
/** A decoded order status. */
export type CoinbaseOrderStatus = t.TypeOf<typeof CoinbaseOrderStatus>

/**
 * The docs' error body of a failed request (every endpoint): `{error, code, message, details}`.
 *
 * @example
 * CoinbaseErrorBody.is({ error: 'NOT_FOUND', message: 'order not found' }) // true
 */
export const CoinbaseErrorBody = t.partial(
  { error: t.string, code: t.number, message: t.string, error_details: t.string },
  'Coinbase error body',
)

/** `error_response` of a refused create: the reasons, each possibly `UNKNOWN_…`. */
export const CoinbaseCreateErrorResponse = t.partial({
  error: t.string,
  message: t.string,
  error_details: t.string,
  preview_failure_reason: t.string,
  new_order_failure_reason: t.string,
})
/** A decoded `error_response`. */
export type CoinbaseCreateErrorResponse = t.TypeOf<typeof CoinbaseCreateErrorResponse>

/**
 * The answer to `POST /orders`: HTTP 200 either way, `success` tells. A refusal carries its reasons in
 * `failure_reason` and `error_response`.
 *
 * @example
 * const answer = decode(CoinbaseCreateOrderAnswer, body, 'coinbase create')
 * if (!answer.success) coinbaseCreateError(answer)
 */
export const CoinbaseCreateOrderAnswer = t.intersection(
  [
    t.type({ success: t.boolean }),
    t.partial({
      success_response: t.intersection([
        t.type({ order_id: t.string }),
        t.partial({ product_id: t.string, side: t.string, client_order_id: t.string }),
      ]),
      failure_reason: t.string,
      order_id: t.string,
      error_response: CoinbaseCreateErrorResponse,
    }),
  ],
  'Coinbase create order answer',
)
/** A decoded create answer. */
export type CoinbaseCreateOrderAnswer = t.TypeOf<typeof CoinbaseCreateOrderAnswer>

/** The answer to `POST /orders/batch_cancel`: one result per order id asked. */
export const CoinbaseBatchCancelAnswer = t.type(
  {
    results: t.array(
      t.intersection([
        t.type({ success: t.boolean, order_id: t.string }),
        t.partial({ failure_reason: t.string }),
      ]),
    ),
  },
  'Coinbase batch cancel answer',
)
/** A decoded batch cancel answer. */
export type CoinbaseBatchCancelAnswer = t.TypeOf<typeof CoinbaseBatchCancelAnswer>

/** The sizes and prices of an order configuration; which are present depends on its kind. */
const ConfigFields = t.partial({
  base_size: CoinbaseOptionalDecimal,
  quote_size: CoinbaseOptionalDecimal,
  limit_price: CoinbaseOptionalDecimal,
  post_only: t.boolean,
  end_time: t.string,
})
/** One decoded configuration's fields. */
export type CoinbaseConfigFields = t.TypeOf<typeof ConfigFields>

/**
 * `order_configuration` as an order reports it: one key naming the kind. The kinds this SDK places
 * are read; others pass undecoded.
 *
 * @example
 * order.order_configuration.limit_limit_gtc?.limit_price?.toFixed() // '10000'
 */
export const CoinbaseOrderConfiguration = t.partial(
  {
    market_market_ioc: ConfigFields,
    sor_limit_ioc: ConfigFields,
    limit_limit_gtc: ConfigFields,
    limit_limit_gtd: ConfigFields,
    limit_limit_fok: ConfigFields,
  },
  'Coinbase order configuration',
)
/** A decoded configuration. */
export type CoinbaseOrderConfiguration = t.TypeOf<typeof CoinbaseOrderConfiguration>

/**
 * One order as `GET /orders/historical/{id}` and `GET /orders/historical/batch` describe it.
 *
 * @example
 * decode(CoinbaseOrderRecord, body.order, 'coinbase order').filled_size.toFixed() // '0.001'
 */
export const CoinbaseOrderRecord = t.intersection(
  [
    t.type({
      order_id: t.string,
      product_id: t.string,
      side: CoinbaseSide,
      client_order_id: t.string,
      status: CoinbaseOrderStatus,
      created_time: IsoTimestamp,
      order_configuration: CoinbaseOrderConfiguration,
      filled_size: DecimalString,
    }),
    t.partial({
      time_in_force: t.string,
      average_filled_price: CoinbaseOptionalDecimal,
      filled_value: CoinbaseOptionalDecimal,
      total_fees: CoinbaseOptionalDecimal,
      order_type: t.string,
      size_in_quote: t.boolean,
      reject_reason: t.string,
      reject_message: t.string,
      cancel_message: t.string,
      last_fill_time: t.union([IsoTimestamp, t.null]),
    }),
  ],
  'Coinbase order',
)
/** One decoded order. */
export type CoinbaseOrderRecord = t.TypeOf<typeof CoinbaseOrderRecord>

/** The answer to `GET /orders/historical/{order_id}`. */
export const CoinbaseGetOrderAnswer = t.type({ order: CoinbaseOrderRecord }, 'Coinbase get order answer')

/**
 * A page of `GET /orders/historical/batch`: the next starts at `cursor` while `has_next`.
 *
 * @example
 * const page = decode(CoinbaseOrderPage, body, 'coinbase orders')
 * const next = page.has_next ? page.cursor : undefined
 */
export const CoinbaseOrderPage = t.intersection(
  [t.type({ orders: t.array(CoinbaseOrderRecord), has_next: t.boolean }), t.partial({ cursor: t.string })],
  'Coinbase order page',
)
/** A decoded page of orders. */
export type CoinbaseOrderPage = t.TypeOf<typeof CoinbaseOrderPage>

/**
 * One fill of `GET /orders/historical/fills`. `commission` is in the quote currency; `size` counts the
 * base currency unless `size_in_quote`.
 *
 * @example
 * decode(CoinbaseFillRecord, item, 'coinbase fill').commission.toFixed() // '1.14'
 */
export const CoinbaseFillRecord = t.intersection(
  [
    t.type({
      entry_id: t.string,
      trade_id: t.string,
      order_id: t.string,
      trade_time: IsoTimestamp,
      price: DecimalString,
      size: DecimalString,
      commission: DecimalString,
      product_id: t.string,
      side: CoinbaseSide,
    }),
    t.partial({
      trade_type: t.string,
      liquidity_indicator: t.string,
      size_in_quote: t.boolean,
      sequence_timestamp: t.string,
    }),
  ],
  'Coinbase fill',
)
/** One decoded fill. */
export type CoinbaseFillRecord = t.TypeOf<typeof CoinbaseFillRecord>

/** A page of fills: the next starts at `cursor`; an empty cursor ends the list. */
export const CoinbaseFillPage = t.intersection(
  [t.type({ fills: t.array(CoinbaseFillRecord) }), t.partial({ cursor: t.string })],
  'Coinbase fill page',
)
/** A decoded page of fills. */
export type CoinbaseFillPage = t.TypeOf<typeof CoinbaseFillPage>

const Amount = t.type({ value: DecimalString, currency: t.string })

/**
 * One account of `GET /accounts`: one currency, what is available and what orders hold.
 *
 * @example
 * decode(CoinbaseAccountRecord, item, 'coinbase account').hold.value.toFixed() // '0.005'
 */
export const CoinbaseAccountRecord = t.intersection(
  [
    t.type({ uuid: t.string, currency: t.string, available_balance: Amount, hold: Amount }),
    t.partial({ name: t.string, active: t.boolean, ready: t.boolean, type: t.string }),
  ],
  'Coinbase account',
)
/** One decoded account. */
export type CoinbaseAccountRecord = t.TypeOf<typeof CoinbaseAccountRecord>

/** A page of accounts: the next starts at `cursor` while `has_next`. */
export const CoinbaseAccountPage = t.intersection(
  [
    t.type({ accounts: t.array(CoinbaseAccountRecord), has_next: t.boolean }),
    t.partial({ cursor: t.string }),
  ],
  'Coinbase account page',
)
/** A decoded page of accounts. */
export type CoinbaseAccountPage = t.TypeOf<typeof CoinbaseAccountPage>

/**
 * One order of the `user` channel. It carries the order's running totals, not its fills; `post_only`
 * is the string `"true"` or `"false"`, `order_type` mixed case (`Limit`).
 *
 * @example
 * decode(CoinbaseUserOrder, item, 'coinbase user').cumulative_quantity.toFixed() // '0.01'
 */
export const CoinbaseUserOrder = t.intersection(
  [
    t.type({
      order_id: t.string,
      client_order_id: t.string,
      product_id: t.string,
      order_side: CoinbaseSide,
      status: CoinbaseOrderStatus,
      cumulative_quantity: DecimalString,
      leaves_quantity: DecimalString,
      avg_price: CoinbaseOptionalDecimal,
      total_fees: DecimalString,
      creation_time: IsoTimestamp,
    }),
    t.partial({
      order_type: t.string,
      limit_price: CoinbaseOptionalDecimal,
      filled_value: CoinbaseOptionalDecimal,
      time_in_force: t.string,
      post_only: t.string,
      number_of_fills: t.string,
      cancel_reason: t.string,
      reject_reason: t.string,
      product_type: t.string,
    }),
  ],
  'Coinbase user order',
)
/** One decoded `user` channel order. */
export type CoinbaseUserOrder = t.TypeOf<typeof CoinbaseUserOrder>

/** One event of a `user` frame: the open orders on subscribe (`snapshot`), then changes (`update`). */
export const CoinbaseUserEvent = t.type(
  { type: t.keyof({ snapshot: null, update: null }), orders: t.array(CoinbaseUserOrder) },
  'Coinbase user event',
)
/** One decoded event. */
export type CoinbaseUserEvent = t.TypeOf<typeof CoinbaseUserEvent>

/**
 * A frame of the `user` channel. `sequence_num` counts the frames of the connection, every channel's.
 *
 * @example
 * decode(CoinbaseUserFrame, text, 'coinbase user').events[0]?.type // 'snapshot'
 */
export const CoinbaseUserFrame = t.type(
  {
    channel: t.literal('user'),
    timestamp: IsoTimestamp,
    sequence_num: t.number,
    events: t.array(CoinbaseUserEvent),
  },
  'Coinbase user frame',
)
/** One decoded `user` frame. */
export type CoinbaseUserFrame = t.TypeOf<typeof CoinbaseUserFrame>
