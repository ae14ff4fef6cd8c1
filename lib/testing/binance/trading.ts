/**
 * The signed trading and account endpoints of Binance spot: place, cancel and query orders, list
 * orders and trades, read the account.
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api/trading-endpoints
 */
import { Decimal } from '../../core/decimal.js'
import type { VenueError } from '../../core/errors.js'
import type { TimeInForce } from '../../core/model.js'
import { checkSpan, history } from '../kit/history.js'
import { lastPrice } from '../kit/market-stats.js'
import type { DeskOrder } from '../kit/order-desk.js'
import { isOpen } from '../kit/order-journal.js'
import { checkOrder, type BrokenRules } from '../kit/order-rules.js'
import type { BinanceContext } from './context.js'
import type { BinanceMarket } from './options.js'
import {
  cancelAnswer,
  myTrade,
  placeAnswer,
  queryAnswer,
  type BinanceTerms,
  type BinanceTimeInForce,
  type OrderRecord,
  type TradeRecord,
} from './orders.js'
import { readParams } from '../kit/params.js'
import { id, p, type Params } from './params.js'
import { binanceError, clientIdLike, eight, filterFailure, missing } from './wire.js'

const CLIENT_ID = /^[.A-Za-z0-9_-]{1,36}$/
const DAY = 24 * 60 * 60 * 1000
const invalidData = (name: string) =>
  binanceError('badParam', `Invalid data sent for a parameter: '${name}'.`)

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

/** A fresh generated client order id. */
function newClientId(ctx: BinanceContext): string {
  return clientIdLike(ctx.options.seed, ctx.orders.nextGeneratedId())
}

/**
 * `POST /api/v3/order`: LIMIT (GTC, IOC, FOK), LIMIT_MAKER, MARKET by `quantity` or (buys)
 * `quoteOrderQty`; `newOrderRespType` ACK, RESULT or FULL (the default of LIMIT and MARKET).
 *
 * @example
 * placeOrder(ctx, formParams('', 'symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=100'))
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
    newClientOrderId: p.matching(CLIENT_ID, () => invalidData('newClientOrderId')),
  })
  const { symbol: m, type, timeInForce: tifText, quantity, quoteOrderQty, price } = order
  const side = order.side === 'BUY' ? 'buy' : 'sell'
  const respType = order.newOrderRespType ?? (type === 'LIMIT_MAKER' ? 'ACK' : 'FULL')
  const given = order.newClientOrderId
  let request: DeskOrder
  let timeInForce: BinanceTimeInForce = 'GTC'
  if (type === 'LIMIT' || type === 'LIMIT_MAKER') {
    if (type === 'LIMIT') {
      if (tifText === undefined) throw missing('timeInForce')
      if (tifText !== 'GTC' && tifText !== 'IOC' && tifText !== 'FOK') throw binanceError('badTif')
      timeInForce = tifText
    } else if (tifText !== undefined) {
      throw binanceError('unsupported', "Parameter 'timeInForce' sent when not required.")
    }
    if (price === undefined) throw missing('price')
    if (quantity === undefined) throw missing('quantity')
    if (quoteOrderQty !== undefined) throw binanceError('unsupported')
    checkOrder(limitsOf(m), { price, qty: quantity, notional: price.mul(quantity) }, BROKEN)
    if (type === 'LIMIT_MAKER' && crosses(ctx, m, side, price)) {
      throw binanceError('newOrderRejected', 'Order would immediately match and take.')
    }
    const tif: TimeInForce = type === 'LIMIT_MAKER' ? 'PostOnly' : timeInForce
    request = { symbol: m.instrument.symbol, side, type: 'limit', price, quantity, timeInForce: tif }
  } else {
    if (tifText !== undefined)
      throw binanceError('unsupported', "Parameter 'timeInForce' sent when not required.")
    if (price !== undefined) throw binanceError('unsupported', "Parameter 'price' sent when not required.")
    if ((quantity === undefined) === (quoteOrderQty === undefined)) {
      throw binanceError('unsupported', 'Exactly one of quantity and quoteOrderQty must be sent.')
    }
    if (quantity !== undefined) {
      const value = lastPrice(ctx.exchange, m).mul(quantity)
      const marketLotSize = { ...BROKEN, maxQty: () => filterFailure('MARKET_LOT_SIZE') }
      checkOrder(limitsOf(m), { qty: quantity }, BROKEN)
      checkOrder(
        { ...limitsOf(m), maxQty: m.marketMaxQty },
        { qty: quantity, notional: value },
        marketLotSize,
      )
      request = { symbol: m.instrument.symbol, side, type: 'market', quantity, timeInForce: 'IOC' }
    } else {
      const budget = quoteOrderQty as Decimal
      if (side === 'sell')
        throw binanceError('unsupported', 'The simulator takes quoteOrderQty on BUY orders only.')
      if (!budget.gt(0)) throw filterFailure('NOTIONAL')
      checkOrder(limitsOf(m), { notional: budget }, BROKEN)
      request = {
        symbol: m.instrument.symbol,
        side,
        type: 'market',
        quoteQuantity: budget,
        timeInForce: 'IOC',
      }
    }
  }
  const clientOrderId = given ?? newClientId(ctx)
  if (ctx.orders.openByClientId(m, clientOrderId) !== undefined) {
    throw binanceError('newOrderRejected', 'Duplicate order sent.')
  }
  const terms: BinanceTerms = {
    market: m,
    clientOrderId,
    side,
    type,
    timeInForce,
    price: price ?? new Decimal(0),
    origQty: quantity ?? new Decimal(0),
    origQuoteOrderQty: quoteOrderQty ?? new Decimal(0),
    cancelClientOrderId: undefined,
  }
  const record = ctx.orders.place(terms, request)
  return placeAnswer(record, ctx.orders.fillsOf(record), respType, record.createdAt)
}

/** Every filter of a market, for {@link checkOrder}. */
function limitsOf(m: BinanceMarket) {
  const { tickSize, stepSize: step, minQty, maxQty, minNotional, maxNotional } = m
  return { tickSize, step, minQty, maxQty, minNotional, maxNotional }
}

function crosses(ctx: BinanceContext, m: BinanceMarket, side: 'buy' | 'sell', price: Decimal): boolean {
  const { bids, asks } = ctx.exchange.book(m.instrument.symbol, 1)
  const other = side === 'buy' ? asks[0]?.price : bids[0]?.price
  return other !== undefined && (side === 'buy' ? price.gte(other) : price.lte(other))
}

/** The order a request names by `orderId` or `origClientOrderId` (`orderId` wins). */
function namedOrder(
  ctx: BinanceContext,
  params: Params,
  m: BinanceMarket,
  notFound: VenueError,
): OrderRecord {
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

/**
 * `DELETE /api/v3/order`: `newClientOrderId` names the cancel (generated when absent).
 *
 * @example
 * cancelOrder(ctx, formParams('symbol=BTCUSDT&origClientOrderId=a', ''))
 */
export function cancelOrder(ctx: BinanceContext, params: Params): unknown {
  const m = ctx.market(params.get('symbol'))
  const record = namedOrder(ctx, params, m, binanceError('cancelRejected'))
  if (!isOpen(record)) throw binanceError('cancelRejected')
  record.cancelClientOrderId = p.text(params, 'newClientOrderId') ?? newClientId(ctx)
  ctx.orders.cancel(record)
  return cancelAnswer(record, ctx.clock.now())
}

/**
 * `DELETE /api/v3/openOrders`: every open order of `symbol`; -2011 when there is none.
 *
 * @example
 * cancelOpenOrders(ctx, formParams('symbol=BTCUSDT', ''))
 */
export function cancelOpenOrders(ctx: BinanceContext, params: Params): unknown {
  const m = ctx.market(params.get('symbol'))
  const open = ctx.orders.openOrders(m)
  if (open.length === 0) throw binanceError('cancelRejected')
  for (const r of open) r.cancelClientOrderId = newClientId(ctx)
  ctx.orders.cancelAll(m)
  const now = ctx.clock.now()
  return open.map((r) => cancelAnswer(r, now))
}

/**
 * `GET /api/v3/order`: any order of the account, open or not.
 *
 * @example
 * queryOrder(ctx, formParams('symbol=BTCUSDT&orderId=1', ''))
 */
export function queryOrder(ctx: BinanceContext, params: Params): unknown {
  const m = ctx.market(params.get('symbol'))
  return queryAnswer(namedOrder(ctx, params, m, binanceError('noSuchOrder')))
}

/**
 * `GET /api/v3/openOrders`: of `symbol`, or of every symbol.
 *
 * @example
 * openOrders(ctx, formParams('symbol=BTCUSDT', ''))
 */
export function openOrders(ctx: BinanceContext, params: Params): unknown {
  return ctx.orders.openOrders(p.marketFilter(ctx.market)(params, 'symbol')).map(queryAnswer)
}

function timeRange(params: Params) {
  const start = id(params, 'startTime')
  const end = id(params, 'endTime')
  checkSpan(start, end, DAY, () =>
    binanceError('badParam', 'The difference between startTime and endTime must be at most 24 hours.'),
  )
  return { start, end, take: start === undefined ? 'last' : 'first' } as const
}

/**
 * `GET /api/v3/allOrders`: orders of `symbol` from `orderId` (inclusive), else in the time range, else
 * the latest; `limit` default 500, at most 1000; oldest first.
 *
 * @example
 * allOrders(ctx, formParams('symbol=BTCUSDT&limit=10', ''))
 */
export function allOrders(ctx: BinanceContext, params: Params): unknown {
  const m = ctx.market(params.get('symbol'))
  const limit = p.int(500, 1, 1000)(params, 'limit')
  const fromId = id(params, 'orderId')
  const range = timeRange(params)
  const list = ctx.orders.all().filter((r) => r.market === m)
  const query = { id: (r: OrderRecord) => r.orderId ?? 0, time: (r: OrderRecord) => r.createdAt }
  return history(list, { ...query, ...range, fromId, limit }).map(queryAnswer)
}

/**
 * `GET /api/v3/myTrades`: the account's trades of `symbol`, by `orderId`, from `fromId`, or in the
 * time range; `limit` default 500, at most 1000; oldest first.
 *
 * @example
 * myTrades(ctx, formParams('symbol=BTCUSDT&fromId=1', ''))
 */
export function myTrades(ctx: BinanceContext, params: Params): unknown {
  const m = ctx.market(params.get('symbol'))
  const limit = p.int(500, 1, 1000)(params, 'limit')
  const orderId = id(params, 'orderId')
  const fromId = id(params, 'fromId')
  const range = timeRange(params)
  const list = ctx.orders
    .fills()
    .filter((t) => t.order.market === m && (orderId === undefined || t.order.orderId === orderId))
  const query = { id: (t: TradeRecord) => Number(t.tradeId), time: (t: TradeRecord) => t.time }
  return history(list, { ...query, ...range, fromId, limit }).map(myTrade)
}

/**
 * `GET /api/v3/account`: commissions and balances (`omitZeroBalances=true` leaves out empty ones).
 *
 * @example
 * account(ctx, formParams('omitZeroBalances=true', '')).balances
 */
export function account(ctx: BinanceContext, params: Params): unknown {
  const omitZero = p.text(params, 'omitZeroBalances') === 'true'
  const { maker, taker } = ctx.orders.rates
  const bps = (d: Decimal) => d.mul(10_000).round().toNumber()
  const zero = new Decimal(0)
  return {
    makerCommission: bps(maker),
    takerCommission: bps(taker),
    buyerCommission: 0,
    sellerCommission: 0,
    commissionRates: { maker: eight(maker), taker: eight(taker), buyer: eight(zero), seller: eight(zero) },
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

/**
 * `GET /api/v3/rateLimit/order`: the account's order counts.
 *
 * @example
 * rateLimitOrder(ctx)[0].count
 */
export function rateLimitOrder(ctx: BinanceContext): unknown {
  return ctx.limits.orderLimits(ctx.clock.now())
}
