/**
 * The Coinbase driver made with the simulator's CDP key: its trading surface as a user gets it, over
 * the simulator's private routes and user socket.
 */
import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import { startSimulator, type CoinbaseSimEvent, type Simulator } from '../../../lib/testing/index.js'
import type { CoinbaseSimulator } from '../../../lib/testing/coinbase/index.js'
import { createCoinbaseVenue } from '../../../lib/venues/coinbase/driver.js'
import type { CoinbaseVenue } from '../../../lib/venues/coinbase/index.js'
import { record, type Recorder } from '../../e2e/support.js'

const d = (v: string) => new Decimal(v)

describe('coinbase driver trading against the simulator', function () {
  this.timeout(15_000)
  let sim: Simulator
  let cb: CoinbaseSimulator
  let venue: CoinbaseVenue
  let events: Recorder<CoinbaseSimEvent>

  beforeEach(async () => {
    sim = await startSimulator({ venues: ['coinbase'], seed: 21, tickMs: 'manual' })
    cb = sim.venue('coinbase')
    events = record(cb.events$)
    venue = createCoinbaseVenue({ ...cb.clientOptions(), logger: silentLogger })
  })
  afterEach(async () => {
    events.stop()
    await venue.close()
    await sim.close()
  })

  const accountsAnswers = (mark: number) =>
    events.seen
      .slice(mark)
      .flatMap((e) => (e.type === 'request' && e.path.endsWith('/accounts') ? [e.status] : []))

  it('signs a fresh JWT and asks once more after a 401, then passes a second 401 on', async () => {
    const trading = venue.trading
    if (trading === undefined) throw new Error('a driver with a key trades')
    await lastValueFrom(trading.balances())
    let mark = events.seen.length
    cb.faults.failNext(1, 401)
    const balances = await lastValueFrom(trading.balances())
    expect(balances.find((b) => b.asset === 'USD')?.total.eq(cb.balance('USD').total)).to.equal(true)
    expect(accountsAnswers(mark), 'refused, then answered').to.deep.equal([401, 200])

    mark = events.seen.length
    // the two refusals of /accounts, and of the clock measured between them
    cb.faults.failNext(3, 401)
    const error = await lastValueFrom(trading.balances()).catch((e: unknown) => e)
    expect(error).to.be.instanceOf(VenueError).with.property('kind', 'auth')
    expect(accountsAnswers(mark), 'one resend, no more').to.deep.equal([401, 401])
  })

  it('measures the venue clock again after a 401, so a clock that stepped back does not refuse every request', async () => {
    const trading = venue.trading
    if (trading === undefined) throw new Error('a driver with a key trades')
    await lastValueFrom(trading.balances()) // the venue clock is measured
    // the venue's clock steps 5 s back: every JWT the driver signs now has its nbf 5 s ahead of it,
    // which Coinbase refuses with a bare 401, as it refuses a wrong key
    cb.faults.shiftClock(-5_000)
    const mark = events.seen.length
    const balances = await lastValueFrom(trading.balances())
    expect(balances.find((b) => b.asset === 'USD')?.total.eq(cb.balance('USD').total)).to.equal(true)
    expect(accountsAnswers(mark), 'refused, measured again, answered').to.deep.equal([401, 200])
    const bid = cb.book('BTC/USD', 1).bids[0]?.price
    if (bid === undefined) throw new Error('the simulated book has a bid')
    const placed = await lastValueFrom(
      trading.placeOrder({
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'limit',
        price: bid,
        quantity: d('0.001'),
        clientOrderId: 'after-step-1',
      }),
    )
    expect(placed).to.include({ clientOrderId: 'after-step-1', status: 'new' })
  })

  it('places a limit order good until a date (limit_limit_gtd) and reads it back', async () => {
    const trading = venue.trading
    if (trading === undefined) throw new Error('a driver with a key trades')
    const bid = cb.book('BTC/USD', 1).bids[0]?.price
    if (bid === undefined) throw new Error('the simulated book has a bid')
    const expiresAt = new Date(cb.now() + 60_000)
    const placed = await lastValueFrom(
      trading.placeOrder({
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'limit',
        price: bid,
        quantity: d('0.001'),
        clientOrderId: 'gtd-1',
        expiresAt,
      }),
    )
    expect(placed).to.include({ clientOrderId: 'gtd-1', status: 'new' })
    const [record] = cb.allOrders('BTC/USD')
    expect(record?.['time_in_force']).to.equal('GOOD_UNTIL_DATE_TIME')
    // within the two minutes of the driver's JWTs, signed with the venue time it measured before
    cb.advanceClock(61_000)
    const found = await lastValueFrom(trading.getOrder({ symbol: 'BTC/USD', clientOrderId: 'gtd-1' }))
    expect(found.status).to.equal('expired')
  })
})
