import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import {
  Decimal,
  VenueError,
  type Balance,
  type Fill,
  type Order,
  type OrderRequest,
  type VenueTrading,
} from '../../index.js'
import { record, requestsTo, startRig, type BybitRig, type Recorder } from './support.js'

const SYMBOL = 'BTC/USDT'
/** Fee rates told apart, so a fee shows which side of the trade the order was on. */
const MAKER_FEE = new Decimal('0.001')
const TAKER_FEE = new Decimal('0.002')
/** BTC/USDT's price step on the simulator. */
const TICK = new Decimal('0.1')
const QTY = new Decimal('0.01')
const FIRST_FILL = new Decimal('0.004')

const failure = (work: Promise<unknown>): Promise<unknown> =>
  work.then(
    () => {
      throw new Error('expected a failure')
    },
    (e: unknown) => e,
  )

const byAsset = (list: readonly Balance[]) => new Map(list.map((b) => [b.asset, b]))

interface Streams {
  readonly orders: Recorder<Order>
  readonly fills: Recorder<Fill>
  readonly balances: Recorder<Balance>
}

describe('bybit e2e: trading on the private API and streams', () => {
  let rig: BybitRig
  let account: VenueTrading
  let streams: Streams

  /** A limit buy that rests: priced at the best bid, behind what is already there. */
  const restingBuy = (clientOrderId: string, ticksBelow = 0): OrderRequest => {
    const best = rig.bybit.book(SYMBOL, 1).bids[0]?.price
    if (best === undefined) throw new Error('the venue has no bid')
    return {
      symbol: SYMBOL,
      side: 'buy',
      type: 'limit',
      timeInForce: 'GTC',
      price: best.minus(TICK.mul(ticksBelow)),
      quantity: QTY,
      clientOrderId,
    }
  }

  beforeEach(async () => {
    rig = await startRig({ seed: 5, simulator: { fees: { maker: MAKER_FEE, taker: TAKER_FEE } } })
    account = rig.client.account('bybit')
    streams = {
      orders: record(account.orderUpdates$()),
      fills: record(account.fills$()),
      balances: record(account.balanceUpdates$()),
    }
    await Promise.all(['order', 'execution', 'wallet'].map((topic) => rig.bybit.subscribed(topic)))
  })

  afterEach(async () => {
    streams.orders.stop()
    streams.fills.stop()
    streams.balances.stop()
    await rig.close()
  })

  it('follows a limit buy from resting through a partial fill to filled, with exact fills and balances', async () => {
    const { bybit } = rig
    const start = byAsset(await lastValueFrom(account.balances()))
    const usdt0 = start.get('USDT')?.total ?? new Decimal(0)
    const btc0 = start.get('BTC')?.total ?? new Decimal(0)
    const request = restingBuy('e2e-fill-1')
    const price = request.price as Decimal

    const placed = await lastValueFrom(account.placeOrder(request))
    expect(placed).to.include({ clientOrderId: 'e2e-fill-1', status: 'new', side: 'buy', type: 'limit' })
    expect(placed.id).to.equal(bybit.order({ orderLinkId: 'e2e-fill-1' })?.orderId)
    const mine = (o: Order) => o.clientOrderId === 'e2e-fill-1'
    await streams.orders.until((o) => mine(o) && o.status === 'new', 'the resting order on the stream')
    // resting: the quote it may spend is held, not gone
    const held = price.mul(QTY)
    await streams.balances.until(
      (b) => b.asset === 'USDT' && b.locked.eq(held),
      `USDT locked ${held.toFixed()} while the order rests`,
    )

    bybit.fillOrder({ orderLinkId: 'e2e-fill-1' }, FIRST_FILL)
    const partial = await streams.orders.until(
      (o) => mine(o) && o.status === 'partially-filled',
      'the partial fill on the order stream',
    )
    expect(partial.filledQuantity.eq(FIRST_FILL)).to.equal(true)

    bybit.fillOrder({ orderLinkId: 'e2e-fill-1' })
    const filled = await streams.orders.until((o) => mine(o) && o.status === 'filled', 'the order filled')
    expect(filled.filledQuantity.eq(QTY)).to.equal(true)
    expect(filled.averagePrice?.eq(price)).to.equal(true)
    await streams.fills.untilCount((f) => f.orderId === placed.id, 2, 'fill of the order')

    const fills = streams.fills.seen.filter((f) => f.orderId === placed.id)
    expect(fills.map((f) => f.quantity.toFixed())).to.deep.equal([
      FIRST_FILL.toFixed(),
      QTY.minus(FIRST_FILL).toFixed(),
    ])
    for (const f of fills) {
      expect(f).to.include({ symbol: SYMBOL, side: 'buy', liquidity: 'maker', feeAsset: 'BTC' })
      expect(f.clientOrderId).to.equal('e2e-fill-1')
      expect(f.price.eq(price), 'a maker fills at its own price').to.equal(true)
      expect(f.fee.eq(f.quantity.mul(MAKER_FEE)), `fee ${f.fee.toFixed()}`).to.equal(true)
    }
    expect(new Set(fills.map((f) => f.tradeId)).size, 'distinct executions').to.equal(2)

    // balances from the fills: the quote paid, the base received less the fee taken from it
    const usdtWant = fills.reduce((sum, f) => sum.minus(f.price.mul(f.quantity)), usdt0)
    const btcWant = fills.reduce((sum, f) => sum.plus(f.quantity).minus(f.fee), btc0)
    const usdt = await streams.balances.until(
      (b) => b.asset === 'USDT' && b.total.eq(usdtWant) && b.locked.isZero(),
      `USDT ${usdtWant.toFixed()} on the balance stream`,
    )
    const btc = await streams.balances.until(
      (b) => b.asset === 'BTC' && b.total.eq(btcWant),
      `BTC ${btcWant.toFixed()} on the balance stream`,
    )
    expect(usdt.free.eq(usdtWant)).to.equal(true)
    expect(btc.free.eq(btcWant)).to.equal(true)
    const end = byAsset(await lastValueFrom(account.balances()))
    expect(end.get('USDT')?.total.eq(usdtWant), 'USDT by REST').to.equal(true)
    expect(end.get('BTC')?.total.eq(btcWant), 'BTC by REST').to.equal(true)
    expect(bybit.balance('USDT').total.eq(usdtWant), 'USDT at the venue').to.equal(true)
    expect(bybit.balance('BTC').total.eq(btcWant), 'BTC at the venue').to.equal(true)
  })

  it('cancels a resting order and releases what it held', async () => {
    const { bybit } = rig
    const start = byAsset(await lastValueFrom(account.balances()))
    const placed = await lastValueFrom(account.placeOrder(restingBuy('e2e-cancel-1', 100)))
    await streams.orders.until(
      (o) => o.clientOrderId === 'e2e-cancel-1' && o.status === 'new',
      'the resting order on the stream',
    )

    const canceled = await lastValueFrom(
      account.cancelOrder({ symbol: SYMBOL, clientOrderId: 'e2e-cancel-1' }),
    )
    expect(canceled).to.include({ id: placed.id, clientOrderId: 'e2e-cancel-1', status: 'canceled' })
    expect(canceled.filledQuantity.isZero()).to.equal(true)
    await streams.orders.until(
      (o) => o.clientOrderId === 'e2e-cancel-1' && o.status === 'canceled',
      'the cancel on the order stream',
    )
    expect(bybit.order({ orderLinkId: 'e2e-cancel-1' })?.orderStatus).to.equal('Cancelled')
    const open = await lastValueFrom(account.openOrders(SYMBOL))
    expect(open.map((o) => o.clientOrderId)).to.not.include('e2e-cancel-1')
    const usdt = await streams.balances.until(
      (b) => b.asset === 'USDT' && b.locked.isZero(),
      'USDT released on the balance stream',
    )
    expect(usdt.total.eq(start.get('USDT')?.total ?? -1), 'a cancel costs nothing').to.equal(true)
    expect(streams.fills.count((f) => f.orderId === placed.id)).to.equal(0)
  })

  it('refuses requests signed with the wrong secret as auth errors, placing nothing', async () => {
    const { bybit, sim } = rig
    const real = sim.clientOptions().venues.bybit?.secret ?? ''
    const wrong = rig.clientWith({ secret: `${real.slice(0, -1)}${real.endsWith('x') ? 'y' : 'x'}` })
    const trading = wrong.account('bybit')

    const refused = await failure(lastValueFrom(trading.balances()))
    expect(refused).to.be.instanceOf(VenueError)
    expect(refused).to.include({ kind: 'auth', code: 10004, retryable: false })
    expect((refused as Error).message).to.not.include(real)

    const notPlaced = await failure(lastValueFrom(trading.placeOrder(restingBuy('e2e-bad-sig'))))
    expect(notPlaced).to.include({ kind: 'auth', code: 10004 })
    expect(bybit.order({ orderLinkId: 'e2e-bad-sig' })).to.equal(undefined)
  })

  it('heals a venue clock jump: one refused create, a clock resync, one order', async () => {
    const { bybit, simEvents } = rig
    await lastValueFrom(account.balances()) // the driver has measured the venue clock
    const syncsBefore = requestsTo(simEvents.seen, 'GET', '/v5/market/time').length
    bybit.faults.shiftClock(60_000) // every timestamp the driver signs is now a minute old

    const placed = await lastValueFrom(account.placeOrder(restingBuy('e2e-skew-1', 50)))
    expect(placed).to.include({ clientOrderId: 'e2e-skew-1', status: 'new' })
    const creates = requestsTo(simEvents.seen, 'POST', '/v5/order/create')
    expect(
      creates.map((r) => r.retCode),
      'refused for its timestamp, then accepted',
    ).to.deep.equal([10002, 0])
    expect(
      requestsTo(simEvents.seen, 'GET', '/v5/market/time').length - syncsBefore,
      'clock resyncs',
    ).to.equal(1)

    const open = await lastValueFrom(account.openOrders(SYMBOL))
    expect(open.filter((o) => o.clientOrderId === 'e2e-skew-1').map((o) => o.id)).to.deep.equal([placed.id])
  })

  it('gives clock-skew when the venue clock keeps jumping after every resync, placing nothing', async () => {
    const { bybit, simEvents } = rig
    await lastValueFrom(account.balances())
    // each time answer is a minute stale by the time the driver reads it
    const jumps = bybit.events$.subscribe((e) => {
      if (e.type === 'request' && e.path === '/v5/market/time') bybit.faults.shiftClock(60_000)
    })
    try {
      bybit.faults.shiftClock(60_000)
      const refused = await failure(lastValueFrom(account.placeOrder(restingBuy('e2e-skew-2', 50))))
      expect(refused).to.be.instanceOf(VenueError)
      expect(refused).to.include({ kind: 'clock-skew', code: 10002 })
    } finally {
      jumps.unsubscribe()
    }
    const creates = requestsTo(simEvents.seen, 'POST', '/v5/order/create')
    expect(
      creates.map((r) => r.retCode),
      'sent once more after one resync, never a third time',
    ).to.deep.equal([10002, 10002])
    expect(bybit.order({ orderLinkId: 'e2e-skew-2' })).to.equal(undefined)
  })
})
