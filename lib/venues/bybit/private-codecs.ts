/**
 * io-ts codecs of Bybit v5's private payloads: order, execution and wallet records, as REST `result`s
 * and as private WebSocket pushes. Field names are the venue's; the envelope is `bybitEnvelope`.
 * Wire facts: https://bybit-exchange.github.io/docs/v5/order/open-order,
 * https://bybit-exchange.github.io/docs/v5/websocket/private/order (and `execution`, `wallet`).
 */
import * as t from 'io-ts'
import { DecimalString } from '../../codec/decimal.js'
import { MillisTimestamp } from '../../codec/timestamp.js'
import { BybitOptionalDecimal, BybitSide } from './codecs.js'

/**
 * Bybit's order status enum (https://bybit-exchange.github.io/docs/v5/enum#orderstatus); an unknown
 * status is a decode error rather than a guess.
 *
 * @example
 * BybitOrderStatus.decode('PartiallyFilledCanceled') // Right('PartiallyFilledCanceled')
 */
export const BybitOrderStatus = t.keyof(
  {
    Created: null,
    New: null,
    PartiallyFilled: null,
    Untriggered: null,
    Rejected: null,
    PartiallyFilledCanceled: null,
    Filled: null,
    Cancelled: null,
    Triggered: null,
    Deactivated: null,
  },
  'Bybit order status',
)
/** One of Bybit's order statuses. */
export type BybitOrderStatus = t.TypeOf<typeof BybitOrderStatus>

/** Bybit's time-in-force enum. */
export const BybitTimeInForce = t.keyof({ GTC: null, IOC: null, FOK: null, PostOnly: null, RPI: null })

/** `Market` or `Limit`. */
export const BybitOrderType = t.keyof({ Market: null, Limit: null }, 'Bybit order type')

/** The unit of a spot market order's `qty`. */
export const BybitMarketUnit = t.keyof({ baseCoin: null, quoteCoin: null, '': null }, 'Bybit marketUnit')

/**
 * One order as `/v5/order/realtime`, `/v5/order/history` and the `order` topic describe it. Only the
 * fields the SDK reads are checked; the venue sends many more.
 *
 * @example
 * decode(BybitOrderRecord, item, 'bybit order').cumExecQty.toFixed() // '0.1'
 */
export const BybitOrderRecord = t.intersection(
  [
    t.type({
      orderId: t.string,
      orderLinkId: t.string,
      symbol: t.string,
      side: BybitSide,
      orderType: BybitOrderType,
      orderStatus: BybitOrderStatus,
      timeInForce: BybitTimeInForce,
      price: BybitOptionalDecimal,
      qty: DecimalString,
      cumExecQty: DecimalString,
      createdTime: MillisTimestamp,
      updatedTime: MillisTimestamp,
    }),
    t.partial({
      category: t.string,
      avgPrice: BybitOptionalDecimal,
      leavesQty: BybitOptionalDecimal,
      cumExecValue: BybitOptionalDecimal,
      cumExecFee: BybitOptionalDecimal,
      marketUnit: BybitMarketUnit,
      cancelType: t.string,
      rejectReason: t.string,
    }),
  ],
  'Bybit order',
)
/** One decoded order record. */
export type BybitOrderRecord = t.TypeOf<typeof BybitOrderRecord>

/** A page of orders (`result` of `/v5/order/realtime` and `/v5/order/history`). */
export const BybitOrderPage = t.intersection([
  t.type({ list: t.array(BybitOrderRecord) }),
  t.partial({ nextPageCursor: t.string, category: t.string }),
])
/** One decoded page of orders. */
export type BybitOrderPage = t.TypeOf<typeof BybitOrderPage>

/** The acknowledgement of create, amend and cancel: ids only. */
export const BybitOrderAck = t.type({ orderId: t.string, orderLinkId: t.string }, 'Bybit order ack')
/** A decoded acknowledgement. */
export type BybitOrderAck = t.TypeOf<typeof BybitOrderAck>

/** `result` of `/v5/order/cancel-all`: the ids of what it canceled. */
export const BybitCancelAllResult = t.type({ list: t.array(BybitOrderAck) })

/** One execution, as `/v5/execution/list` and the `execution` topic describe it. */
export const BybitExecution = t.intersection(
  [
    t.type({
      symbol: t.string,
      orderId: t.string,
      orderLinkId: t.string,
      side: BybitSide,
      execId: t.string,
      execPrice: DecimalString,
      execQty: DecimalString,
      execFee: DecimalString,
      execType: t.string,
      execTime: MillisTimestamp,
      isMaker: t.boolean,
    }),
    t.partial({ category: t.string, feeRate: BybitOptionalDecimal, feeCurrency: t.string }),
  ],
  'Bybit execution',
)
/** One decoded execution. */
export type BybitExecution = t.TypeOf<typeof BybitExecution>

/** A page of executions (`result` of `/v5/execution/list`). */
export const BybitExecutionPage = t.intersection([
  t.type({ list: t.array(BybitExecution) }),
  t.partial({ nextPageCursor: t.string, category: t.string }),
])

/** One coin of a wallet. `locked` (held by open spot orders) is absent in older answers. */
export const BybitWalletCoin = t.intersection(
  [
    t.type({ coin: t.string, walletBalance: DecimalString }),
    t.partial({ locked: BybitOptionalDecimal, equity: BybitOptionalDecimal }),
  ],
  'Bybit wallet coin',
)
/** One decoded wallet coin. */
export type BybitWalletCoin = t.TypeOf<typeof BybitWalletCoin>

/** One account of `/v5/account/wallet-balance` and of the `wallet` topic. */
export const BybitWalletAccount = t.type({ accountType: t.string, coin: t.array(BybitWalletCoin) })
/** One decoded wallet account. */
export type BybitWalletAccount = t.TypeOf<typeof BybitWalletAccount>

/** `result` of `/v5/account/wallet-balance`. */
export const BybitWalletResult = t.type({ list: t.array(BybitWalletAccount) })

/**
 * A private topic push, `{ id, topic, creationTime, data: [...] }`, around the codec of one item.
 *
 * @example
 * decode(bybitPrivatePush(BybitExecution), frame, 'bybit execution').data[0]?.execQty // Decimal
 */
export function bybitPrivatePush<C extends t.Mixed>(item: C) {
  return t.intersection([
    t.type({ topic: t.string, creationTime: MillisTimestamp, data: t.array(item) }),
    t.partial({ id: t.string }),
  ])
}

/** An `order` topic push. */
export const BybitOrderPush = bybitPrivatePush(BybitOrderRecord)
/** An `execution` topic push. */
export const BybitExecutionPush = bybitPrivatePush(BybitExecution)
/** A `wallet` topic push. */
export const BybitWalletPush = bybitPrivatePush(BybitWalletAccount)
