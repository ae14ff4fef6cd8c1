/**
 * The private trading and account endpoints of Bybit v5 spot: place, amend and cancel orders, list
 * orders and executions, read the wallet.
 * https://bybit-exchange.github.io/docs/v5/order/create-order and the pages next to it
 */
import { Decimal, isMultipleOf } from '../../core/decimal.js'
import { VenueError } from '../../core/errors.js'
import type { OrderRequest, TimeInForce } from '../../core/model.js'
import type { BybitContext } from './context.js'
import type { BybitMarket } from './options.js'
import { isOpen } from '../kit/order-journal.js'
import { execId, restExecution, restOrder, type OrderRecord } from './orders.js'
import { decimalString, integer, optionalString, spotCategory, timestamp, type Params } from './params.js'
import { walletAccount } from './wallet.js'
import { fixed, orderStatusName, reject, sideOf } from './wire.js'

const WEEK = 7 * 24 * 60 * 60 * 1000
const LINK_ID = /^[A-Za-z0-9_-]{1,36}$/
const TIME_IN_FORCE: readonly TimeInForce[] = ['GTC', 'IOC', 'FOK', 'PostOnly']

/**
 * The answer to an order command: Bybit answers a create with ids only; the order's state arrives on
 * the private stream.
 *
 * @example
 * const ack: OrderAck = bybit.placeResting({ symbol: 'BTC/USDT', side: 'sell', price: '70000', qty: '0.01' })
 * bybit.fillOrder({ orderId: ack.orderId })
 */
export interface OrderAck {
  readonly orderId: string
  readonly orderLinkId: string
}

/** An engine refusal in Bybit's words. */
function engineFailure(e: unknown): VenueError {
  if (!(e instanceof VenueError)) return reject('params', e instanceof Error ? e.message : String(e))
  if (typeof e.code === 'number') return e
  if (e.kind === 'insufficient-funds') return reject('balance', e.message)
  if (e.kind === 'not-found') return reject('notExist')
  return reject('params', e.message)
}

/** Runs engine work, answering an engine refusal with Bybit's code. */
function engine<T>(ctx: BybitContext, work: () => T): T {
  try {
    return ctx.run(work)
  } catch (e) {
    throw engineFailure(e)
  }
}

function checkPrice(m: BybitMarket, price: Decimal): void {
  if (!price.gt(0)) throw reject('params', 'price must be > 0')
  if (!isMultipleOf(price, m.tickSize)) throw reject('priceDecimals', `tickSize is ${m.tickSize.toString()}`)
}

function checkBaseQty(m: BybitMarket, qty: Decimal, max: Decimal): void {
  if (!qty.gt(0)) throw reject('params', 'qty must be > 0')
  if (!isMultipleOf(qty, m.basePrecision)) {
    throw reject('qtyDecimals', `basePrecision is ${m.basePrecision.toString()}`)
  }
  if (qty.lt(m.minOrderQty)) throw reject('minQty', `minOrderQty is ${m.minOrderQty.toString()}`)
  if (qty.gt(max)) throw reject('qtyTooLarge', `the most is ${max.toString()}`)
}

function checkValue(m: BybitMarket, value: Decimal): void {
  if (value.lt(m.minOrderAmt)) throw reject('minAmt', `minOrderAmt is ${m.minOrderAmt.toString()}`)
}

/**
 * `POST /v5/order/create`. Spot market buys count `qty` in quote coin unless `marketUnit=baseCoin`;
 * a post-only order that would take is accepted and then cancelled, as Bybit does.
 *
 * @example
 * createOrder(ctx, bodyParams('{"category":"spot","symbol":"BTCUSDT","side":"Buy","orderType":"Market","qty":"200"}'))
 */
export function createOrder(ctx: BybitContext, params: Params): OrderAck {
  spotCategory(params)
  const m = ctx.market(params.get('symbol'))
  const side = sideOf(params.get('side'))
  if (side === undefined) throw reject('params', 'side must be Buy or Sell')
  const orderType = params.get('orderType')
  if (orderType !== 'Limit' && orderType !== 'Market')
    throw reject('params', 'orderType must be Limit or Market')
  const qty = decimalString(params, 'qty')
  if (qty === undefined) throw reject('params', 'qty is required')
  const price = decimalString(params, 'price')
  const tifParam = params.get('timeInForce')
  if (tifParam !== undefined && !TIME_IN_FORCE.includes(tifParam as TimeInForce)) {
    throw reject('params', `timeInForce ${String(tifParam)} is not supported`)
  }
  const orderLinkId = optionalString(params, 'orderLinkId') ?? ''
  if (orderLinkId !== '' && !LINK_ID.test(orderLinkId)) {
    throw reject('params', 'orderLinkId is at most 36 letters, digits, - or _')
  }
  const filter = params.get('orderFilter')
  if (filter !== undefined && filter !== 'Order')
    throw reject('params', `orderFilter ${String(filter)} is not supported`)
  const leverage = params.get('isLeverage')
  if (leverage !== undefined && leverage !== 0 && leverage !== '0') {
    throw reject('params', 'margin trading (isLeverage=1) is not supported')
  }
  const unitParam = params.get('marketUnit')
  if (unitParam !== undefined && unitParam !== 'baseCoin' && unitParam !== 'quoteCoin') {
    throw reject('params', 'marketUnit must be baseCoin or quoteCoin')
  }

  let request: OrderRequest
  let timeInForce: TimeInForce
  let marketUnit: 'baseCoin' | 'quoteCoin' | '' = ''
  if (orderType === 'Limit') {
    if (price === undefined) throw reject('params', 'a Limit order needs price')
    checkPrice(m, price)
    checkBaseQty(m, qty, m.maxLimitOrderQty)
    checkValue(m, price.mul(qty))
    timeInForce = (tifParam as TimeInForce | undefined) ?? 'GTC'
    request = { symbol: m.instrument.symbol, side, type: 'limit', price, quantity: qty, timeInForce }
  } else {
    // Market orders are always IOC on Bybit; FOK is kept when asked.
    timeInForce = tifParam === 'FOK' ? 'FOK' : 'IOC'
    if (tifParam === 'PostOnly') throw reject('params', 'a Market order cannot be PostOnly')
    marketUnit =
      (unitParam as 'baseCoin' | 'quoteCoin' | undefined) ?? (side === 'buy' ? 'quoteCoin' : 'baseCoin')
    if (marketUnit === 'quoteCoin') {
      if (side === 'sell')
        throw reject('params', 'a Market sell by quoteCoin is not supported by the simulator')
      if (!qty.gt(0)) throw reject('params', 'qty must be > 0')
      if (!isMultipleOf(qty, m.quotePrecision)) {
        throw reject('qtyDecimals', `quotePrecision is ${m.quotePrecision.toString()}`)
      }
      checkValue(m, qty)
      request = { symbol: m.instrument.symbol, side, type: 'market', quoteQuantity: qty, timeInForce }
    } else {
      checkBaseQty(m, qty, m.maxMarketOrderQty)
      const [best] =
        side === 'buy'
          ? ctx.exchange.book(m.instrument.symbol, 1).asks
          : ctx.exchange.book(m.instrument.symbol, 1).bids
      if (best !== undefined) checkValue(m, best.price.mul(qty))
      request = { symbol: m.instrument.symbol, side, type: 'market', quantity: qty, timeInForce }
    }
  }
  if (orderLinkId !== '' && ctx.orders.find({ orderLinkId }) !== undefined) throw reject('duplicateLinkId')
  const last = ctx.lastPrice(m)
  const record = ctx.orders.prepare(
    {
      market: m,
      orderLinkId,
      side,
      orderType,
      timeInForce,
      marketUnit,
      price: orderType === 'Limit' ? price : undefined,
      qty,
      lastPriceOnCreated: last === undefined ? '' : fixed(last, m.priceDp),
      cancelType: 'UNKNOWN',
    },
    ctx.clock.now(),
    orderLinkId === '' ? undefined : orderLinkId,
  )
  try {
    engine(ctx, () => ctx.exchange.place({ ...request, clientOrderId: record.engineClientId }))
  } catch (e) {
    ctx.orders.discard(record)
    throw e
  }
  return { orderId: record.orderId ?? '', orderLinkId: record.orderLinkId }
}

/** The open order a command names by `orderId` or `orderLinkId` (`orderId` wins). */
function openOrder(ctx: BybitContext, params: Params, m: BybitMarket): OrderRecord {
  const orderId = optionalString(params, 'orderId')
  const orderLinkId = optionalString(params, 'orderLinkId')
  if (orderId === undefined && orderLinkId === undefined)
    throw reject('params', 'orderId or orderLinkId is required')
  const record = ctx.orders.find({ orderId, orderLinkId })
  if (record === undefined || record.market !== m || !isOpen(record)) throw reject('notExist')
  return record
}

/**
 * `POST /v5/order/amend`: a new `price` or total `qty` for an open limit order.
 *
 * @example
 * amendOrder(ctx, bodyParams('{"category":"spot","symbol":"BTCUSDT","orderLinkId":"a","price":"64000"}'))
 */
export function amendOrder(ctx: BybitContext, params: Params): OrderAck {
  spotCategory(params)
  const m = ctx.market(params.get('symbol'))
  const record = openOrder(ctx, params, m)
  const qty = decimalString(params, 'qty')
  const price = decimalString(params, 'price')
  if (qty === undefined && price === undefined) throw reject('params', 'nothing to amend: give qty or price')
  if (record.orderType !== 'Limit') throw reject('params', 'only a Limit order can be amended')
  if (price !== undefined) checkPrice(m, price)
  if (qty !== undefined) checkBaseQty(m, qty, m.maxLimitOrderQty)
  checkValue(m, (price ?? record.price ?? new Decimal(0)).mul(qty ?? record.qty))
  engine(ctx, () =>
    ctx.exchange.amend({ symbol: m.instrument.symbol, id: record.engineId }, { price, quantity: qty }),
  )
  return { orderId: record.orderId ?? '', orderLinkId: record.orderLinkId }
}

/**
 * `POST /v5/order/cancel`.
 *
 * @example
 * cancelOrder(ctx, bodyParams('{"category":"spot","symbol":"BTCUSDT","orderLinkId":"a"}'))
 */
export function cancelOrder(ctx: BybitContext, params: Params): OrderAck {
  spotCategory(params)
  const m = ctx.market(params.get('symbol'))
  const record = openOrder(ctx, params, m)
  record.cancelType = 'CancelByUser'
  engine(ctx, () => ctx.exchange.cancel({ symbol: m.instrument.symbol, id: record.engineId }))
  return { orderId: record.orderId ?? '', orderLinkId: record.orderLinkId }
}

/**
 * `POST /v5/order/cancel-all`: every open order, or those of `symbol`.
 *
 * @example
 * cancelAll(ctx, bodyParams('{"category":"spot"}')) // { list: [...], success: '1' }
 */
export function cancelAll(ctx: BybitContext, params: Params): unknown {
  spotCategory(params)
  const symbol = optionalString(params, 'symbol')
  const m = symbol === undefined ? undefined : ctx.market(symbol)
  const filter = params.get('orderFilter')
  if (filter !== undefined && filter !== 'Order')
    throw reject('params', `orderFilter ${String(filter)} is not supported`)
  const open = ctx.orders.newestFirst().filter((r) => isOpen(r) && (m === undefined || r.market === m))
  for (const r of open) r.cancelType = 'CancelByUser'
  engine(ctx, () => ctx.exchange.cancelAll(m?.instrument.symbol))
  return { list: open.map((r) => ({ orderId: r.orderId ?? '', orderLinkId: r.orderLinkId })), success: '1' }
}

/** One page of a list and the cursor of the next (`''` on the last page), Bybit style. */
function page<T>(
  items: readonly T[],
  key: (item: T) => string,
  params: Params,
  max: number,
  fallback: number,
) {
  const limit = integer(params, 'limit', fallback, 1, max)
  const cursor = optionalString(params, 'cursor')
  let from = 0
  if (cursor !== undefined) {
    // The cursor comes back once or twice URL-decoded, depending on how the client built the query.
    const text = cursor.includes('%') ? safeDecode(cursor) : cursor
    const match = /^page_args=([^&]+)&$/.exec(text)
    const at = match === null ? -1 : items.findIndex((item) => key(item) === match[1])
    if (at < 0) throw reject('params', 'cursor is not valid')
    from = at + 1
  }
  const list = items.slice(from, from + limit)
  const last = list[list.length - 1]
  const more = from + limit < items.length && last !== undefined
  return { list, nextPageCursor: more ? `page_args%3D${key(last)}%26` : '' }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

function symbolFilter(ctx: BybitContext, params: Params): BybitMarket | undefined {
  const symbol = optionalString(params, 'symbol')
  return symbol === undefined ? undefined : ctx.market(symbol)
}

/**
 * `GET /v5/order/realtime`: open orders, newest first; `openOnly=1` the recent closed ones instead
 * (at most 500); `orderId` or `orderLinkId` finds one order whatever its status.
 *
 * @example
 * realtimeOrders(ctx, queryParams(new URLSearchParams('category=spot&orderLinkId=a')))
 */
export function realtimeOrders(ctx: BybitContext, params: Params): unknown {
  spotCategory(params)
  const m = symbolFilter(ctx, params)
  const openOnly = integer(params, 'openOnly', 0, 0, 2)
  const orderId = optionalString(params, 'orderId')
  const orderLinkId = optionalString(params, 'orderLinkId')
  let records: OrderRecord[]
  if (orderId !== undefined || orderLinkId !== undefined) {
    const r = ctx.orders.find({ orderId, orderLinkId })
    records = r !== undefined && (m === undefined || r.market === m) ? [r] : []
  } else {
    const mine = ctx.orders.newestFirst().filter((r) => m === undefined || r.market === m)
    records = openOnly === 0 ? mine.filter(isOpen) : mine.filter((r) => !isOpen(r)).slice(0, 500)
  }
  const { list, nextPageCursor } = page(records, (r) => r.orderId ?? '', params, 50, 20)
  return { list: list.map(restOrder), nextPageCursor, category: 'spot' }
}

/** The [startTime, endTime] of a history query: 7 days back from `endTime` or now by default. */
function historyRange(ctx: BybitContext, params: Params): [number, number] {
  const start = timestamp(params, 'startTime')
  const end = timestamp(params, 'endTime')
  if (start !== undefined && end !== undefined && (end < start || end - start > WEEK)) {
    throw reject('params', 'endTime - startTime must be in [0, 7 days]')
  }
  if (start !== undefined) return [start, end ?? start + WEEK]
  const to = end ?? ctx.clock.now()
  return [to - WEEK, to]
}

/**
 * `GET /v5/order/history`: orders of any status created in the range, newest first.
 *
 * @example
 * orderHistory(ctx, queryParams(new URLSearchParams('category=spot&orderStatus=Filled')))
 */
export function orderHistory(ctx: BybitContext, params: Params): unknown {
  spotCategory(params)
  const m = symbolFilter(ctx, params)
  const orderId = optionalString(params, 'orderId')
  const orderLinkId = optionalString(params, 'orderLinkId')
  const status = optionalString(params, 'orderStatus')
  const [from, to] = historyRange(ctx, params)
  const records = ctx.orders
    .newestFirst()
    .filter(
      (r) =>
        (m === undefined || r.market === m) &&
        (orderId === undefined || r.orderId === orderId) &&
        (orderLinkId === undefined || r.orderLinkId === orderLinkId) &&
        (status === undefined || orderStatusName(r.status, r.executedQty) === status) &&
        r.createdAt >= from &&
        r.createdAt <= to,
    )
  const { list, nextPageCursor } = page(records, (r) => r.orderId ?? '', params, 50, 20)
  return { list: list.map(restOrder), nextPageCursor, category: 'spot' }
}

/**
 * `GET /v5/execution/list`: the account's executions in the range, newest first.
 *
 * @example
 * executionList(ctx, queryParams(new URLSearchParams('category=spot&limit=100')))
 */
export function executionList(ctx: BybitContext, params: Params): unknown {
  spotCategory(params)
  const m = symbolFilter(ctx, params)
  const orderId = optionalString(params, 'orderId')
  const orderLinkId = optionalString(params, 'orderLinkId')
  const [from, to] = historyRange(ctx, params)
  const execs = ctx.orders
    .executionsNewestFirst()
    .filter(
      (e) =>
        (m === undefined || e.order.market === m) &&
        (orderId === undefined || e.order.orderId === orderId) &&
        (orderLinkId === undefined || e.order.orderLinkId === orderLinkId) &&
        e.time >= from &&
        e.time <= to,
    )
  const { list, nextPageCursor } = page(execs, execId, params, 100, 50)
  return { nextPageCursor, category: 'spot', list: list.map(restExecution) }
}

/**
 * `GET /v5/account/wallet-balance`, `accountType=UNIFIED` only: coins held, or those named in
 * `coin` (comma separated) even when zero.
 *
 * @example
 * walletBalance(ctx, queryParams(new URLSearchParams('accountType=UNIFIED&coin=BTC,USDT')))
 */
export function walletBalance(ctx: BybitContext, params: Params): unknown {
  const accountType = params.get('accountType')
  if (accountType !== 'UNIFIED') throw reject('params', 'accountType only supports UNIFIED')
  const coins = optionalString(params, 'coin')
  const balances =
    coins === undefined
      ? ctx.exchange.balances().filter((b) => b.total.gt(0))
      : coins.split(',').map((c) => ctx.exchange.balance(c.trim()))
  return { list: [walletAccount(balances, ctx.usd, false)] }
}
