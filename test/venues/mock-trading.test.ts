import { expect } from 'chai'
import type { Observable } from 'rxjs'
import { VenueError } from '../../lib/core/errors.js'
import type { Balance, Fill, Order, OrderRequest, Trade, UnifiedSymbol } from '../../lib/core/model.js'
import { createMockVenue, type MockFees, type MockVenue } from '../../lib/venues/mock/index.js'
import { d, levelsText } from './support.js'

const T: UnifiedSymbol = 'TST/USD'

/** A quiet market: bids 100 × 1, 99.5 × 2; asks 101 × 1, 102 × 2, 103 × 5. Tick 0.5, lot 0.001. */
function venue(options: { balances?: Record<string, string>; fees?: MockFees } = {}): MockVenue {
  return createMockVenue({
    instruments: [{ symbol: T, tickSize: '0.5', lotSize: '0.001', minNotional: '1', maxSize: '1000' }],
    balances: options.balances ?? { USD: '10000', TST: '5' },
    fees: options.fees,
    script: {
      [T]: [
        {
          snapshot: true,
          bids: [
            ['100', '1'],
            ['99.5', '2'],
          ],
          asks: [
            ['101', '1'],
            ['102', '2'],
            ['103', '5'],
          ],
        },
      ],
    },
  })
}

/** The value of a request answered synchronously (no latency), or its error thrown. */
function now<T>(source: Observable<T>): T {
  let result: { value: T } | undefined
  let failure: unknown
  source.subscribe({ next: (value) => (result = { value }), error: (e) => (failure = e) })
  if (failure !== undefined) throw failure
  if (result === undefined) throw new Error('no synchronous answer')
  return result.value
}

function failureOf(source: Observable<unknown>): VenueError {
  try {
    now(source)
  } catch (e) {
    expect(e).to.be.instanceOf(VenueError)
    return e as VenueError
  }
  throw new Error('expected a failure')
}

function collect<T>(source: Observable<T>): T[] {
  const out: T[] = []
  source.subscribe((x) => out.push(x))
  return out
}

const limit = (
  side: 'buy' | 'sell',
  price: string,
  quantity: string,
  more: Partial<OrderRequest> = {},
): OrderRequest => ({
  symbol: T,
  side,
  type: 'limit',
  price: d(price),
  quantity: d(quantity),
  ...more,
})

const market = (side: 'buy' | 'sell', quantity: string): OrderRequest => ({
  symbol: T,
  side,
  type: 'market',
  quantity: d(quantity),
})

const money = (b: Balance) => `${b.free.toString()}/${b.locked.toString()}`
const fillText = (f: Fill) =>
  `${f.clientOrderId} ${f.side} ${f.quantity.toString()}@${f.price.toString()} ${f.liquidity} fee ${f.fee.toString()} ${f.feeAsset}`

describe('mock venue: trading', () => {
  let mock: MockVenue
  afterEach(() => mock?.close())

  it('takes a symbol in any case and answers with the canonical one', () => {
    mock = venue()
    const lower = T.toLowerCase() as typeof T
    const placed = now(
      mock.trading.placeOrder({ ...limit('buy', '100.5', '1'), symbol: lower, clientOrderId: 'lc1' }),
    )
    expect(placed.symbol).to.equal(T)
    expect(now(mock.trading.getOrder({ symbol: lower, clientOrderId: 'lc1' })).symbol).to.equal(T)
    expect(now(mock.trading.openOrders(lower)).map((o) => o.clientOrderId)).to.deep.equal(['lc1'])
    expect(now(mock.trading.cancelOrder({ symbol: lower, clientOrderId: 'lc1' })).status).to.equal('canceled')
  })

  it('rests a limit order, fills it partly against an opposite order, then fully when the market trades', () => {
    mock = venue()
    const updates = collect(mock.trading.orderUpdates$())
    const fills = collect(mock.trading.fills$())
    const buy = now(mock.trading.placeOrder(limit('buy', '100.5', '2', { clientOrderId: 'b1' })))
    expect([buy.status, buy.filledQuantity.toString(), buy.id]).to.deep.equal(['new', '0', '1'])
    expect(levelsText(mock.book(T).bids)).to.equal('100.5:2 100:1 99.5:2')
    expect(money(mock.balance('USD'))).to.equal('9799/201')

    const sell = now(mock.trading.placeOrder(limit('sell', '100.5', '0.5', { clientOrderId: 's1' })))
    expect([sell.status, sell.averagePrice?.toString()]).to.deep.equal(['filled', '100.5'])
    const partial = now(mock.trading.getOrder({ symbol: T, clientOrderId: 'b1' }))
    expect([partial.status, partial.filledQuantity.toString()]).to.deep.equal(['partially-filled', '0.5'])
    expect(levelsText(mock.book(T).bids)).to.equal('100.5:1.5 100:1 99.5:2')
    expect(money(mock.balance('USD'))).to.equal('9849.25/150.75')
    expect(money(mock.balance('TST'))).to.equal('5/0')

    mock.push(T, { trades: [{ side: 'sell', size: '1.5' }] })
    const done = now(mock.trading.getOrder({ symbol: T, id: '1' }))
    expect([done.status, done.filledQuantity.toString(), done.averagePrice?.toString()]).to.deep.equal([
      'filled',
      '2',
      '100.5',
    ])
    expect(money(mock.balance('USD'))).to.equal('9849.25/0')
    expect(money(mock.balance('TST'))).to.equal('6.5/0')
    expect(levelsText(mock.book(T).bids)).to.equal('100:1 99.5:2')
    expect(updates.filter((o) => o.clientOrderId === 'b1').map((o) => o.status)).to.deep.equal([
      'new',
      'partially-filled',
      'filled',
    ])
    expect(fills.map(fillText)).to.deep.equal([
      'b1 buy 0.5@100.5 maker fee 0 TST',
      's1 sell 0.5@100.5 taker fee 0 USD',
      'b1 buy 1.5@100.5 maker fee 0 TST',
    ])
  })

  it('charges maker and taker fees on what each side receives, exactly', () => {
    mock = venue({ fees: { maker: '0.001', taker: '0.002' } })
    const fills = collect(mock.trading.fills$())
    now(mock.trading.placeOrder(limit('buy', '100.5', '2', { clientOrderId: 'b1' })))
    now(mock.trading.placeOrder(limit('sell', '100.5', '0.5', { clientOrderId: 's1' })))
    expect(fills.map(fillText)).to.deep.equal([
      'b1 buy 0.5@100.5 maker fee 0.0005 TST',
      's1 sell 0.5@100.5 taker fee 0.1005 USD',
    ])
    // USD: 10000 - 201 locked + 50.25 - 0.1005 fee; TST: 5 - 0.5 sold + 0.5 - 0.0005 fee bought.
    expect(money(mock.balance('USD'))).to.equal('9849.1495/150.75')
    expect(money(mock.balance('TST'))).to.equal('4.9995/0')
  })

  it('walks several levels with a market order at the exact average price', () => {
    mock = venue()
    const fills = collect(mock.trading.fills$())
    const trades: Trade[] = collect(mock.trades$(T))
    const order = now(mock.trading.placeOrder(market('buy', '2.5')))
    // 1 × 101 + 1.5 × 102 = 254 for 2.5
    expect([order.status, order.filledQuantity.toString(), order.averagePrice?.toString()]).to.deep.equal([
      'filled',
      '2.5',
      '101.6',
    ])
    expect(fills.map((f) => `${f.quantity.toString()}@${f.price.toString()} ${f.liquidity}`)).to.deep.equal([
      '1@101 taker',
      '1.5@102 taker',
    ])
    expect(trades.map((t) => `${t.side} ${t.size.toString()}@${t.price.toString()}`)).to.deep.equal([
      'buy 1@101',
      'buy 1.5@102',
    ])
    expect(levelsText(mock.book(T).asks)).to.equal('102:0.5 103:5')
    expect(money(mock.balance('USD'))).to.equal('9746/0')
    expect(money(mock.balance('TST'))).to.equal('7.5/0')

    const sold = now(mock.trading.placeOrder(market('sell', '2')))
    expect(sold.averagePrice?.toString()).to.equal('99.75') // (100 + 99.5) / 2
    expect(money(mock.balance('USD'))).to.equal('9945.5/0')
  })

  it('spends a quote quantity in whole lots and releases what is left', () => {
    mock = venue()
    const order = now(
      mock.trading.placeOrder({ symbol: T, side: 'buy', type: 'market', quoteQuantity: d('200') }),
    )
    // 1 × 101, then 99 buys floor(99 / 102) = 0.970 at 102 = 98.94
    expect([order.status, order.quantity.toString(), order.quoteQuantity?.toString()]).to.deep.equal([
      'filled',
      '1.97',
      '200',
    ])
    expect(money(mock.balance('USD'))).to.equal('9800.06/0')
    expect(money(mock.balance('TST'))).to.equal('6.97/0')
  })

  it('expires what a market order cannot fill when the book runs out', () => {
    mock = venue()
    const order = now(mock.trading.placeOrder(market('buy', '10')))
    expect([order.status, order.filledQuantity.toString()]).to.deep.equal(['expired', '8'])
    expect(order.reason).to.match(/could not fill 2/)
    expect(mock.book(T).asks).to.deep.equal([])
    expect(money(mock.balance('USD'))).to.equal('9180/0') // 10000 - (101 + 2 × 102 + 5 × 103)
  })

  it('takes what crosses and rests the remainder of a limit order, locking only what still rests', () => {
    mock = venue()
    const order = now(mock.trading.placeOrder(limit('buy', '102', '4')))
    expect([order.status, order.filledQuantity.toString()]).to.deep.equal(['partially-filled', '3'])
    expect(levelsText(mock.book(T).bids)).to.equal('102:1 100:1 99.5:2')
    expect(levelsText(mock.book(T).asks)).to.equal('103:5')
    // paid 101 + 2 × 102 = 305, 102 still locked for the resting 1
    expect(money(mock.balance('USD'))).to.equal('9593/102')
    expect(now(mock.trading.openOrders(T)).map((o) => o.id)).to.deep.equal([order.id])
  })

  it('fills a resting order when a scripted level crosses it, at the resting price', () => {
    mock = venue()
    const trades = collect(mock.trades$(T))
    now(mock.trading.placeOrder(limit('buy', '100.5', '2', { clientOrderId: 'b1' })))
    mock.push(T, { asks: [['100', '3']] })
    expect(now(mock.trading.getOrder({ symbol: T, clientOrderId: 'b1' })).status).to.equal('filled')
    expect(trades.map((t) => `${t.side} ${t.size.toString()}@${t.price.toString()}`)).to.deep.equal([
      'sell 2@100.5',
      'sell 1@100',
    ])
    expect(levelsText(mock.book(T).bids)).to.equal('99.5:2')
    expect(levelsText(mock.book(T).asks)).to.equal('101:1 102:2 103:5')
    expect(money(mock.balance('USD'))).to.equal('9799/0')
  })

  it('honours IOC, FOK and post-only', () => {
    mock = venue()
    const ioc = now(mock.trading.placeOrder(limit('buy', '101.5', '2', { timeInForce: 'IOC' })))
    expect([ioc.status, ioc.filledQuantity.toString()]).to.deep.equal(['expired', '1'])
    expect(money(mock.balance('USD'))).to.equal('9899/0')

    const fok = now(mock.trading.placeOrder(limit('buy', '102', '3', { timeInForce: 'FOK' })))
    expect([fok.status, fok.filledQuantity.toString()]).to.deep.equal(['expired', '0'])
    expect(levelsText(mock.book(T).asks)).to.equal('102:2 103:5')
    expect(money(mock.balance('USD'))).to.equal('9899/0')
    const fok2 = now(mock.trading.placeOrder(limit('buy', '102', '2', { timeInForce: 'FOK' })))
    expect(fok2.status).to.equal('filled')

    const postOnly = failureOf(
      mock.trading.placeOrder(limit('sell', '100', '1', { timeInForce: 'PostOnly' })),
    )
    expect(postOnly.kind).to.equal('invalid-request')
    expect(
      now(mock.trading.placeOrder(limit('sell', '104', '1', { timeInForce: 'PostOnly' }))).status,
    ).to.equal('new')
  })

  it('cancels a resting order, releasing its funds, and refuses to cancel it twice', () => {
    mock = venue()
    const updates = collect(mock.trading.orderUpdates$())
    const balances = collect(mock.trading.balanceUpdates$())
    const order = now(mock.trading.placeOrder(limit('buy', '99', '1', { clientOrderId: 'c1' })))
    expect(money(mock.balance('USD'))).to.equal('9901/99')
    const canceled = now(mock.trading.cancelOrder({ symbol: T, clientOrderId: 'c1' }))
    expect(canceled.status).to.equal('canceled')
    expect(money(mock.balance('USD'))).to.equal('10000/0')
    expect(levelsText(mock.book(T).bids)).to.equal('100:1 99.5:2')
    expect(updates.map((o) => o.status)).to.deep.equal(['new', 'canceled'])
    expect(balances.map((b) => `${b.asset} ${money(b)}`)).to.deep.equal(['USD 9901/99', 'USD 10000/0'])
    expect(failureOf(mock.trading.cancelOrder(order)).kind).to.equal('invalid-request')
    expect(failureOf(mock.trading.cancelOrder({ symbol: T, id: '999' })).kind).to.equal('not-found')
    expect(now(mock.trading.openOrders())).to.deep.equal([])
  })

  it('cancels all resting orders at once', () => {
    mock = venue()
    now(mock.trading.placeOrder(limit('buy', '99', '1')))
    now(mock.trading.placeOrder(limit('sell', '110', '2')))
    expect(money(mock.balance('TST'))).to.equal('3/2')
    const canceled = now(mock.trading.cancelAllOrders(T))
    expect(canceled.map((o) => `${o.side} ${o.status}`)).to.deep.equal(['buy canceled', 'sell canceled'])
    expect([money(mock.balance('USD')), money(mock.balance('TST'))]).to.deep.equal(['10000/0', '5/0'])
  })

  it('finds an order by venue id or client order id, and only on its own symbol', () => {
    mock = venue()
    const placed = now(mock.trading.placeOrder(limit('buy', '99', '1', { clientOrderId: 'mine' })))
    const byId = now(mock.trading.getOrder({ symbol: T, id: placed.id ?? '' }))
    const byClient = now(mock.trading.getOrder({ symbol: T, clientOrderId: 'mine' }))
    expect(byId).to.deep.equal(byClient)
    expect(byId.clientOrderId).to.equal('mine')
    expect(failureOf(mock.trading.getOrder({ symbol: T, clientOrderId: 'other' })).kind).to.equal('not-found')
    expect(failureOf(mock.trading.getOrder({ symbol: 'BTC/USDT', clientOrderId: 'mine' })).kind).to.equal(
      'not-found',
    )
  })

  it('refuses a duplicate client order id and keeps the first order', () => {
    mock = venue()
    now(mock.trading.placeOrder(limit('buy', '99', '1', { clientOrderId: 'dup' })))
    const error = failureOf(mock.trading.placeOrder(limit('buy', '98', '1', { clientOrderId: 'dup' })))
    expect(error.kind).to.equal('invalid-request')
    expect(error.message).to.match(/duplicate client order id dup/)
    expect(now(mock.trading.openOrders(T)).map((o) => o.price?.toString())).to.deep.equal(['99'])
    expect(money(mock.balance('USD'))).to.equal('9901/99')
  })

  it('refuses orders the account cannot pay for, leaving nothing behind', () => {
    mock = venue({ balances: { USD: '500', TST: '5' } })
    const cases: OrderRequest[] = [
      limit('buy', '100', '5.5', { clientOrderId: 'x1' }), // 550 > 500
      limit('sell', '110', '5.001', { clientOrderId: 'x2' }),
      { ...market('buy', '5'), clientOrderId: 'x3' }, // 101 + 204 + 2 × 103 = 511 > 500
      { ...market('sell', '6'), clientOrderId: 'x4' },
    ]
    for (const req of cases)
      expect(failureOf(mock.trading.placeOrder(req)).kind, req.clientOrderId).to.equal('insufficient-funds')
    expect([money(mock.balance('USD')), money(mock.balance('TST'))]).to.deep.equal(['500/0', '5/0'])
    expect(failureOf(mock.trading.getOrder({ symbol: T, clientOrderId: 'x1' })).kind).to.equal('not-found')
    expect(now(mock.trading.placeOrder(market('buy', '4'))).status).to.equal('filled') // 101 + 204 + 103 = 408
  })

  it('refuses prices off tick, quantities off lot and other malformed orders', () => {
    mock = venue()
    const cases: [string, OrderRequest][] = [
      ['price off tick', limit('buy', '100.25', '1')],
      ['quantity off lot', limit('buy', '100', '0.0005')],
      ['zero quantity', limit('buy', '100', '0')],
      ['above max size', limit('buy', '1', '1000.001')],
      ['below min notional', limit('buy', '0.5', '1')],
      ['negative price', limit('buy', '-1', '1')],
      ['market with a price', { ...market('buy', '1'), price: d('101') }],
      ['market GTC', { ...market('buy', '1'), timeInForce: 'GTC' }],
      ['both quantities', { ...market('buy', '1'), quoteQuantity: d('10') }],
      ['quote quantity on a sell', { symbol: T, side: 'sell', type: 'market', quoteQuantity: d('10') }],
      ['limit without price', { symbol: T, side: 'buy', type: 'limit', quantity: d('1') }],
      ['unknown symbol', { ...limit('buy', '100', '1'), symbol: 'NOPE/USD' }],
    ]
    for (const [what, req] of cases) {
      expect(failureOf(mock.trading.placeOrder(req)).kind, what).to.equal('invalid-request')
    }
    expect(now(mock.trading.openOrders())).to.deep.equal([])
    expect(money(mock.balance('USD'))).to.equal('10000/0')
  })

  it('refuses orders on an instrument that is not trading', () => {
    mock = createMockVenue({ instruments: [{ symbol: T, tickSize: '1', lotSize: '1', status: 'halted' }] })
    expect(failureOf(mock.trading.placeOrder(limit('buy', '1', '1'))).message).to.match(/halted/)
  })

  it('places nothing until the request is subscribed, and each subscription is one request', () => {
    mock = venue()
    const request = mock.trading.placeOrder(limit('buy', '99', '1', { clientOrderId: 'once' }))
    expect(now(mock.trading.openOrders())).to.deep.equal([])
    expect(now(request).status).to.equal('new')
    expect(failureOf(request).kind).to.equal('invalid-request')
  })

  it('reports order updates before the fills they lead to, and every balance change', () => {
    mock = venue()
    const log: string[] = []
    mock.trading.orderUpdates$().subscribe((o: Order) => log.push(`order ${o.status}`))
    mock.trading.fills$().subscribe((f) => log.push(`fill ${f.quantity.toString()}`))
    mock.trading.balanceUpdates$().subscribe((b) => log.push(`balance ${b.asset} ${money(b)}`))
    now(mock.trading.placeOrder(market('buy', '1.5')))
    expect(log).to.deep.equal([
      'order new',
      'fill 1',
      'order partially-filled',
      'fill 0.5',
      'order filled',
      'balance USD 9848/0',
      'balance TST 6.5/0',
    ])
  })
})
