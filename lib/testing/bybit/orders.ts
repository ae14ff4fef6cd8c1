/**
 * The account's orders and executions as Bybit reports them: what the engine does, kept in Bybit's
 * terms (ids, `orderLinkId`, value-based market buys, cumulative values) and written in Bybit's shapes
 * for REST lists and the private `order` and `execution` topics.
 */
import { Decimal } from '../../core/decimal.js'
import type { Fill, Order, OrderStatus, Side, TimeInForce } from '../../core/model.js'
import { POST_ONLY_WOULD_TAKE } from '../../sim/exchange.js'
import type { BybitMarket } from './options.js'
import { orderStatusName, plain, rounded, sideName } from './wire.js'

const ZERO = new Decimal(0)
// Spot order ids are 19-digit numbers; the engine's own ids are small counters added to this.
const ORDER_ID_BASE = 1_900_000_000_000_000_000n
const EXEC_ID_BASE = 2_100_000_000_000_000_000n

/**
 * One order in Bybit's terms.
 *
 * @example
 * const record: OrderRecord | undefined = orders.find({ orderLinkId: 'grid-1' })
 * if (record !== undefined) restOrder(record) // as /v5/order/realtime lists it
 */
export interface OrderRecord {
  /** The engine's client order id: the `orderLinkId`, or an internal one when none was given. */
  readonly clientId: string
  /** The engine's id; `''` until the engine accepted the order. */
  engineId: string
  /** Bybit's id; `''` until the engine accepted the order. */
  orderId: string
  /** `''` when the client gave none. */
  readonly orderLinkId: string
  readonly market: BybitMarket
  readonly side: Side
  readonly orderType: 'Limit' | 'Market'
  readonly timeInForce: TimeInForce
  /** Spot market orders only: what `qty` counts. */
  readonly marketUnit: 'baseCoin' | 'quoteCoin' | ''
  price: Decimal | undefined
  /** As asked: a quote amount for a market buy by value. */
  qty: Decimal
  status: OrderStatus
  reason: string | undefined
  cancelType: 'UNKNOWN' | 'CancelByUser'
  cumExecQty: Decimal
  cumExecValue: Decimal
  cumExecFee: Decimal
  readonly createdTime: number
  updatedTime: number
  readonly lastPriceOnCreated: string
}

/**
 * One execution of an order of the account.
 *
 * @example
 * const exec: ExecRecord | undefined = orders.fill(fill, seq)
 * if (exec !== undefined) privateSocket.push('execution', [socketExecution(exec)])
 */
export interface ExecRecord {
  readonly execId: string
  readonly order: OrderRecord
  readonly price: Decimal
  readonly qty: Decimal
  readonly fee: Decimal
  readonly feeCurrency: string
  readonly feeRate: Decimal
  readonly isMaker: boolean
  readonly time: number
  /** The order's remaining quantity right after this execution. */
  readonly leavesQty: string
  /** The market's cross sequence at the execution. */
  readonly seq: number
}

/**
 * What a new order record needs besides the engine's answer.
 *
 * @example
 * const spec: NewOrder = {
 *   market, orderLinkId: 'grid-1', side: 'buy', orderType: 'Limit', timeInForce: 'GTC',
 *   marketUnit: '', price, qty, lastPriceOnCreated: '65000',
 * }
 * const record = orders.prepare(spec, clock.now())
 */
export interface NewOrder {
  readonly market: BybitMarket
  readonly orderLinkId: string
  readonly side: Side
  readonly orderType: 'Limit' | 'Market'
  readonly timeInForce: TimeInForce
  readonly marketUnit: 'baseCoin' | 'quoteCoin' | ''
  readonly price: Decimal | undefined
  readonly qty: Decimal
  readonly lastPriceOnCreated: string
}

/**
 * The account's order book-keeping, fed by the engine's order and fill reports.
 *
 * @example
 * const orders = new BybitOrders(makerFee, takerFee)
 * const record = orders.prepare(spec, now)
 * exchange.place({ ...request, clientOrderId: record.clientId }) // its reports reach orders.update / orders.fill
 */
export class BybitOrders {
  private readonly byClientId = new Map<string, OrderRecord>()
  private readonly byOrderId = new Map<string, OrderRecord>()
  private readonly byLinkId = new Map<string, OrderRecord>()
  private readonly all: OrderRecord[] = []
  private readonly execs: ExecRecord[] = []
  private execSeq = 0
  private autoSeq = 0

  constructor(
    private readonly makerFee: Decimal,
    private readonly takerFee: Decimal,
  ) {}

  /** The Bybit id of an engine order id. */
  static orderIdOf(engineId: string): string {
    return (ORDER_ID_BASE + BigInt(engineId)).toString()
  }

  /** True when a client order id is taken by an order this account placed. */
  hasLinkId(orderLinkId: string): boolean {
    return this.byLinkId.has(orderLinkId)
  }

  /**
   * Records an order about to be placed, so the engine's reports during the placement find it. Its
   * ids are set by the first report; {@link discard} it if the engine refuses the order.
   */
  prepare(spec: NewOrder, now: number): OrderRecord {
    // '#' is not allowed in an orderLinkId, so an internal id never meets a client's.
    const clientId = spec.orderLinkId === '' ? `#${++this.autoSeq}` : spec.orderLinkId
    const record: OrderRecord = {
      ...spec,
      clientId,
      engineId: '',
      orderId: '',
      status: 'new',
      reason: undefined,
      cancelType: 'UNKNOWN',
      cumExecQty: ZERO,
      cumExecValue: ZERO,
      cumExecFee: ZERO,
      createdTime: now,
      updatedTime: now,
    }
    this.byClientId.set(clientId, record)
    return record
  }

  /** Forgets a prepared order the engine refused. */
  discard(record: OrderRecord): void {
    if (record.engineId === '') this.byClientId.delete(record.clientId)
  }

  /** Takes the engine's report of an order's state; `undefined` for an order it does not know. */
  update(order: Order): OrderRecord | undefined {
    const record = this.byClientId.get(order.clientOrderId)
    if (record === undefined || order.id === undefined) return undefined
    if (record.engineId === '') {
      record.engineId = order.id
      record.orderId = BybitOrders.orderIdOf(order.id)
      this.byOrderId.set(record.orderId, record)
      if (record.orderLinkId !== '') this.byLinkId.set(record.orderLinkId, record)
      this.all.push(record)
    }
    record.status = order.status
    record.reason = order.reason
    record.price = record.orderType === 'Limit' ? order.price : undefined
    if (record.orderType === 'Limit') record.qty = order.quantity
    record.updatedTime = order.timestamp.getTime()
    return record
  }

  /** Takes the engine's report of a fill; `undefined` for an order it does not know. */
  fill(fill: Fill, seq: number): ExecRecord | undefined {
    const record = fill.clientOrderId === undefined ? undefined : this.byClientId.get(fill.clientOrderId)
    if (record === undefined || record.engineId === '') return undefined
    record.cumExecQty = record.cumExecQty.plus(fill.quantity)
    record.cumExecValue = record.cumExecValue.plus(fill.price.mul(fill.quantity))
    record.cumExecFee = record.cumExecFee.plus(fill.fee)
    record.updatedTime = fill.timestamp.getTime()
    const exec: ExecRecord = {
      execId: (EXEC_ID_BASE + BigInt(++this.execSeq)).toString(),
      order: record,
      price: fill.price,
      qty: fill.quantity,
      fee: fill.fee,
      feeCurrency: fill.feeAsset,
      feeRate: fill.liquidity === 'maker' ? this.makerFee : this.takerFee,
      isMaker: fill.liquidity === 'maker',
      time: fill.timestamp.getTime(),
      leavesQty: leavesQty(record),
      seq,
    }
    this.execs.push(exec)
    return exec
  }

  /** An order by Bybit id, else by client id (Bybit's own priority). */
  find(ref: { readonly orderId?: string | undefined; readonly orderLinkId?: string | undefined }) {
    if (ref.orderId !== undefined && ref.orderId !== '') return this.byOrderId.get(ref.orderId)
    if (ref.orderLinkId !== undefined && ref.orderLinkId !== '') return this.byLinkId.get(ref.orderLinkId)
    return undefined
  }

  /** Every order, newest first. */
  newestFirst(): OrderRecord[] {
    return [...this.all].reverse()
  }

  /** Every execution, newest first. */
  executionsNewestFirst(): ExecRecord[] {
    return [...this.execs].reverse()
  }
}

/**
 * True while an order can still trade.
 *
 * @example
 * orders.newestFirst().filter(isOpenRecord)
 */
export function isOpenRecord(record: OrderRecord): boolean {
  return record.status === 'new' || record.status === 'partially-filled' || record.status === 'pending-new'
}

function leavesQty(record: OrderRecord): string {
  if (!isOpenRecord(record) || record.marketUnit === 'quoteCoin') return '0'
  return plain(Decimal.max(ZERO, record.qty.minus(record.cumExecQty)))
}

function leavesValue(record: OrderRecord): string {
  if (!isOpenRecord(record)) return '0'
  if (record.marketUnit === 'quoteCoin')
    return plain(Decimal.max(ZERO, record.qty.minus(record.cumExecValue)))
  return plain(Decimal.max(ZERO, record.qty.minus(record.cumExecQty)).mul(record.price ?? ZERO))
}

function avgPrice(record: OrderRecord): string {
  // UTA answers "" for an order without fills: https://bybit-exchange.github.io/docs/v5/order/open-order
  return record.cumExecQty.isZero() ? '' : rounded(record.cumExecValue.div(record.cumExecQty), 10)
}

/** https://bybit-exchange.github.io/docs/v5/enum#rejectreason */
function rejectReason(record: OrderRecord): string {
  if (record.status === 'canceled' && record.reason === POST_ONLY_WOULD_TAKE)
    return 'EC_PostOnlyWillTakeLiquidity'
  if (record.status !== 'expired') return 'EC_NoError'
  if (record.timeInForce === 'FOK') return 'EC_CancelForNoFullFill'
  if (record.orderType === 'Market') return 'EC_NoEnoughQtyToFill'
  return 'EC_NoImmediateQtyToFill'
}

/** Fields the REST order lists and the `order` topic share. */
function common(record: OrderRecord) {
  return {
    orderId: record.orderId,
    orderLinkId: record.orderLinkId,
    blockTradeId: '',
    symbol: record.market.venueSymbol,
    price: record.price === undefined ? '0' : plain(record.price),
    qty: plain(record.qty),
    side: sideName(record.side),
    positionIdx: 0,
    orderStatus: orderStatusName(record.status, record.cumExecQty),
    cancelType: record.cancelType,
    rejectReason: rejectReason(record),
    avgPrice: avgPrice(record),
    leavesQty: leavesQty(record),
    leavesValue: leavesValue(record),
    cumExecQty: plain(record.cumExecQty),
    cumExecValue: plain(record.cumExecValue),
    cumExecFee: plain(record.cumExecFee),
    timeInForce: record.timeInForce,
    orderType: record.orderType,
    stopOrderType: '',
    orderIv: '',
    marketUnit: record.marketUnit,
    triggerPrice: '0',
    takeProfit: '0',
    stopLoss: '0',
    tpTriggerBy: '',
    slTriggerBy: '',
    triggerDirection: 0,
    triggerBy: '',
    lastPriceOnCreated: record.lastPriceOnCreated,
    reduceOnly: false,
    closeOnTrigger: false,
    smpType: 'None',
    smpGroup: 0,
    smpOrderId: '',
    tpslMode: '',
    tpLimitPrice: '',
    slLimitPrice: '',
    placeType: '',
    createdTime: String(record.createdTime),
    updatedTime: String(record.updatedTime),
  }
}

/**
 * An order as `/v5/order/realtime` and `/v5/order/history` list it.
 *
 * @example
 * restOrder(record).orderStatus // 'PartiallyFilled'
 */
export function restOrder(record: OrderRecord): Record<string, unknown> {
  return { ...common(record), isLeverage: '0' }
}

/**
 * An order as the private `order` topic pushes it.
 *
 * @example
 * socket.send(JSON.stringify({ id, topic: 'order', creationTime, data: [socketOrder(record)] }))
 */
export function socketOrder(record: OrderRecord): Record<string, unknown> {
  const fee = record.cumExecFee
  const feeCoin = record.side === 'buy' ? record.market.instrument.base : record.market.instrument.quote
  return {
    ...common(record),
    category: 'spot',
    closedPnl: '0',
    feeCurrency: '',
    cumFeeDetail: fee.isZero() ? {} : { [feeCoin]: plain(fee) },
  }
}

/** Fields of an execution the REST list and the `execution` topic share. */
function execCommon(exec: ExecRecord) {
  const order = exec.order
  return {
    symbol: order.market.venueSymbol,
    orderId: order.orderId,
    orderLinkId: order.orderLinkId,
    side: sideName(order.side),
    orderPrice: order.price === undefined ? '0' : plain(order.price),
    orderQty: plain(order.qty),
    leavesQty: exec.leavesQty,
    orderType: order.orderType,
    stopOrderType: '',
    execFee: plain(exec.fee),
    execId: exec.execId,
    execPrice: plain(exec.price),
    execQty: plain(exec.qty),
    execType: 'Trade',
    execValue: plain(exec.price.mul(exec.qty)),
    execTime: String(exec.time),
    isMaker: exec.isMaker,
    feeRate: plain(exec.feeRate),
    tradeIv: '',
    markIv: '',
    // Spot has no mark price; the execution price stands in so the field stays a decimal.
    markPrice: plain(exec.price),
    indexPrice: '',
    underlyingPrice: '',
    blockTradeId: '',
  }
}

/**
 * An execution as `/v5/execution/list` lists it.
 *
 * @example
 * restExecution(exec).execType // 'Trade'
 */
export function restExecution(exec: ExecRecord): Record<string, unknown> {
  return { ...execCommon(exec), feeCurrency: exec.feeCurrency, closedSize: '', extraFees: '', seq: exec.seq }
}

/**
 * An execution as the private `execution` topic pushes it.
 *
 * @example
 * socketExecution(exec).isMaker // true
 */
export function socketExecution(exec: ExecRecord): Record<string, unknown> {
  return { ...execCommon(exec), category: 'spot', isLeverage: '0' }
}
