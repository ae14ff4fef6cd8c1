import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import {
  Decimal,
  type Balance,
  type Fill,
  type Order,
  type OrderRequest,
  type VenueTrading,
} from '../../index.js'
import type { SpoiledAnswer } from '../../lib/testing/index.js'
import { record, requestsTo, startBinanceRig, type BinanceRig, type Recorder } from './binance-support.js'

const SYMBOL = 'BTC/USDT'
const MAKER_FEE = new Decimal('0.001')
const TAKER_FEE = new Decimal('0.002')
const QTY = new Decimal('0.01')
const FIRST_FILL = new Decimal('0.004')
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

  it('follows a limit buy from resting through a partial fill to filled, with exact fills and balances', async () => {
    const { binance } = rig
    const start = byAsset(await lastValueFrom(account.balances()))
    const usdt0 = start.get('USDT')?.total ?? new Decimal(-1)
    const btc0 = start.get('BTC')?.total ?? new Decimal(-1)
    expect(usdt0.eq(binance.balance('USDT').total)).to.equal(true)
    const price = bestBid()

    const placed = await lastValueFrom(account.placeOrder(limitBuy('e2e-fill-1', price)))
    expect(placed).to.include({ clientOrderId: 'e2e-fill-1', status: 'new', side: 'buy', type: 'limit' })
    expect(placed.id).to.equal(
      String(binance.order({ symbol: SYMBOL, clientOrderId: 'e2e-fill-1' })?.['orderId']),
    )
    const mine = (o: Order) => o.clientOrderId === 'e2e-fill-1'
    await orders.until((o) => mine(o) && o.status === 'new', 'the resting order on the stream')
    const held = price.mul(QTY)
    await balances.until(
      (b) => b.asset === 'USDT' && b.locked.eq(held) && b.free.eq(usdt0.minus(held)),
      `USDT ${held.toFixed()} locked while the order rests`,
    )

    binance.fillOrder({ symbol: SYMBOL, clientOrderId: 'e2e-fill-1' }, FIRST_FILL)
    const partial = await orders.until((o) => mine(o) && o.status === 'partially-filled', 'the partial fill')
    expect(partial.filledQuantity.eq(FIRST_FILL)).to.equal(true)
    binance.fillOrder({ symbol: SYMBOL, clientOrderId: 'e2e-fill-1' })
    const filled = await orders.until((o) => mine(o) && o.status === 'filled', 'the order filled')
    expect(filled.filledQuantity.eq(QTY)).to.equal(true)
    expect(filled.averagePrice?.eq(price), 'average price').to.equal(true)
    await fills.untilCount((f) => f.orderId === placed.id, 2, 'fill of the order')

    const own = fills.seen.filter((f) => f.orderId === placed.id)
    expect(own.map((f) => f.quantity.toFixed())).to.deep.equal([
      FIRST_FILL.toFixed(),
      QTY.minus(FIRST_FILL).toFixed(),
    ])
    for (const f of own) {
      expect(f).to.include({
        symbol: SYMBOL,
        side: 'buy',
        liquidity: 'maker',
        feeAsset: 'BTC',
        clientOrderId: 'e2e-fill-1',
      })
      expect(f.price.eq(price), 'a maker fills at its own price').to.equal(true)
      expect(f.fee.eq(f.quantity.mul(MAKER_FEE)), `fee ${f.fee.toFixed()}`).to.equal(true)
    }
    expect(new Set(own.map((f) => f.tradeId)).size, 'distinct executions').to.equal(2)

    // the quote paid, the base received less the fee taken from it
    const usdtWant = usdt0.minus(price.mul(QTY))
    const btcWant = btc0.plus(QTY).minus(QTY.mul(MAKER_FEE))
    const usdt = await balances.until(
      (b) => b.asset === 'USDT' && b.total.eq(usdtWant) && b.locked.isZero(),
      `USDT ${usdtWant.toFixed()} on the stream`,
    )
    const btc = await balances.until(
      (b) => b.asset === 'BTC' && b.total.eq(btcWant),
      `BTC ${btcWant.toFixed()}`,
    )
    expect(usdt.free.eq(usdtWant)).to.equal(true)
    expect(btc.free.eq(btcWant)).to.equal(true)
    const end = byAsset(await lastValueFrom(account.balances()))
    expect(end.get('USDT')?.total.eq(usdtWant), 'USDT by REST').to.equal(true)
    expect(end.get('BTC')?.total.eq(btcWant), 'BTC by REST').to.equal(true)
    expect(binance.balance('USDT').total.eq(usdtWant), 'USDT at the venue').to.equal(true)
    expect(binance.balance('BTC').total.eq(btcWant), 'BTC at the venue').to.equal(true)
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

  it('ends with exactly one order when the placement answer is lost', async () => {
    const { binance, simEvents } = rig
    const bid = bestBid()
    binance.faults.loseNextResponse()

    const order = await lastValueFrom(account.placeOrder(limitBuy('e2e-lost-1', bid)))

    expect(
      requestsTo(simEvents.seen, 'POST', ORDER_PATH).map((r) => r.status),
      'one placement, carried out, its answer dropped; never sent again',
    ).to.deep.equal([0])
    const truth = ordersWith('e2e-lost-1')
    expect(truth, 'orders at the venue').to.have.length(1)
    expect(order).to.include({
      id: String(truth[0]?.['orderId']),
      clientOrderId: 'e2e-lost-1',
      status: 'new',
    })
    expect(order.price?.eq(bid)).to.equal(true)
    expect(order.quantity.eq(QTY)).to.equal(true)
    const open = await lastValueFrom(account.openOrders(SYMBOL))
    expect(open.map((o) => o.clientOrderId)).to.deep.equal(['e2e-lost-1'])
  })

  for (const kind of ['html', 'truncated', 'no-id'] as const satisfies readonly SpoiledAnswer[]) {
    it(`finds the order by client order id when the 200 answer is ${kind}, and sends it once`, async () => {
      const { binance, simEvents } = rig
      binance.faults.spoilNextOrderAnswer(kind)
      const { clientOrderId: _, ...generated } = limitBuy('unused', bestBid())

      const order = await lastValueFrom(account.placeOrder(generated))

      expect(
        requestsTo(simEvents.seen, 'POST', ORDER_PATH).map((r) => r.status),
        'one placement, carried out, its answer unreadable; never sent again',
      ).to.deep.equal([200])
      expect(order.clientOrderId, 'the generated id').to.match(/^[0-9a-f-]{36}$/)
      const truth = ordersWith(order.clientOrderId)
      expect(truth, 'orders at the venue').to.have.length(1)
      expect(order).to.include({ id: String(truth[0]?.['orderId']), status: 'new' })
    })
  }

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
})
