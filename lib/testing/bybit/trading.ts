/**
 * The private trading and account endpoints of Bybit v5 spot: place, amend and cancel orders, list
 * orders and executions, read the wallet.
 * https://bybit-exchange.github.io/docs/v5/order/create-order and the pages next to it
 */
import { Decimal } from '../../core/decimal.js'
import type { TimeInForce } from '../../core/model.js'
import { checkSpan, pageAfter } from '../kit/history.js'
import type { DeskOrder } from '../kit/order-desk.js'
import { isOpen } from '../kit/order-journal.js'
import { checkOrder, type BrokenRules } from '../kit/order-rules.js'
import { readParams, type Reader } from '../kit/params.js'
import { decodedOrKept } from '../kit/uri-decode.js'
import type { BybitContext } from './context.js'
import type { BybitMarket } from './options.js'
import { execId, restExecution, restOrder, type BybitTerms, type OrderRecord } from './orders.js'
import { p, spot, timestamp, type Params } from './params.js'
import { walletAccount } from './wallet.js'
import { fixed, orderStatusName, reject } from './wire.js'

const WEEK = 7 * 24 * 60 * 60 * 1000

/** How Bybit words an order that breaks its market's lot-size and price filters. */
const BROKEN: BrokenRules = {
  price: () => reject('params', 'price must be > 0'),
  tick: (tick) => reject('priceDecimals', `tickSize is ${String(tick)}`),
  qty: () => reject('params', 'qty must be > 0'),
  step: (step) => reject('qtyDecimals', `basePrecision is ${String(step)}`),
  minQty: (min) => reject('minQty', `minOrderQty is ${String(min)}`),
  maxQty: (max) => reject('qtyTooLarge', `the most is ${String(max)}`),
  minNotional: (min) => reject('minAmt', `minOrderAmt is ${String(min)}`),
  maxNotional: () => reject('params', 'order value too large'),
}

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

/** A market's price and lot-size filters, with the most an order of its kind may ask. */
const filters = (m: BybitMarket, maxQty: Decimal) => ({
  tickSize: m.tickSize,
  step: m.basePrecision,
  minQty: m.minOrderQty,
  maxQty,
  minNotional: m.minOrderAmt,
})

const ack = (r: OrderRecord): OrderAck => ({ orderId: r.orderId ?? '', orderLinkId: r.orderLinkId })

const refused = (what: string) => () => reject('params', what)
const notSupported = (name: string) => (v: unknown) =>
  reject('params', `${name} ${String(v)} is not supported`)
const orderFilter = p.oneOf(['Order'], notSupported('orderFilter'))

/**
 * `POST /v5/order/create`. Spot market buys count `qty` in quote coin unless `marketUnit=baseCoin`;
 * a post-only order that would take is accepted and then cancelled, as Bybit does.
 */
export function createOrder(ctx: BybitContext, params: Params): OrderAck {
  const sideRefused = refused('side must be Buy or Sell')
  const typeRefused = refused('orderType must be Limit or Market')
  const order = readParams(params, {
    category: spot,
    symbol: p.market(ctx.market),
    side: p.need(p.oneOf(['Buy', 'Sell'] as const, sideRefused), sideRefused),
    orderType: p.need(p.oneOf(['Limit', 'Market'] as const, typeRefused), typeRefused),
    qty: p.need(p.decimal),
    price: p.decimal,
    timeInForce: p.oneOf<TimeInForce>(['GTC', 'IOC', 'FOK', 'PostOnly'], notSupported('timeInForce')),
    orderLinkId: p.matching(
      /^[A-Za-z0-9_-]{1,36}$/,
      refused('orderLinkId is at most 36 letters, digits, - or _'),
    ),
    orderFilter,
    isLeverage: (params: Params, name: string) => {
      const leverage = params.get(name)
      if (leverage !== undefined && leverage !== 0 && leverage !== '0') {
        throw reject('params', 'margin trading (isLeverage=1) is not supported')
      }
    },
    marketUnit: p.oneOf(['baseCoin', 'quoteCoin'], refused('marketUnit must be baseCoin or quoteCoin')),
  })
  const { symbol: m, orderType, qty, price } = order
  const side = order.side === 'Buy' ? 'buy' : 'sell'
  const orderLinkId = order.orderLinkId ?? ''
  const symbol = m.instrument.symbol
  let request: DeskOrder
  let timeInForce: TimeInForce
  let marketUnit: 'baseCoin' | 'quoteCoin' | '' = ''
  if (orderType === 'Limit') {
    if (price === undefined) throw reject('params', 'a Limit order needs price')
    checkOrder(filters(m, m.maxLimitOrderQty), { price, qty, notional: price.mul(qty) }, BROKEN)
    timeInForce = order.timeInForce ?? 'GTC'
    request = { symbol, side, type: 'limit', price, quantity: qty, timeInForce }
  } else {
    // Market orders are always IOC on Bybit; FOK is kept when asked.
    timeInForce = order.timeInForce === 'FOK' ? 'FOK' : 'IOC'
    if (order.timeInForce === 'PostOnly') throw reject('params', 'a Market order cannot be PostOnly')
    marketUnit = order.marketUnit ?? (side === 'buy' ? 'quoteCoin' : 'baseCoin')
    if (marketUnit === 'quoteCoin') {
      if (side === 'sell')
        throw reject('params', 'a Market sell by quoteCoin is not supported by the simulator')
      const quoteStep = (step?: Decimal) => reject('qtyDecimals', `quotePrecision is ${String(step)}`)
      const limits = { step: m.quotePrecision, minNotional: m.minOrderAmt }
      checkOrder(limits, { qty, notional: qty }, { ...BROKEN, step: quoteStep })
      request = { symbol, side, type: 'market', quoteQuantity: qty, timeInForce }
    } else {
      const { bids, asks } = ctx.exchange.book(symbol, 1)
      const best = (side === 'buy' ? asks : bids)[0]
      checkOrder(filters(m, m.maxMarketOrderQty), { qty, notional: best?.price.mul(qty) }, BROKEN)
      request = { symbol, side, type: 'market', quantity: qty, timeInForce }
    }
  }
  if (ctx.orders.byClientId(orderLinkId) !== undefined) throw reject('duplicateLinkId')
  const last = ctx.exchange.ticker(symbol).last
  const terms: BybitTerms = {
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
  }
  return ack(ctx.orders.place(terms, request, orderLinkId === '' ? undefined : orderLinkId))
}

/** The open order a command names by `orderId` or `orderLinkId` (`orderId` wins), of its market. */
const openOrder = (ctx: BybitContext, params: Params): OrderRecord => {
  const { symbol, orderId, orderLinkId } = readParams(params, {
    category: spot,
    symbol: p.market(ctx.market),
    orderId: p.text,
    orderLinkId: p.text,
  })
  if (orderId === undefined && orderLinkId === undefined)
    throw reject('params', 'orderId or orderLinkId is required')
  const record = ctx.orders.named({ orderId, clientId: orderLinkId }, symbol)
  if (record === undefined || !isOpen(record)) throw reject('notExist')
  return record
}

/** `POST /v5/order/amend`: a new `price` or total `qty` for an open limit order. */
export function amendOrder(ctx: BybitContext, params: Params): OrderAck {
  const record = openOrder(ctx, params)
  const { qty, price } = readParams(params, { qty: p.decimal, price: p.decimal })
  if (qty === undefined && price === undefined) throw reject('params', 'nothing to amend: give qty or price')
  if (record.orderType !== 'Limit') throw reject('params', 'only a Limit order can be amended')
  const m = record.market
  const notional = (price ?? record.price ?? new Decimal(0)).mul(qty ?? record.qty)
  checkOrder(filters(m, m.maxLimitOrderQty), { price, qty, notional }, BROKEN)
  ctx.orders.amend(record, { price, quantity: qty })
  return ack(record)
}

export function cancelOrder(ctx: BybitContext, params: Params): OrderAck {
  const record = openOrder(ctx, params)
  record.cancelType = 'CancelByUser'
  ctx.orders.cancel(record)
  return ack(record)
}

/** `POST /v5/order/cancel-all`: every open order, or those of `symbol`. */
export function cancelAll(ctx: BybitContext, params: Params): unknown {
  const { symbol } = readParams(params, { category: spot, symbol: p.marketFilter(ctx.market), orderFilter })
  const open = ctx.orders.openOrders(symbol).reverse()
  for (const r of open) r.cancelType = 'CancelByUser'
  ctx.orders.cancelAll(symbol)
  return { list: open.map(ack), success: '1' }
}

/** One page of a list and the cursor of the next (`''` on the last page), Bybit style. */
function page<T>(items: readonly T[], key: (item: T) => string, params: Params, limit: Reader<number>) {
  const q = readParams(params, { limit, cursor: p.text })
  // The cursor comes back once or twice URL-decoded, depending on how the client built the query.
  const text = q.cursor?.includes('%') ? decodedOrKept(q.cursor) : q.cursor
  const after = text === undefined ? undefined : (/^page_args=([^&]+)&$/.exec(text)?.[1] ?? '')
  const found = pageAfter(items, key, after, q.limit)
  if (found === undefined) throw reject('params', 'cursor is not valid')
  const next = found.nextKey === undefined ? '' : `page_args%3D${found.nextKey}%26`
  return { list: found.list, nextPageCursor: next }
}

/**
 * `GET /v5/order/realtime`: open orders, newest first; `openOnly=1` the recent closed ones instead
 * (at most 500); `orderId` or `orderLinkId` finds one order whatever its status.
 */
export function realtimeOrders(ctx: BybitContext, params: Params): unknown {
  const { symbol: m, ...q } = readParams(params, {
    category: spot,
    symbol: p.marketFilter(ctx.market),
    openOnly: p.int(0, 0, 2),
    orderId: p.text,
    orderLinkId: p.text,
  })
  let records: OrderRecord[]
  if (q.orderId !== undefined || q.orderLinkId !== undefined) {
    const r = ctx.orders.named({ orderId: q.orderId, clientId: q.orderLinkId }, m)
    records = r === undefined ? [] : [r]
  } else {
    const mine = ctx.orders.newestFirst().filter((r) => m === undefined || r.market === m)
    records = q.openOnly === 0 ? mine.filter(isOpen) : mine.filter((r) => !isOpen(r)).slice(0, 500)
  }
  const { list, nextPageCursor } = page(records, (r) => r.orderId ?? '', params, p.int(20, 1, 50))
  return { list: list.map(restOrder), nextPageCursor, category: 'spot' }
}

/**
 * The filters of a history query (`orderStatus` too, for orders) and its [startTime, endTime]: 7 days
 * back from `endTime` or now by default.
 */
function historyQuery(ctx: BybitContext, params: Params, orders: boolean) {
  const q = readParams(params, {
    category: spot,
    symbol: p.marketFilter(ctx.market),
    orderId: p.text,
    orderLinkId: p.text,
    orderStatus: orders ? p.text : () => undefined,
    startTime: timestamp,
    endTime: timestamp,
  })
  const { startTime: start, endTime: end } = q
  checkSpan(start, end, WEEK, () => reject('params', 'endTime - startTime must be in [0, 7 days]'))
  const to = end ?? (start === undefined ? ctx.clock.now() : start + WEEK)
  const matches = (r: OrderRecord, time: number) =>
    (q.symbol === undefined || r.market === q.symbol) &&
    (q.orderId === undefined || r.orderId === q.orderId) &&
    (q.orderLinkId === undefined || r.orderLinkId === q.orderLinkId) &&
    time >= (start ?? to - WEEK) &&
    time <= to
  return { ...q, matches }
}

/** `GET /v5/order/history`: orders of any status created in the range, newest first. */
export function orderHistory(ctx: BybitContext, params: Params): unknown {
  const { orderStatus, matches } = historyQuery(ctx, params, true)
  const records = ctx.orders
    .newestFirst()
    .filter(
      (r) =>
        matches(r, r.createdAt) &&
        (orderStatus === undefined || orderStatusName(r.status, r.executedQty) === orderStatus),
    )
  const { list, nextPageCursor } = page(records, (r) => r.orderId ?? '', params, p.int(20, 1, 50))
  return { list: list.map(restOrder), nextPageCursor, category: 'spot' }
}

/** `GET /v5/execution/list`: the account's executions in the range, newest first. */
export function executionList(ctx: BybitContext, params: Params): unknown {
  const { matches } = historyQuery(ctx, params, false)
  const execs = ctx.orders.fillsNewestFirst().filter((e) => matches(e.order, e.time))
  const { list, nextPageCursor } = page(execs, execId, params, p.int(50, 1, 100))
  return { nextPageCursor, category: 'spot', list: list.map(restExecution) }
}

/**
 * `GET /v5/account/wallet-balance`, `accountType=UNIFIED` only: coins held, or those named in
 * `coin` (comma separated) even when zero.
 */
export function walletBalance(ctx: BybitContext, params: Params): unknown {
  const accountType = params.get('accountType')
  if (accountType !== 'UNIFIED') throw reject('params', 'accountType only supports UNIFIED')
  const coins = p.text(params, 'coin')
  const balances =
    coins === undefined
      ? ctx.exchange.balances().filter((b) => b.total.gt(0))
      : coins.split(',').map((c) => ctx.exchange.balance(c.trim()))
  return { list: [walletAccount(balances, ctx.usd, false)] }
}
