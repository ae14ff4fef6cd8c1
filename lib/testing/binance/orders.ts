/**
 * The account's orders and trades as Binance reports them: what the engine does, kept in Binance's
 * terms (numeric ids, client order ids unique among open orders, cumulative quote quantity) and
 * written in Binance's shapes for REST answers and `executionReport` events.
 */
import { Decimal } from '../../core/decimal.js'
import type { Fill, Order, OrderStatus, Side } from '../../core/model.js'
import type { BinanceMarket } from './options.js'
import { eight, sideName, statusName } from './wire.js'

const ZERO = new Decimal(0)

/**
 * Binance's order types the simulator takes.
 *
 * @example
 * const type: BinanceOrderType = 'LIMIT_MAKER' // a post-only limit order
 */
export type BinanceOrderType = 'LIMIT' | 'MARKET' | 'LIMIT_MAKER'

/**
 * Binance's time in force; LIMIT_MAKER and MARKET orders report `GTC`.
 *
 * @example
 * const timeInForce: BinanceTimeInForce = type === 'LIMIT' ? 'IOC' : 'GTC'
 */
export type BinanceTimeInForce = 'GTC' | 'IOC' | 'FOK'

/**
 * One trade of an order of the account.
 *
 * @example
 * orders.trades().map((t: TradeRecord) => myTrade(t)) // as GET /api/v3/myTrades lists them
 */
export interface TradeRecord {
  readonly id: number
  readonly order: OrderRecord
  readonly price: Decimal
  readonly qty: Decimal
  readonly commission: Decimal
  readonly commissionAsset: string
  readonly time: number
  readonly isMaker: boolean
}

/**
 * One order in Binance's terms.
 *
 * @example
 * const record: OrderRecord | undefined = orders.byClientId(market, 'grid-1')
 * if (record !== undefined) queryAnswer(record) // as GET /api/v3/order answers
 */
export interface OrderRecord {
  /** The engine's client order id: internal, so client ids can be reused once an order is closed. */
  readonly engineClientId: string
  /** The engine's id; `''` until the engine accepted the order. */
  engineId: string
  /** Binance's id; 0 until the engine accepted the order. */
  orderId: number
  readonly clientOrderId: string
  readonly market: BinanceMarket
  readonly side: Side
  readonly type: BinanceOrderType
  readonly timeInForce: BinanceTimeInForce
  /** 0 for a MARKET order. */
  readonly price: Decimal
  /** As asked; for a MARKET order by `quoteOrderQty`, what it bought once it is done. */
  origQty: Decimal
  readonly origQuoteOrderQty: Decimal
  executedQty: Decimal
  cummulativeQuoteQty: Decimal
  status: OrderStatus
  readonly time: number
  updateTime: number
  /** The client order id of the cancel request, once canceled. */
  cancelClientOrderId: string | undefined
  readonly trades: TradeRecord[]
  /** How many execution reports were sent for it. */
  reports: number
}

/**
 * What a new order record needs.
 *
 * @example
 * const spec: NewOrder = {
 *   market, clientOrderId: 'grid-1', side: 'buy', type: 'LIMIT', timeInForce: 'GTC',
 *   price, origQty: qty, origQuoteOrderQty: new Decimal(0),
 * }
 * const record = orders.prepare(spec, clock.now())
 */
export interface NewOrder {
  readonly market: BinanceMarket
  readonly clientOrderId: string
  readonly side: Side
  readonly type: BinanceOrderType
  readonly timeInForce: BinanceTimeInForce
  readonly price: Decimal
  readonly origQty: Decimal
  readonly origQuoteOrderQty: Decimal
}

/**
 * An order's change, as an execution report will tell it.
 *
 * @example
 * const ev: OrderEvent | undefined = orders.update(order)
 * if (ev !== undefined) pushUserData(executionReport(ev, clock.now(), nextExecutionId()))
 */
export interface OrderEvent {
  readonly record: OrderRecord
  readonly executionType: 'NEW' | 'TRADE' | 'CANCELED' | 'EXPIRED'
  /** The trade of a TRADE report. */
  readonly trade: TradeRecord | undefined
  readonly time: number
}

/**
 * True while an order can still trade.
 *
 * @example
 * orders.all().filter(isOpenRecord)
 */
export function isOpenRecord(record: OrderRecord): boolean {
  return record.status === 'new' || record.status === 'partially-filled' || record.status === 'pending-new'
}

/**
 * The account's order book-keeping, fed by the engine's order and fill reports.
 *
 * @example
 * const record = orders.prepare(spec, now)
 * exchange.place({ ...request, clientOrderId: record.engineClientId }) // reports reach orders.update / orders.fill
 */
export class BinanceOrders {
  private readonly byEngineClientId = new Map<string, OrderRecord>()
  private readonly byOrderId = new Map<number, OrderRecord>()
  private readonly records: OrderRecord[] = []
  private readonly tradeList: TradeRecord[] = []
  private readonly pendingTrade = new Map<OrderRecord, TradeRecord>()
  private seq = 0
  private generated = 0

  constructor(
    private readonly makerFee: Decimal,
    private readonly takerFee: Decimal,
  ) {}

  /** The counter of the next generated client order id. */
  nextGeneratedId(): number {
    return ++this.generated
  }

  /** An open order of the market with this client order id, if any. */
  openByClientId(market: BinanceMarket, clientOrderId: string): OrderRecord | undefined {
    return this.records.find(
      (r) => r.market === market && r.clientOrderId === clientOrderId && isOpenRecord(r),
    )
  }

  /** Records an order about to be placed, so the engine's reports find it. */
  prepare(spec: NewOrder, now: number): OrderRecord {
    const record: OrderRecord = {
      ...spec,
      engineClientId: `#${++this.seq}`,
      engineId: '',
      orderId: 0,
      executedQty: ZERO,
      cummulativeQuoteQty: ZERO,
      status: 'new',
      time: now,
      updateTime: now,
      cancelClientOrderId: undefined,
      trades: [],
      reports: 0,
    }
    this.byEngineClientId.set(record.engineClientId, record)
    return record
  }

  /** Forgets a prepared order the engine refused. */
  discard(record: OrderRecord): void {
    if (record.engineId === '') this.byEngineClientId.delete(record.engineClientId)
  }

  /** Takes the engine's report of an order; returns the change to report, if it is one of the account's. */
  update(order: Order): OrderEvent | undefined {
    const record = this.byEngineClientId.get(order.clientOrderId)
    if (record === undefined || order.id === undefined) return undefined
    const first = record.engineId === ''
    if (first) {
      record.engineId = order.id
      record.orderId = Number(order.id)
      this.byOrderId.set(record.orderId, record)
      this.records.push(record)
    }
    record.status = order.status
    if (record.origQuoteOrderQty.gt(0) && !isOpenRecord(record)) record.origQty = record.executedQty
    const time = order.timestamp.getTime()
    record.updateTime = time
    const trade = this.pendingTrade.get(record)
    this.pendingTrade.delete(record)
    const executionType =
      trade !== undefined
        ? 'TRADE'
        : first
          ? 'NEW'
          : order.status === 'canceled'
            ? 'CANCELED'
            : order.status === 'expired'
              ? 'EXPIRED'
              : undefined
    if (executionType === undefined) return undefined
    // The engine reports an order as it is after the step; a NEW report shows the order as accepted.
    return { record, executionType, trade, time }
  }

  /** Takes the engine's report of a fill of one of the account's orders. */
  fill(fill: Fill): void {
    const record =
      fill.clientOrderId === undefined ? undefined : this.byEngineClientId.get(fill.clientOrderId)
    if (record === undefined || record.engineId === '') return
    const trade: TradeRecord = {
      id: Number(fill.tradeId),
      order: record,
      price: fill.price,
      qty: fill.quantity,
      commission: fill.fee,
      commissionAsset: fill.feeAsset,
      time: fill.timestamp.getTime(),
      isMaker: fill.liquidity === 'maker',
    }
    record.executedQty = record.executedQty.plus(fill.quantity)
    record.cummulativeQuoteQty = record.cummulativeQuoteQty.plus(fill.price.mul(fill.quantity))
    record.trades.push(trade)
    this.tradeList.push(trade)
    this.pendingTrade.set(record, trade)
  }

  /** An order by id. */
  byId(orderId: number): OrderRecord | undefined {
    return this.byOrderId.get(orderId)
  }

  /** The newest order of the market with this client order id. */
  byClientId(market: BinanceMarket, clientOrderId: string): OrderRecord | undefined {
    for (let i = this.records.length - 1; i >= 0; i--) {
      const r = this.records[i] as OrderRecord
      if (r.market === market && r.clientOrderId === clientOrderId) return r
    }
    return undefined
  }

  /** Every order, oldest first. */
  all(): readonly OrderRecord[] {
    return this.records
  }

  /** Every trade of the account, oldest first. */
  trades(): readonly TradeRecord[] {
    return this.tradeList
  }

  /** The commission rates, as `account` reports them. */
  get rates(): { readonly maker: Decimal; readonly taker: Decimal } {
    return { maker: this.makerFee, taker: this.takerFee }
  }
}

/** Fields of an order every REST answer shares. */
function orderCore(r: OrderRecord) {
  return {
    symbol: r.market.venueSymbol,
    orderId: r.orderId,
    orderListId: -1,
    clientOrderId: r.clientOrderId,
  }
}

function figures(r: OrderRecord) {
  return {
    price: eight(r.price),
    origQty: eight(r.origQty),
    executedQty: eight(r.executedQty),
    cummulativeQuoteQty: eight(r.cummulativeQuoteQty),
    status: statusName(r.status),
    timeInForce: r.timeInForce,
    type: r.type,
    side: sideName(r.side),
  }
}

/**
 * The answer to `POST /api/v3/order` for `newOrderRespType` ACK, RESULT or FULL; FULL lists the fills
 * made while placing.
 *
 * @example
 * placeAnswer(record, 'FULL', record.time).fills
 */
export function placeAnswer(r: OrderRecord, type: 'ACK' | 'RESULT' | 'FULL', transactTime: number): unknown {
  const ack = { ...orderCore(r), transactTime }
  if (type === 'ACK') return ack
  const result = {
    ...ack,
    price: eight(r.price),
    origQty: eight(r.origQty),
    executedQty: eight(r.executedQty),
    origQuoteOrderQty: eight(r.origQuoteOrderQty),
    cummulativeQuoteQty: eight(r.cummulativeQuoteQty),
    status: statusName(r.status),
    timeInForce: r.timeInForce,
    type: r.type,
    side: sideName(r.side),
    workingTime: r.time,
    selfTradePreventionMode: 'NONE',
  }
  if (type === 'RESULT') return result
  return {
    ...result,
    fills: r.trades.map((t) => ({
      price: eight(t.price),
      qty: eight(t.qty),
      commission: eight(t.commission),
      commissionAsset: t.commissionAsset,
      tradeId: t.id,
    })),
  }
}

/**
 * An order as `GET /api/v3/order`, `openOrders` and `allOrders` list it.
 *
 * @example
 * queryAnswer(record).status // 'PARTIALLY_FILLED'
 */
export function queryAnswer(r: OrderRecord): unknown {
  return {
    ...orderCore(r),
    ...figures(r),
    stopPrice: eight(ZERO),
    icebergQty: eight(ZERO),
    time: r.time,
    updateTime: r.updateTime,
    isWorking: true,
    workingTime: r.time,
    origQuoteOrderQty: eight(r.origQuoteOrderQty),
    selfTradePreventionMode: 'NONE',
  }
}

/**
 * An order as `DELETE /api/v3/order` answers: `clientOrderId` is the cancel's own id.
 *
 * @example
 * cancelAnswer(record, now).origClientOrderId
 */
export function cancelAnswer(r: OrderRecord, transactTime: number): unknown {
  return {
    symbol: r.market.venueSymbol,
    origClientOrderId: r.clientOrderId,
    orderId: r.orderId,
    orderListId: -1,
    clientOrderId: r.cancelClientOrderId ?? r.clientOrderId,
    transactTime,
    ...figures(r),
    selfTradePreventionMode: 'NONE',
  }
}

/**
 * A trade as `GET /api/v3/myTrades` lists it.
 *
 * @example
 * myTrade(trade).isMaker // true
 */
export function myTrade(t: TradeRecord): unknown {
  return {
    symbol: t.order.market.venueSymbol,
    id: t.id,
    orderId: t.order.orderId,
    orderListId: -1,
    price: eight(t.price),
    qty: eight(t.qty),
    quoteQty: eight(t.price.mul(t.qty)),
    commission: eight(t.commission),
    commissionAsset: t.commissionAsset,
    time: t.time,
    isBuyer: t.order.side === 'buy',
    isMaker: t.isMaker,
    isBestMatch: true,
  }
}

/**
 * The `executionReport` event of an order's change.
 * https://developers.binance.com/docs/binance-spot-api-docs/user-data-stream#order-update
 *
 * @example
 * executionReport(event, eventTime, executionId).x // 'TRADE'
 */
export function executionReport(ev: OrderEvent, eventTime: number, executionId: number): unknown {
  const r = ev.record
  const t = ev.trade
  const canceled = ev.executionType === 'CANCELED'
  // A NEW report shows the order as accepted, before any fill of the same step.
  const isNew = ev.executionType === 'NEW'
  const z = isNew ? ZERO : t === undefined ? r.executedQty : cumulativeAt(r, t, 'qty')
  const Z = isNew ? ZERO : t === undefined ? r.cummulativeQuoteQty : cumulativeAt(r, t, 'quote')
  const status = isNew ? 'NEW' : t === undefined ? statusName(r.status) : statusAfter(r, t)
  const open = status === 'NEW' || status === 'PARTIALLY_FILLED'
  return {
    e: 'executionReport',
    E: eventTime,
    s: r.market.venueSymbol,
    c: canceled ? (r.cancelClientOrderId ?? r.clientOrderId) : r.clientOrderId,
    S: sideName(r.side),
    o: r.type,
    f: r.timeInForce,
    q: eight(r.origQuoteOrderQty.gt(0) && !open ? r.origQty : r.origQuoteOrderQty.gt(0) ? ZERO : r.origQty),
    p: eight(r.price),
    P: eight(ZERO),
    F: eight(ZERO),
    g: -1,
    C: canceled ? r.clientOrderId : '',
    x: ev.executionType,
    X: status,
    r: 'NONE',
    i: r.orderId,
    l: eight(t?.qty ?? ZERO),
    z: eight(z),
    L: eight(t?.price ?? ZERO),
    n: t === undefined ? '0' : eight(t.commission),
    N: t === undefined ? null : t.commissionAsset,
    T: ev.time,
    t: t?.id ?? -1,
    I: executionId,
    w: open && r.type !== 'MARKET' && r.timeInForce === 'GTC',
    m: t?.isMaker ?? false,
    M: false,
    O: r.time,
    Z: eight(Z),
    Y: eight(t === undefined ? ZERO : t.price.mul(t.qty)),
    Q: eight(r.origQuoteOrderQty),
    W: r.time,
    V: 'NONE',
  }
}

/** Cumulative quantity or quote amount up to and including trade `t`. */
function cumulativeAt(r: OrderRecord, t: TradeRecord, what: 'qty' | 'quote'): Decimal {
  let total = ZERO
  for (const x of r.trades) {
    total = total.plus(what === 'qty' ? x.qty : x.qty.mul(x.price))
    if (x === t) break
  }
  return total
}

/** The status right after trade `t`. */
function statusAfter(r: OrderRecord, t: TradeRecord): string {
  const last = r.trades[r.trades.length - 1] === t
  if (last && r.status === 'filled') return 'FILLED'
  if (r.origQuoteOrderQty.gt(0)) return last && !isOpenRecord(r) ? statusName(r.status) : 'PARTIALLY_FILLED'
  return cumulativeAt(r, t, 'qty').gte(r.origQty) ? 'FILLED' : 'PARTIALLY_FILLED'
}
