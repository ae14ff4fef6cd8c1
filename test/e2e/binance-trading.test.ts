import { expect } from 'chai'
import { lastValueFrom, of } from 'rxjs'
import {
  Decimal,
  type Balance,
  type Fill,
  type Order,
  type OrderRequest,
  type VenueTrading,
} from '../../index.js'
import { record, requestsTo, startBinanceRig, type BinanceRig, type Recorder } from './binance-support.js'

const SYMBOL = 'BTC/USDT'
const MAKER_FEE = new Decimal('0.001')
const TAKER_FEE = new Decimal('0.002')
const QTY = new Decimal('0.01')
const ORDER_PATH = '/api/v3/order'

const byAsset = (list: readonly Balance[]) => new Map(list.map((b) => [b.asset, b]))

describe('binance e2e: trading on the signed API and the user data stream', () => {
  let rig: BinanceRig
  let account: VenueTrading
  let orders: Recorder<Order>
  let fills: Recorder<Fill>
  let balances: Recorder<Balance>

  const limitBuy = (clientOrderId: string, price: Decimal): OrderRequest => ({
    symbol: SYMBOL,
    side: 'buy',
    type: 'limit',
    timeInForce: 'GTC',
    price,
    quantity: QTY,
    clientOrderId,
  })
  const bestBid = () => {
    const bid = rig.binance.book(SYMBOL, 1).bids[0]?.price
    if (bid === undefined) throw new Error('the venue has no bid')
    return bid
  }
  const ordersWith = (clientOrderId: string) =>
    rig.binance.allOrders(SYMBOL).filter((o) => o['clientOrderId'] === clientOrderId)

  beforeEach(async () => {
    rig = await startBinanceRig({ seed: 5, simulator: { fees: { maker: MAKER_FEE, taker: TAKER_FEE } } })
    account = rig.client.account('binance')
    orders = record(account.orderUpdates$())
    fills = record(account.fills$())
    balances = record(account.balanceUpdates$())
    await rig.binance.userStreamSubscribed()
  })

  afterEach(async () => {
    orders.stop()
    fills.stop()
    balances.stop()
    await rig.close()
  })

  it('takes liquidity with a market buy: FULL fills once, exact taker fee and balances', async () => {
    const { binance } = rig
    const start = byAsset(await lastValueFrom(account.balances()))
    const asks = binance.book(SYMBOL, 3).asks
    const placed = await lastValueFrom(
      account.placeOrder({
        symbol: SYMBOL,
        side: 'buy',
        type: 'market',
        quantity: QTY,
        clientOrderId: 'e2e-mkt-1',
      }),
    )
    expect(placed).to.include({ clientOrderId: 'e2e-mkt-1', status: 'filled' })
    expect(placed.filledQuantity.eq(QTY)).to.equal(true)
    // walk the asks as they stood: the exact cost of QTY
    let left = QTY
    let cost = new Decimal(0)
    for (const a of asks) {
      const take = Decimal.min(left, a.size)
      cost = cost.plus(take.mul(a.price))
      left = left.minus(take)
    }
    expect(left.isZero(), 'three ask levels cover the order').to.equal(true)
    await orders.until(
      (o) => o.clientOrderId === 'e2e-mkt-1' && o.status === 'filled',
      'the fill on the stream',
    )
    const usdtWant = (start.get('USDT')?.total ?? new Decimal(0)).minus(cost)
    await balances.until((b) => b.asset === 'USDT' && b.total.eq(usdtWant), `USDT ${usdtWant.toFixed()}`)
    const own = fills.seen.filter((f) => f.orderId === placed.id)
    expect(own.reduce((s, f) => s.plus(f.quantity), new Decimal(0)).eq(QTY), 'each fill once').to.equal(true)
    expect(own.reduce((s, f) => s.plus(f.price.mul(f.quantity)), new Decimal(0)).eq(cost)).to.equal(true)
    for (const f of own) {
      expect(f.liquidity).to.equal('taker')
      expect(f.fee.eq(f.quantity.mul(TAKER_FEE)), `fee ${f.fee.toFixed()}`).to.equal(true)
    }
    expect(
      binance
        .balance('BTC')
        .total.eq((start.get('BTC')?.total ?? new Decimal(0)).plus(QTY.mul(new Decimal(1).minus(TAKER_FEE)))),
    ).to.equal(true)
  })

  it('recovers by itself from -1021 after the venue clock jumps: one refusal, a resync, one order', async () => {
    const { binance, simEvents } = rig
    await lastValueFrom(account.balances()) // the driver has measured the venue clock
    const syncs = () => requestsTo(simEvents.seen, 'GET', '/api/v3/time').length
    const syncsBefore = syncs()
    binance.faults.shiftClock(60_000) // every timestamp the driver signs is now a minute old

    const placed = await lastValueFrom(account.placeOrder(limitBuy('e2e-skew-1', bestBid().minus(50))))
    expect(placed).to.include({ clientOrderId: 'e2e-skew-1', status: 'new' })
    expect(
      requestsTo(simEvents.seen, 'POST', ORDER_PATH).map((r) => [r.status, r.code]),
      'refused for its timestamp, then accepted',
    ).to.deep.equal([
      [400, -1021],
      [200, undefined],
    ])
    expect(syncs() - syncsBefore, 'clock resyncs').to.equal(1)
    expect(ordersWith('e2e-skew-1'), 'orders at the venue').to.have.length(1)

    // a signed query signs with the corrected clock from now on
    const open = await lastValueFrom(account.openOrders(SYMBOL))
    expect(open.map((o) => o.id)).to.deep.equal([placed.id])
    expect(requestsTo(simEvents.seen, 'GET', '/api/v3/openOrders').map((r) => r.status)).to.deep.equal([200])
  })

  it("cancel-all of a symbol with nothing open is an empty list, not the venue's -2011", async () => {
    const canceled = await lastValueFrom(account.cancelAllOrders?.(SYMBOL) ?? of([]))
    expect(canceled).to.deep.equal([])
    expect(
      requestsTo(rig.simEvents.seen, 'DELETE', '/api/v3/openOrders').map((r) => [r.status, r.code]),
    ).to.deep.equal([[400, -2011]])

    // and with one open: that one, canceled
    const placed = await lastValueFrom(account.placeOrder(limitBuy('e2e-all-1', bestBid().minus(50))))
    const again = await lastValueFrom(account.cancelAllOrders?.(SYMBOL) ?? of([]))
    expect(again.map((o) => [o.id, o.status])).to.deep.equal([[placed.id, 'canceled']])
  })
})
