import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import {
  Decimal,
  DEFAULT_ORDER_DEADLINE_MS,
  type BinanceVenue,
  type OrderRequest,
  type VenueError,
  type VenueTrading,
} from '../../index.js'
import { localClockAt, requestsTo, startBinanceRig, type BinanceRig } from './binance-support.js'

const SYMBOL = 'BTC/USDT'
/** Any minute boundary of the venue's clock. */
const BOUNDARY = Date.UTC(2025, 5, 2, 12, 0, 0)
/** The venue's minute ends this long after the simulator starts: far longer than the test runs. */
const LEAD_MS = 40_000

const failure = (p: Promise<unknown>): Promise<VenueError> =>
  p.then(
    () => expect.fail('expected a failure'),
    (e: unknown) => e as VenueError,
  )

describe('binance e2e: order entry never waits behind market data', () => {
  let rig: BinanceRig
  let venue: BinanceVenue
  let account: VenueTrading

  const limitBuy = (clientOrderId: string): OrderRequest => ({
    symbol: SYMBOL,
    side: 'buy',
    type: 'limit',
    timeInForce: 'GTC',
    price: new Decimal('30000'),
    quantity: new Decimal('0.001'),
    clientOrderId,
  })

  afterEach(() => rig.close())

  it('the measured case: open orders and a placement go out at once behind a burst of depth-5000 snapshots', async () => {
    rig = await startBinanceRig({
      seed: 13,
      clockAt: BOUNDARY - LEAD_MS,
      driver: { scheduler: localClockAt(BOUNDARY - LEAD_MS) },
    })
    venue = rig.client.venue('binance') as BinanceVenue
    account = rig.client.account('binance')
    const { binance, simEvents } = rig
    // exchangeInfo: 20 of the minute's 6 000
    await lastValueFrom(rig.client.instruments$('binance'))

    // 30 snapshots of weight 250: 23 fit (5 770 used), 7 wait for the next minute, 40 s away; the
    // first signed request then measures the venue clock (weight 1) ahead of them too
    const burst = Array.from({ length: 30 }, () =>
      lastValueFrom(venue.orderBook(SYMBOL, { limit: 5000 })).then(
        () => 'answered',
        (e: VenueError) => e.message,
      ),
    )
    const open = await lastValueFrom(account.openOrders(SYMBOL))
    const placed = await lastValueFrom(account.placeOrder(limitBuy('e2e-ahead-1')))

    expect(open).to.deep.equal([])
    expect(placed).to.include({ clientOrderId: 'e2e-ahead-1', status: 'new' })
    expect(binance.now(), 'still in the first minute').to.be.below(BOUNDARY)
    expect(venue.health?.().rateLimit?.queued, 'the snapshots that did not fit still wait').to.equal(7)
    const snapshots = requestsTo(simEvents.seen, 'GET', '/api/v3/depth')
    expect(snapshots.map((r) => r.status)).to.deep.equal(Array<number>(23).fill(200))
    expect(requestsTo(simEvents.seen, 'GET', '/api/v3/time').map((r) => r.status)).to.deep.equal([200])
    expect(requestsTo(simEvents.seen, 'GET', '/api/v3/openOrders').map((r) => r.status)).to.deep.equal([200])
    expect(requestsTo(simEvents.seen, 'POST', '/api/v3/order').map((r) => r.status)).to.deep.equal([200])
    await rig.close()
    expect(new Set(await Promise.all(burst))).to.deep.equal(new Set(['answered', 'binance venue is closed']))
  })

  it('an order waiting for the symbol map while the venue is paused fails at its deadline, unsent', async () => {
    const deadlineMs = 300
    rig = await startBinanceRig({ seed: 14, driver: { orderDeadlineMs: deadlineMs } })
    venue = rig.client.venue('binance') as BinanceVenue
    account = rig.client.account('binance')
    const { binance, simEvents } = rig
    // a 429 before anything else: the venue is paused for 30 s, the symbol map not loaded yet
    binance.faults.failNext(1, 429, { retryAfterSec: 30 })
    expect((await failure(lastValueFrom(venue.serverTime()))).kind).to.equal('rate-limit')

    const started = Date.now()
    const e = await failure(lastValueFrom(account.placeOrder(limitBuy('e2e-paused-1'))))
    const waited = Date.now() - started

    expect(e).to.include({ kind: 'rate-limit', clientOrderId: 'e2e-paused-1' })
    expect(e.message).to.equal(
      'order e2e-paused-1: not sent within its deadline: still waiting for the symbol map',
    )
    expect(waited)
      .to.be.at.least(deadlineMs - 50)
      .and.below(DEFAULT_ORDER_DEADLINE_MS)
    expect(requestsTo(simEvents.seen, 'POST', '/api/v3/order')).to.have.length(0)
  })
})
