import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import { Decimal, VenueError, type OrderRequest, type VenueTrading } from '../../index.js'
import { requestsTo, startRig, type BybitRig } from './support.js'

const SYMBOL = 'BTC/USDT'
/** Fee rates told apart, so a fee shows which side of the trade the order was on. */
const MAKER_FEE = new Decimal('0.001')
const TAKER_FEE = new Decimal('0.002')
/** BTC/USDT's price step on the simulator. */
const TICK = new Decimal('0.1')
const QTY = new Decimal('0.01')

const failure = (work: Promise<unknown>): Promise<unknown> =>
  work.then(
    () => {
      throw new Error('expected a failure')
    },
    (e: unknown) => e,
  )

describe('bybit e2e: trading on the private API and streams', () => {
  let rig: BybitRig
  let account: VenueTrading

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
  })

  afterEach(async () => {
    await rig.close()
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
