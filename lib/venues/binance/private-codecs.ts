/**
 * io-ts codecs of Binance spot's private payloads: order records and acknowledgements, account
 * balances, account trades, and the user data events of the WebSocket API. Field names are the venue's.
 * Only the fields the SDK reads are checked; the venue sends more, and conditional fields come and go.
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api/trading-endpoints and
 * https://developers.binance.com/docs/binance-spot-api-docs/user-data-stream
 */
import * as t from 'io-ts'
import { DecimalString } from '../../codec/decimal.js'
import { IntegerId } from '../../codec/integer.js'
import { MillisTimestamp } from '../../codec/timestamp.js'

/**
 * Binance's order status enum; an unknown status is a decode error rather than a guess.
 *
 * @example
 * BinanceOrderStatus.decode('EXPIRED_IN_MATCH') // Right('EXPIRED_IN_MATCH')
 */
export const BinanceOrderStatus = t.keyof(
  {
    NEW: null,
    PENDING_NEW: null,
    PARTIALLY_FILLED: null,
    FILLED: null,
    CANCELED: null,
    PENDING_CANCEL: null,
    REJECTED: null,
    EXPIRED: null,
    EXPIRED_IN_MATCH: null,
  },
  'Binance order status',
)
/** One of Binance's order statuses. */
export type BinanceOrderStatus = t.TypeOf<typeof BinanceOrderStatus>

/** `BUY` or `SELL`. */
export const BinanceSide = t.keyof({ BUY: null, SELL: null }, 'Binance side')

/**
 * One fill of a `newOrderRespType=FULL` acknowledgement.
 *
 * @example
 * decode(BinanceAckFill, ack.fills[0], 'binance fill').commission.toFixed() // '4'
 */
export const BinanceAckFill = t.type({
  price: DecimalString,
  qty: DecimalString,
  commission: DecimalString,
  commissionAsset: t.string,
  tradeId: IntegerId,
})
/** A decoded {@link BinanceAckFill}. */
export type BinanceAckFill = t.TypeOf<typeof BinanceAckFill>

const OrderDetail = t.type({
  price: DecimalString,
  origQty: DecimalString,
  executedQty: DecimalString,
  status: BinanceOrderStatus,
  timeInForce: t.string,
  type: t.string,
  side: BinanceSide,
})

const OrderOptional = t.partial({
  // Negative for some historical orders: "data not available".
  cummulativeQuoteQty: DecimalString,
  origQuoteOrderQty: DecimalString,
  time: MillisTimestamp,
  updateTime: MillisTimestamp,
  transactTime: MillisTimestamp,
  workingTime: MillisTimestamp,
  origClientOrderId: t.string,
  fills: t.array(BinanceAckFill),
})

const OrderHead = t.type({ symbol: t.string, orderId: IntegerId, clientOrderId: t.string })

/**
 * One order as `GET /api/v3/order`, `openOrders`, `allOrders`, `DELETE /api/v3/order` and the
 * `RESULT` / `FULL` acknowledgements describe it.
 *
 * @example
 * decode(BinanceOrderRecord, body, 'binance order').executedQty.toFixed() // '0'
 */
export const BinanceOrderRecord = t.intersection([OrderHead, OrderDetail, OrderOptional], 'Binance order')
/** A decoded {@link BinanceOrderRecord}. */
export type BinanceOrderRecord = t.TypeOf<typeof BinanceOrderRecord>

/** A list of order records (`openOrders`, `allOrders`). */
export const BinanceOrderList = t.array(BinanceOrderRecord)

/**
 * The answer to `POST /api/v3/order`: the full record for `RESULT` / `FULL`, or only the head and
 * `transactTime` for `ACK`.
 *
 * @example
 * const ack = decode(BinanceOrderAck, body, 'binance new order')
 * if ('status' in ack) ack.fills // FULL: the fills
 */
export const BinanceOrderAck = t.union([
  BinanceOrderRecord,
  t.intersection([OrderHead, t.type({ transactTime: MillisTimestamp })]),
])
/** A decoded {@link BinanceOrderAck}. */
export type BinanceOrderAck = t.TypeOf<typeof BinanceOrderAck>

/**
 * One entry of `DELETE /api/v3/openOrders`: a canceled order, or an order list (which holds its
 * orders' reports in `orderReports`).
 *
 * @example
 * decode(BinanceCancelAllResult, body, 'binance cancel all')
 */
export const BinanceCancelAllResult = t.array(
  t.union([t.type({ orderReports: t.array(BinanceOrderRecord) }), BinanceOrderRecord]),
)

/**
 * `GET /api/v3/account` (balances only).
 *
 * @example
 * decode(BinanceAccount, body, 'binance account').balances[0]?.free.toFixed()
 */
export const BinanceAccount = t.intersection([
  t.type({
    balances: t.array(t.type({ asset: t.string, free: DecimalString, locked: DecimalString })),
  }),
  t.partial({ updateTime: MillisTimestamp }),
])

/**
 * One account trade of `GET /api/v3/myTrades`.
 *
 * @example
 * decode(BinanceMyTrades, body, 'binance myTrades')[0]?.commission.toFixed() // '10.1'
 */
export const BinanceMyTrade = t.type({
  symbol: t.string,
  id: IntegerId,
  orderId: IntegerId,
  price: DecimalString,
  qty: DecimalString,
  commission: DecimalString,
  commissionAsset: t.string,
  time: MillisTimestamp,
  isBuyer: t.boolean,
  isMaker: t.boolean,
})
/** A decoded {@link BinanceMyTrade}. */
export type BinanceMyTrade = t.TypeOf<typeof BinanceMyTrade>

/** The list of `GET /api/v3/myTrades`. */
export const BinanceMyTrades = t.array(BinanceMyTrade)

/**
 * The `executionReport` user data event: an order changed, with the fill (`l`, `L`, `n`, `N`, `t`) when
 * `x` is `TRADE`.
 *
 * @example
 * const r = decode(BinanceExecutionReport, event, 'binance executionReport')
 * r.z.toFixed() // cumulative filled quantity
 */
export const BinanceExecutionReport = t.intersection(
  [
    t.type({
      e: t.literal('executionReport'),
      E: MillisTimestamp,
      s: t.string,
      c: t.string,
      S: BinanceSide,
      o: t.string,
      f: t.string,
      q: DecimalString,
      p: DecimalString,
      C: t.string,
      x: t.string,
      X: BinanceOrderStatus,
      r: t.string,
      i: IntegerId,
      l: DecimalString,
      z: DecimalString,
      L: DecimalString,
      n: DecimalString,
      N: t.union([t.string, t.null]),
      T: MillisTimestamp,
      t: t.number,
      m: t.boolean,
      O: MillisTimestamp,
      Z: DecimalString,
    }),
    t.partial({ Q: DecimalString, Y: DecimalString, I: t.number }),
  ],
  'Binance executionReport',
)
/** A decoded {@link BinanceExecutionReport}. */
export type BinanceExecutionReport = t.TypeOf<typeof BinanceExecutionReport>

/**
 * The `outboundAccountPosition` event: the assets whose balance changed, in full.
 *
 * @example
 * decode(BinanceAccountPosition, event, 'binance outboundAccountPosition').B[0]?.f.toFixed()
 */
export const BinanceAccountPosition = t.type({
  e: t.literal('outboundAccountPosition'),
  E: MillisTimestamp,
  u: MillisTimestamp,
  B: t.array(t.type({ a: t.string, f: DecimalString, l: DecimalString })),
})
/** A decoded {@link BinanceAccountPosition}. */
export type BinanceAccountPosition = t.TypeOf<typeof BinanceAccountPosition>

/**
 * The `balanceUpdate` event: a deposit, withdrawal or transfer, as a signed delta `d`.
 *
 * @example
 * decode(BinanceBalanceUpdate, event, 'binance balanceUpdate').d.toFixed() // '100'
 */
export const BinanceBalanceUpdate = t.type({
  e: t.literal('balanceUpdate'),
  E: MillisTimestamp,
  a: t.string,
  d: DecimalString,
  T: MillisTimestamp,
})
/** A decoded {@link BinanceBalanceUpdate}. */
export type BinanceBalanceUpdate = t.TypeOf<typeof BinanceBalanceUpdate>

/** The `eventStreamTerminated` event: the subscription ended and must be made again. */
export const BinanceStreamTerminated = t.type({ e: t.literal('eventStreamTerminated'), E: MillisTimestamp })

/**
 * The wrapper of every user data event on the WebSocket API. The event itself stays `unknown` until
 * its own codec (by `e`) decodes it; events the SDK does not use (`listStatus`,
 * `externalLockUpdate`) are never decoded.
 *
 * @example
 * BinanceUserEventFrame.is(frame) && frame.event.e === 'executionReport'
 */
export const BinanceUserEventFrame = t.type({
  subscriptionId: t.number,
  event: t.type({ e: t.string }),
})
/** A {@link BinanceUserEventFrame}. */
export type BinanceUserEventFrame = t.TypeOf<typeof BinanceUserEventFrame>

/**
 * A WebSocket API response: `{id, status, result}` or `{id, status, error: {code, msg}}`.
 *
 * @example
 * BinanceWsApiResponse.is(frame) && frame.status === 200
 */
export const BinanceWsApiResponse = t.intersection([
  t.type({ id: t.union([t.string, t.number, t.null]), status: t.number }),
  t.partial({
    result: t.unknown,
    error: t.partial({ code: t.number, msg: t.string }),
  }),
])
/** A {@link BinanceWsApiResponse}. */
export type BinanceWsApiResponse = t.TypeOf<typeof BinanceWsApiResponse>
