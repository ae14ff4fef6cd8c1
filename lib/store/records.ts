/**
 * How orders, fills, intents and positions are written as JSON in a database, and read back: each
 * record's codec encodes Decimals as exact strings and dates as epoch ms, and decodes what it reads
 * (a row is input like any other until it passed its codec).
 */
import * as t from 'io-ts'
import { DecimalString } from '../codec/decimal.js'
import type { Fill, Order } from '../core/model.js'
import type { DailyBaseline, KillSwitchRecord, OrderIntent, PositionSnapshot } from './order-store.js'

const DateMs = new t.Type<Date, number, unknown>(
  'epoch ms',
  (u): u is Date => u instanceof Date,
  (u, c) => (typeof u === 'number' && Number.isFinite(u) ? t.success(new Date(u)) : t.failure(u, c)),
  (d) => d.getTime(),
)
const opt = <C extends t.Mixed>(c: C) => t.union([c, t.undefined])
const Side = t.keyof({ buy: null, sell: null })
const OrderType = t.keyof({ limit: null, market: null })
const Raw = t.union([t.number, t.string])
const Symbol = t.refinement(t.string, (s) => s.includes('/'), 'symbol') as unknown as t.Type<
  `${string}/${string}`,
  string,
  unknown
>

/** An order as stored. */
export const OrderRecord: t.Type<Order, unknown, unknown> = t.intersection([
  t.type({
    venue: t.string,
    symbol: Symbol,
    clientOrderId: t.string,
    side: Side,
    type: OrderType,
    timeInForce: t.keyof({ GTC: null, IOC: null, FOK: null, PostOnly: null }),
    quantity: DecimalString,
    filledQuantity: DecimalString,
    status: t.keyof({
      'pending-new': null,
      new: null,
      'partially-filled': null,
      'pending-cancel': null,
      filled: null,
      canceled: null,
      rejected: null,
      expired: null,
    }),
    createdAt: DateMs,
    timestamp: DateMs,
    rawTimestamp: Raw,
  }),
  t.partial({
    id: opt(t.string),
    price: opt(DecimalString),
    quoteQuantity: opt(DecimalString),
    averagePrice: opt(DecimalString),
    reason: opt(t.string),
  }),
]) as unknown as t.Type<Order, unknown, unknown>

/** A fill as stored. */
export const FillRecord: t.Type<Fill, unknown, unknown> = t.intersection([
  t.type({
    venue: t.string,
    symbol: Symbol,
    tradeId: t.string,
    orderId: t.string,
    side: Side,
    price: DecimalString,
    quantity: DecimalString,
    fee: DecimalString,
    feeAsset: t.string,
    timestamp: DateMs,
    rawTimestamp: Raw,
  }),
  t.partial({ clientOrderId: opt(t.string), liquidity: opt(t.keyof({ maker: null, taker: null })) }),
]) as unknown as t.Type<Fill, unknown, unknown>

/** An intent as stored. */
export const IntentRecord: t.Type<OrderIntent, unknown, unknown> = t.intersection([
  t.type({
    venue: t.string,
    clientOrderId: t.string,
    state: t.keyof({ pending: null, placed: null, failed: null, absent: null }),
    createdAt: t.number,
    request: t.intersection([
      t.type({ symbol: Symbol, side: Side, type: OrderType, clientOrderId: t.string }),
      t.partial({
        quantity: opt(DecimalString),
        quoteQuantity: opt(DecimalString),
        price: opt(DecimalString),
        timeInForce: opt(t.keyof({ GTC: null, IOC: null, FOK: null, PostOnly: null })),
      }),
    ]),
  }),
  t.partial({ reason: opt(t.string) }),
]) as unknown as t.Type<OrderIntent, unknown, unknown>

/** A position snapshot as stored. */
export const PositionRecord: t.Type<PositionSnapshot, unknown, unknown> = t.type({
  venue: t.string,
  symbol: Symbol,
  quantity: DecimalString,
  cost: DecimalString,
  quoteFlow: DecimalString,
  fees: t.record(t.string, DecimalString),
  fills: t.number,
  updatedAt: t.number,
}) as unknown as t.Type<PositionSnapshot, unknown, unknown>

/** A daily loss baseline as stored. */
export const BaselineRecord: t.Type<DailyBaseline, unknown, unknown> = t.type({
  scope: t.string,
  day: t.number,
  pnl: DecimalString,
}) as unknown as t.Type<DailyBaseline, unknown, unknown>

/** A tripped kill switch as stored. */
export const KillSwitchStored: t.Type<KillSwitchRecord, unknown, unknown> = t.intersection([
  t.type({ reason: t.string, trippedAt: t.number }),
  t.partial({ venue: opt(t.string) }),
])
