/**
 * The signed trading and account endpoints of Binance spot: place, cancel and query orders, list
 * orders and trades, read the account.
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api/trading-endpoints
 */
import { Decimal } from '../../core/decimal.js'
import type { VenueError } from '../../core/errors.js'
import { checkSpan, history } from '../kit/history.js'
import { lastPrice } from '../kit/market-stats.js'
import type { DeskOrder } from '../kit/order-desk.js'
import { isOpen } from '../kit/order-journal.js'
import { checkOrder, type BrokenRules } from '../kit/order-rules.js'
import { readParams } from '../kit/params.js'
import type { BinanceContext } from './context.js'
import type { BinanceMarket } from './options.js'
import {
  cancelAnswer,
  myTrade,
  placeAnswer,
  queryAnswer,
  type BinanceTimeInForce,
  type OrderRecord,
  type TradeRecord,
} from './orders.js'
import { binanceError, clientIdLike, eight, filterFailure, id, missing, p, type Params } from './wire.js'

const ZERO = new Decimal(0)
const invalidData = (name: string) =>
  binanceError('badParam', `Invalid data sent for a parameter: '${name}'.`)
const notRequired = (name: string) =>
  binanceError('unsupported', `Parameter '${name}' sent when not required.`)
const lotSize = () => filterFailure('LOT_SIZE')
const notional = () => filterFailure('NOTIONAL')
/** The symbol filter each broken rule fails. */
const BROKEN: BrokenRules = {
  price: () => filterFailure('PRICE_FILTER'),
  tick: () => filterFailure('PRICE_FILTER'),
  qty: lotSize,
  step: lotSize,
  minQty: lotSize,
  maxQty: lotSize,
  minNotional: notional,
  maxNotional: notional,
}

const newClientId = (ctx: BinanceContext) => clientIdLike(ctx.options.seed, ctx.orders.nextGeneratedId())

/**
 * LIMIT (GTC, IOC, FOK), LIMIT_MAKER, MARKET by `quantity` or (buys) `quoteOrderQty`;
 * `newOrderRespType` ACK, RESULT or FULL (the default of LIMIT and MARKET).
 */
export function placeOrder(ctx: BinanceContext, params: Params): unknown {
  const order = readParams(params, {
    symbol: p.market(ctx.market),
    side: p.need(p.oneOf(['BUY', 'SELL'] as const, () => binanceError('badSide'))),
    type: p.need(p.oneOf(['LIMIT', 'MARKET', 'LIMIT_MAKER'] as const, () => binanceError('badOrderType'))),
    timeInForce: p.text,
    quantity: p.decimal,
    quoteOrderQty: p.decimal,
    price: p.decimal,
    newOrderRespType: p.oneOf(['ACK', 'RESULT', 'FULL'] as const, () => invalidData('newOrderRespType')),
    newClientOrderId: p.matching(/^[.A-Za-z0-9_-]{1,36}$/, () => invalidData('newClientOrderId')),
  })
  const { symbol: m, type, timeInForce: tifText, quantity, quoteOrderQty, price } = order
  const side = order.side === 'BUY' ? 'buy' : 'sell'
  const symbol = m.instrument.symbol
  const limits = { ...m, step: m.stepSize }
  let request: DeskOrder
  let timeInForce: BinanceTimeInForce = 'GTC'
  if (type !== 'LIMIT' && tifText !== undefined) throw notRequired('timeInForce')
  if (type !== 'MARKET') {
    if (type === 'LIMIT') {
      if (tifText === undefined) throw missing('timeInForce')
      if (tifText !== 'GTC' && tifText !== 'IOC' && tifText !== 'FOK') throw binanceError('badTif')
      timeInForce = tifText
    }
    if (price === undefined) throw missing('price')
    if (quantity === undefined) throw missing('quantity')
    if (quoteOrderQty !== undefined) throw binanceError('unsupported')
    checkOrder(limits, { price, qty: quantity, notional: price.mul(quantity) }, BROKEN)
    if (type === 'LIMIT_MAKER' && crosses(ctx, m, side, price)) {
      throw binanceError('newOrderRejected', 'Order would immediately match and take.')
    }
    const tif = type === 'LIMIT_MAKER' ? 'PostOnly' : timeInForce
    request = { symbol, side, type: 'limit', price, quantity, timeInForce: tif }
  } else {
    if (price !== undefined) throw notRequired('price')
    if ((quantity === undefined) === (quoteOrderQty === undefined)) {
      throw binanceError('unsupported', 'Exactly one of quantity and quoteOrderQty must be sent.')
    }
    if (quantity !== undefined) {
      const value = lastPrice(ctx.exchange, m).mul(quantity)
      const marketLotSize = { ...BROKEN, maxQty: () => filterFailure('MARKET_LOT_SIZE') }
      checkOrder(limits, { qty: quantity }, BROKEN)
      checkOrder({ ...limits, maxQty: m.marketMaxQty }, { qty: quantity, notional: value }, marketLotSize)
      request = { symbol, side, type: 'market', quantity, timeInForce: 'IOC' }
    } else {
      const budget = quoteOrderQty as Decimal
      if (side === 'sell')
        throw binanceError('unsupported', 'The simulator takes quoteOrderQty on BUY orders only.')
      if (!budget.gt(0)) throw filterFailure('NOTIONAL')
      checkOrder(limits, { notional: budget }, BROKEN)
      request = { symbol, side, type: 'market', quoteQuantity: budget, timeInForce: 'IOC' }
    }
  }
  const clientOrderId = order.newClientOrderId ?? newClientId(ctx)
  if (ctx.orders.openOrders(m).some((r) => r.clientOrderId === clientOrderId)) {
    throw binanceError('newOrderRejected', 'Duplicate order sent.')
  }
  const record = ctx.orders.place(
    {
      market: m,
      clientOrderId,
      side,
      type,
      timeInForce,
      price: price ?? ZERO,
      origQty: quantity ?? ZERO,
      origQuoteOrderQty: quoteOrderQty ?? ZERO,
      cancelClientOrderId: undefined,
    },
    request,
  )
  const respType = order.newOrderRespType ?? (type === 'LIMIT_MAKER' ? 'ACK' : 'FULL')
  return placeAnswer(record, ctx.orders.fillsOf(record), respType)
}

function crosses(ctx: BinanceContext, m: BinanceMarket, side: 'buy' | 'sell', price: Decimal): boolean {
  const { bids, asks } = ctx.exchange.book(m.instrument.symbol, 1)
  const other = side === 'buy' ? asks[0]?.price : bids[0]?.price
  return other !== undefined && (side === 'buy' ? price.gte(other) : price.lte(other))
}

/** The order a request names by `orderId` or `origClientOrderId` (`orderId` wins). */
function namedOrder(ctx: BinanceContext, params: Params, notFound: VenueError): OrderRecord {
  const m = ctx.market(params.get('symbol'))
  const orderId = id(params, 'orderId')
  const clientId = p.text(params, 'origClientOrderId')
  if (orderId === undefined && clientId === undefined) {
    throw binanceError(
      'mandatory',
      "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!",
    )
  }
  const record = ctx.orders.named({ orderId, clientId }, m)
  if (record === undefined) throw notFound
  return record
}

/** `newClientOrderId` names the cancel (generated when absent). */
export function cancelOrder(ctx: BinanceContext, params: Params): unknown {
  const record = namedOrder(ctx, params, binanceError('cancelRejected'))
  if (!isOpen(record)) throw binanceError('cancelRejected')
  record.cancelClientOrderId = p.text(params, 'newClientOrderId') ?? newClientId(ctx)
  ctx.orders.cancel(record)
  return cancelAnswer(record, ctx.clock.now())
}

/** Every open order of `symbol`; -2011 when there is none. */
export function cancelOpenOrders(ctx: BinanceContext, params: Params): unknown {
  const m = ctx.market(params.get('symbol'))
  const open = ctx.orders.openOrders(m)
  if (open.length === 0) throw binanceError('cancelRejected')
  for (const r of open) r.cancelClientOrderId = newClientId(ctx)
  ctx.orders.cancelAll(m)
  const now = ctx.clock.now()
  return open.map((r) => cancelAnswer(r, now))
}

/** Any order of the account, open or not. */
export function queryOrder(ctx: BinanceContext, params: Params): unknown {
  return queryAnswer(namedOrder(ctx, params, binanceError('noSuchOrder')))
}

export function openOrders(ctx: BinanceContext, params: Params): unknown {
  return ctx.orders.openOrders(p.marketFilter(ctx.market)(params, 'symbol')).map(queryAnswer)
}

/**
 * `symbol`, `limit` (default 500, at most 1000), the ids named, and a time range of at most 24 h (in
 * the order Binance checks them).
 */
function listQuery<K extends string>(ctx: BinanceContext, params: Params, ids: readonly K[]) {
  const m = ctx.market(params.get('symbol'))
  const limit = p.int(500, 1, 1000)(params, 'limit')
  const named = Object.fromEntries(ids.map((n) => [n, id(params, n)])) as Record<K, number | undefined>
  const start = id(params, 'startTime')
  const end = id(params, 'endTime')
  checkSpan(start, end, 24 * 60 * 60 * 1000, () =>
    binanceError('badParam', 'The difference between startTime and endTime must be at most 24 hours.'),
  )
  return { m, named, query: { limit, start, end, take: start === undefined ? 'last' : 'first' } as const }
}

/** From `orderId` (inclusive), else in the time range, else the latest; oldest first. */
export function allOrders(ctx: BinanceContext, params: Params): unknown {
  const { m, named, query } = listQuery(ctx, params, ['orderId'])
  const list = ctx.orders.all().filter((r) => r.market === m)
  const keys = { id: (r: OrderRecord) => r.orderId ?? 0, time: (r: OrderRecord) => r.createdAt }
  return history(list, { ...keys, ...query, fromId: named.orderId }).map(queryAnswer)
}

/** The account's trades of `symbol`, by `orderId`, from `fromId`, or in the time range; oldest first. */
export function myTrades(ctx: BinanceContext, params: Params): unknown {
  const { m, named, query } = listQuery(ctx, params, ['orderId', 'fromId'])
  const { orderId, fromId } = named
  const list = ctx.orders
    .fills()
    .filter((t) => t.order.market === m && (orderId === undefined || t.order.orderId === orderId))
  const keys = { id: (t: TradeRecord) => Number(t.tradeId), time: (t: TradeRecord) => t.time }
  return history(list, { ...keys, ...query, fromId }).map(myTrade)
}

/** Commissions and balances (`omitZeroBalances=true` leaves out empty ones). */
export function account(ctx: BinanceContext, params: Params): unknown {
  const omitZero = p.text(params, 'omitZeroBalances') === 'true'
  const { maker, taker } = ctx.orders.rates
  const bps = (d: Decimal) => d.mul(10_000).round().toNumber()
  return {
    makerCommission: bps(maker),
    takerCommission: bps(taker),
    buyerCommission: 0,
    sellerCommission: 0,
    commissionRates: { maker: eight(maker), taker: eight(taker), buyer: eight(ZERO), seller: eight(ZERO) },
    canTrade: true,
    canWithdraw: true,
    canDeposit: true,
    brokered: false,
    requireSelfTradePrevention: false,
    preventSor: false,
    updateTime: ctx.clock.now(),
    accountType: 'SPOT',
    balances: ctx.exchange
      .balances()
      .filter((b) => !omitZero || b.total.gt(0))
      .map((b) => ({ asset: b.asset, free: eight(b.free), locked: eight(b.locked) })),
    permissions: ['SPOT'],
    uid: 100_000_000 + (ctx.options.seed >>> 8),
  }
}
