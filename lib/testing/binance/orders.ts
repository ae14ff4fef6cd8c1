/**
 * The account's orders and trades as Binance reports them: kept in Binance's terms (numeric ids,
 * client order ids unique among open orders, cumulative quote quantity) and written in Binance's
 * shapes for REST answers and `executionReport` events.
 */
import { Decimal } from '../../core/decimal.js'
import type { Order, Side } from '../../core/model.js'
import { OrderDesk, type DeskTerms } from '../kit/order-desk.js'
import { executedAt, isOpen, type JournalEntry, type JournalFill } from '../kit/order-journal.js'
import type { BinanceMarket } from './options.js'
import { binanceError, eight, insufficientBalance, SIDE, STATUS } from './wire.js'

const ZERO = new Decimal(0)

/** LIMIT_MAKER and MARKET orders report `GTC`. */
export type BinanceTimeInForce = 'GTC' | 'IOC' | 'FOK'

interface BinanceTerms {
  readonly clientOrderId: string
  readonly market: BinanceMarket
  readonly side: Side
  readonly type: 'LIMIT' | 'MARKET' | 'LIMIT_MAKER'
  readonly timeInForce: BinanceTimeInForce
  /** 0 for a MARKET order. */
  readonly price: Decimal
  /** As asked; for a MARKET order by `quoteOrderQty`, what it bought once it is done. */
  origQty: Decimal
  readonly origQuoteOrderQty: Decimal
  /** The client order id of the cancel request, once canceled. */
  cancelClientOrderId: string | undefined
}

/**
 * Its engine client id is internal, so client ids can be reused once an order is closed.
 * `executedValue` is Binance's `cummulativeQuoteQty`.
 */
export type OrderRecord = JournalEntry<BinanceTerms, number>
export type TradeRecord = JournalFill<BinanceTerms, number, object>

export class BinanceOrders extends OrderDesk<BinanceTerms, number, object> {
  private generatedIds = 0
  private executions = 0

  constructor(
    engine: DeskTerms<BinanceTerms, number, object>['engine'],
    readonly rates: { readonly maker: Decimal; readonly taker: Decimal },
  ) {
    super({
      engine,
      orderId: Number,
      clientId: (terms) => terms.clientOrderId,
      fillExtras: () => ({}),
      refusals: {
        insufficientFunds: insufficientBalance,
        notFound: () => binanceError('cancelRejected'),
        other: (message) => binanceError('newOrderRejected', message),
        unexpected: (message) => binanceError('unknown', message),
      },
    })
  }

  /** The counter of the next generated client order id. */
  nextGeneratedId(): number {
    return ++this.generatedIds
  }

  /**
   * Takes the engine's report of an order: the `executionReport` to push, when it tells the account a
   * change. The engine reports an order as it is after the step; a NEW report shows it as accepted,
   * before any fill of the same step.
   * https://developers.binance.com/docs/binance-spot-api-docs/user-data-stream#order-update
   */
  report(order: Order, eventTime: number): unknown {
    const change = this.update(order)
    if (change?.execution === undefined) return undefined
    const r = change.entry
    if (r.origQuoteOrderQty.gt(0) && !isOpen(r)) r.origQty = r.executedQty
    const t = change.fills[change.fills.length - 1]
    const x = EXECUTION_TYPE[change.execution]
    const trades = this.fillsOf(r)
    const canceled = x === 'CANCELED'
    const isNew = x === 'NEW'
    const done = t === undefined ? { qty: r.executedQty, value: r.executedValue } : executedAt(trades, t)
    const status = isNew ? 'NEW' : t === undefined ? STATUS[r.status] : statusAfter(r, trades, t)
    const open = status === 'NEW' || status === 'PARTIALLY_FILLED'
    const byQuote = r.origQuoteOrderQty.gt(0)
    return {
      e: 'executionReport',
      E: eventTime,
      s: r.market.venueSymbol,
      c: canceled ? (r.cancelClientOrderId ?? r.clientOrderId) : r.clientOrderId,
      S: SIDE[r.side],
      o: r.type,
      f: r.timeInForce,
      q: eight(byQuote && open ? ZERO : r.origQty),
      p: eight(r.price),
      P: eight(ZERO),
      F: eight(ZERO),
      g: -1,
      C: canceled ? r.clientOrderId : '',
      x,
      X: status,
      r: 'NONE',
      i: r.orderId ?? 0,
      l: eight(t?.qty ?? ZERO),
      z: eight(isNew ? ZERO : done.qty),
      L: eight(t?.price ?? ZERO),
      n: t === undefined ? '0' : eight(t.fee),
      N: t === undefined ? null : t.feeAsset,
      T: r.updatedAt,
      t: t === undefined ? -1 : Number(t.tradeId),
      I: ++this.executions,
      w: open && r.type !== 'MARKET' && r.timeInForce === 'GTC',
      m: t?.isMaker ?? false,
      M: false,
      O: r.createdAt,
      Z: eight(isNew ? ZERO : done.value),
      Y: eight(t === undefined ? ZERO : t.price.mul(t.qty)),
      Q: eight(r.origQuoteOrderQty),
      W: r.createdAt,
      V: 'NONE',
    }
  }
}

const EXECUTION_TYPE = { new: 'NEW', trade: 'TRADE', canceled: 'CANCELED', expired: 'EXPIRED' } as const

function figures(r: OrderRecord) {
  return {
    price: eight(r.price),
    origQty: eight(r.origQty),
    executedQty: eight(r.executedQty),
    cummulativeQuoteQty: eight(r.executedValue),
    status: STATUS[r.status],
    timeInForce: r.timeInForce,
    type: r.type,
    side: SIDE[r.side],
  }
}

/** The answer to `POST /api/v3/order`; FULL lists the fills made while placing. */
export function placeAnswer(
  r: OrderRecord,
  trades: readonly TradeRecord[],
  type: 'ACK' | 'RESULT' | 'FULL',
): unknown {
  const core = { symbol: r.market.venueSymbol, orderId: r.orderId ?? 0, orderListId: -1 }
  const ack = { ...core, clientOrderId: r.clientOrderId, transactTime: r.createdAt }
  if (type === 'ACK') return ack
  const result = {
    ...ack,
    ...figures(r),
    origQuoteOrderQty: eight(r.origQuoteOrderQty),
    workingTime: r.createdAt,
    selfTradePreventionMode: 'NONE',
  }
  if (type === 'RESULT') return result
  return {
    ...result,
    fills: trades.map((t) => ({
      price: eight(t.price),
      qty: eight(t.qty),
      commission: eight(t.fee),
      commissionAsset: t.feeAsset,
      tradeId: Number(t.tradeId),
    })),
  }
}

/** An order as `GET /api/v3/order`, `openOrders` and `allOrders` list it. */
export function queryAnswer(r: OrderRecord): Record<string, unknown> {
  return {
    symbol: r.market.venueSymbol,
    orderId: r.orderId ?? 0,
    orderListId: -1,
    clientOrderId: r.clientOrderId,
    ...figures(r),
    stopPrice: eight(ZERO),
    icebergQty: eight(ZERO),
    time: r.createdAt,
    updateTime: r.updatedAt,
    isWorking: true,
    workingTime: r.createdAt,
    origQuoteOrderQty: eight(r.origQuoteOrderQty),
    selfTradePreventionMode: 'NONE',
  }
}

/** An order as `DELETE /api/v3/order` answers: `clientOrderId` is the cancel's own id. */
export function cancelAnswer(r: OrderRecord, transactTime: number): unknown {
  return {
    symbol: r.market.venueSymbol,
    origClientOrderId: r.clientOrderId,
    orderId: r.orderId ?? 0,
    orderListId: -1,
    clientOrderId: r.cancelClientOrderId ?? r.clientOrderId,
    transactTime,
    ...figures(r),
    selfTradePreventionMode: 'NONE',
  }
}

/** A trade as `GET /api/v3/myTrades` lists it. */
export function myTrade(t: TradeRecord): unknown {
  return {
    symbol: t.order.market.venueSymbol,
    id: Number(t.tradeId),
    orderId: t.order.orderId ?? 0,
    orderListId: -1,
    price: eight(t.price),
    qty: eight(t.qty),
    quoteQty: eight(t.price.mul(t.qty)),
    commission: eight(t.fee),
    commissionAsset: t.feeAsset,
    time: t.time,
    isBuyer: t.order.side === 'buy',
    isMaker: t.isMaker,
    isBestMatch: true,
  }
}

/** The status right after trade `t`. */
function statusAfter(r: OrderRecord, trades: readonly TradeRecord[], t: TradeRecord): string {
  const last = trades[trades.length - 1] === t
  if (last && r.status === 'filled') return 'FILLED'
  if (r.origQuoteOrderQty.gt(0)) return last && !isOpen(r) ? STATUS[r.status] : 'PARTIALLY_FILLED'
  return executedAt(trades, t).qty.gte(r.origQty) ? 'FILLED' : 'PARTIALLY_FILLED'
}
