/**
 * The account's orders and executions as Bybit reports them: what the engine does, kept in Bybit's
 * terms (ids, `orderLinkId`, value-based market buys, cumulative values) and written in Bybit's shapes
 * for REST lists and the private `order` and `execution` topics.
 */
import { Decimal } from '../../core/decimal.js'
import type { Order, Side, TimeInForce, UnifiedSymbol } from '../../core/model.js'
import { POST_ONLY_WOULD_TAKE } from '../../sim/exchange.js'
import { OrderDesk, type DeskTerms } from '../kit/order-desk.js'
import { isOpen, type JournalEntry, type JournalFill } from '../kit/order-journal.js'
import type { BybitMarket } from './options.js'
import { orderStatusName, plain, reject, rounded, SIDE } from './wire.js'

const ZERO = new Decimal(0)
// Spot order ids are 19-digit numbers; the engine's own ids are small counters added to this.
const ORDER_ID_BASE = 1_900_000_000_000_000_000n
const EXEC_ID_BASE = 2_100_000_000_000_000_000n

/** What Bybit keeps of an order besides the journal's state. */
export interface BybitTerms {
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
  cancelType: 'UNKNOWN' | 'CancelByUser'
  readonly lastPriceOnCreated: string
}

/** One order in Bybit's terms; `orderId` is Bybit's 19-digit id. */
export type OrderRecord = JournalEntry<BybitTerms, string>

/**
 * One execution of an order of the account: `leavesQty` is the order's remaining quantity right
 * after it, `seq` the market's cross sequence at it.
 */
export type ExecRecord = JournalFill<
  BybitTerms,
  string,
  { readonly feeRate: Decimal; readonly leavesQty: string; readonly seq: number }
>

type Extras = Omit<ExecRecord, keyof JournalFill<BybitTerms, string, object>>

/**
 * The account's orders, fed by the engine's order and fill reports, and the commands on them; an
 * order's engine client id is its `orderLinkId` when it has one.
 */
export class BybitOrders extends OrderDesk<BybitTerms, string, Extras> {
  constructor(
    engine: DeskTerms<BybitTerms, string, Extras>['engine'],
    fees: { readonly maker: Decimal; readonly taker: Decimal },
    crossSequence: (symbol: UnifiedSymbol) => number,
  ) {
    super({
      engine,
      orderId: (engineId) => (ORDER_ID_BASE + BigInt(engineId)).toString(),
      clientId: (terms) => terms.orderLinkId,
      fillExtras: (record, fill) => ({
        feeRate: fill.liquidity === 'maker' ? fees.maker : fees.taker,
        leavesQty: leavesQty(record),
        seq: crossSequence(fill.symbol),
      }),
      refusals: {
        insufficientFunds: (message) => reject('balance', message),
        notFound: () => reject('notExist'),
        other: (message) => reject('params', message),
      },
    })
  }

  /** Takes the engine's report of an order: a limit order's price and quantity are as amended. */
  override update(order: Order) {
    const change = super.update(order)
    const record = change?.entry
    if (record?.orderType === 'Limit') {
      record.price = order.price
      record.qty = order.quantity
    }
    return change
  }
}

function leavesQty(record: OrderRecord): string {
  if (!isOpen(record) || record.marketUnit === 'quoteCoin') return '0'
  return plain(Decimal.max(ZERO, record.qty.minus(record.executedQty)))
}

function leavesValue(record: OrderRecord): string {
  if (!isOpen(record)) return '0'
  if (record.marketUnit === 'quoteCoin')
    return plain(Decimal.max(ZERO, record.qty.minus(record.executedValue)))
  return plain(Decimal.max(ZERO, record.qty.minus(record.executedQty)).mul(record.price ?? ZERO))
}

function avgPrice(record: OrderRecord): string {
  // UTA answers "" for an order without fills: https://bybit-exchange.github.io/docs/v5/order/open-order
  return record.executedQty.isZero() ? '' : rounded(record.executedValue.div(record.executedQty), 10)
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
    orderId: record.orderId ?? '',
    orderLinkId: record.orderLinkId,
    blockTradeId: '',
    symbol: record.market.venueSymbol,
    price: record.price === undefined ? '0' : plain(record.price),
    qty: plain(record.qty),
    side: SIDE[record.side],
    positionIdx: 0,
    orderStatus: orderStatusName(record.status, record.executedQty),
    cancelType: record.cancelType,
    rejectReason: rejectReason(record),
    avgPrice: avgPrice(record),
    leavesQty: leavesQty(record),
    leavesValue: leavesValue(record),
    cumExecQty: plain(record.executedQty),
    cumExecValue: plain(record.executedValue),
    cumExecFee: plain(record.executedFee),
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
    createdTime: String(record.createdAt),
    updatedTime: String(record.updatedAt),
  }
}

/** An order as `/v5/order/realtime` and `/v5/order/history` list it. */
export function restOrder(record: OrderRecord): Record<string, unknown> {
  return { ...common(record), isLeverage: '0' }
}

/** An order as the private `order` topic pushes it. */
export function socketOrder(record: OrderRecord): Record<string, unknown> {
  const fee = record.executedFee
  const feeCoin = record.side === 'buy' ? record.market.instrument.base : record.market.instrument.quote
  return {
    ...common(record),
    category: 'spot',
    closedPnl: '0',
    feeCurrency: '',
    cumFeeDetail: fee.isZero() ? {} : { [feeCoin]: plain(fee) },
  }
}

export function execId(exec: ExecRecord): string {
  return (EXEC_ID_BASE + BigInt(exec.n)).toString()
}

/** Fields of an execution the REST list and the `execution` topic share. */
function execCommon(exec: ExecRecord) {
  const order = exec.order
  return {
    symbol: order.market.venueSymbol,
    orderId: order.orderId ?? '',
    orderLinkId: order.orderLinkId,
    side: SIDE[order.side],
    orderPrice: order.price === undefined ? '0' : plain(order.price),
    orderQty: plain(order.qty),
    leavesQty: exec.leavesQty,
    orderType: order.orderType,
    stopOrderType: '',
    execFee: plain(exec.fee),
    execId: execId(exec),
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

/** An execution as `/v5/execution/list` lists it. */
export function restExecution(exec: ExecRecord): Record<string, unknown> {
  return { ...execCommon(exec), feeCurrency: exec.feeAsset, closedSize: '', extraFees: '', seq: exec.seq }
}

/** An execution as the private `execution` topic pushes it. */
export function socketExecution(exec: ExecRecord): Record<string, unknown> {
  return { ...execCommon(exec), category: 'spot', isLeverage: '0' }
}
