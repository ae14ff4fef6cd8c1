/**
 * The Prime simulator's feed checks every subscription's signature as Prime does, its injected 5xx
 * answers are retried by the driver's REST client (a GET is idempotent), and its portfolio fills keep
 * to the range asked for.
 */
import { expect } from 'chai'
import { lastValueFrom, Observable } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import WebSocket from 'ws'
import { silentLogger } from '../../../lib/core/logging.js'
import { PrimeSimulator } from '../../../lib/testing/prime/prime-simulator.js'
import { createPrimeVenue } from '../../../lib/venues/prime/driver.js'
import { primeSubscription } from '../../../lib/venues/prime/sign.js'
import { record } from '../../e2e/support.js'

describe('prime simulator', () => {
  let sim: PrimeSimulator

  beforeEach(async () => {
    sim = await PrimeSimulator.start({ seed: 21, tickMs: 'manual' })
  })

  afterEach(async () => {
    await sim.close()
  })

  it('refuses a subscription signed with the base64-decoded secret, takes the documented one', async () => {
    const { apiKey, secret, passphrase, serviceAccountId } = sim.clientOptions()
    const key = { apiKey, secret, passphrase, serviceAccountId }
    const ws = new WebSocket(sim.wsUrl)
    const opened = new Promise((resolve) => ws.once('open', resolve))
    const frames = record(
      new Observable<Record<string, unknown>>((s) => {
        ws.on('message', (data: Buffer) => s.next(JSON.parse(data.toString()) as Record<string, unknown>))
      }),
    )
    await opened
    const good = primeSubscription(key, 'subscribe', 'l2_data', ['BTC-USD'], '', sim.now())
    const decoded = primeSubscription(
      { ...key, secret: Buffer.from(secret, 'base64').toString('latin1') },
      'subscribe',
      'l2_data',
      ['BTC-USD'],
      '',
      sim.now(),
    )
    ws.send(JSON.stringify(decoded))
    const refused = await frames.until((f) => f['type'] === 'error', 'the refusal')
    expect(refused['message']).to.equal('invalid signature')
    ws.send(JSON.stringify({ ...good, timestamp: String(Math.floor(sim.now() / 1000) - 31) }))
    await frames.untilCount((f) => f['type'] === 'error', 2, 'the stale timestamp refused')
    ws.send(JSON.stringify(good))
    const snapshot = await frames.until((f) => f['channel'] === 'l2_data', 'the snapshot')
    expect(snapshot['sequence_num']).to.equal(1)
    expect(frames.seen.filter((f) => f['channel'] === 'subscriptions')).to.have.length(1)
    frames.stop()
    ws.close()
  })

  it('a 500 answered to a read is retried by the driver', async () => {
    const venue = createPrimeVenue({ ...sim.clientOptions(), logger: silentLogger })
    const trading = venue.trading
    if (trading === undefined) throw new Error('no trading with a key')
    const requests = record(sim.events$)
    // the listing, and the venue clock measured: the next request is the balances'
    await lastValueFrom(trading.balances())
    const mark = requests.seen.length
    sim.faults.failNext(1, 500)
    const balances = await lastValueFrom(trading.balances())
    expect(balances.find((b) => b.asset === 'USD')?.total.toString()).to.equal('1000000')
    const statuses = requests.seen
      .slice(mark)
      .flatMap((e) => (e.type === 'request' && e.path.endsWith('/balances') ? [e.status] : []))
    expect(statuses).to.deep.equal([500, 200])
    requests.stop()
    await venue.close()
  })

  it('answers the portfolio fills from start_date to end_date', async () => {
    const venue = createPrimeVenue({ ...sim.clientOptions(), logger: silentLogger })
    const trading = venue.trading
    if (trading?.fillHistory === undefined) throw new Error('no fill history with a key')
    const bid = sim.book('BTC/USD', 1).bids[0]?.price
    if (bid === undefined) throw new Error('the simulated book has no bid')
    const ref = { symbol: 'BTC/USD', clientOrderId: 'range-1' } as const
    await lastValueFrom(
      trading.placeOrder({ ...ref, side: 'buy', type: 'limit', price: bid, quantity: new Decimal('0.3') }),
    )
    sim.fillOrder(ref, '0.1')
    const first = sim.now()
    sim.advanceClock(60_000)
    sim.fillOrder(ref, '0.2')
    const all = await lastValueFrom(trading.fillHistory({ symbol: 'BTC/USD', from: new Date(first - 1000) }))
    expect(all.map((f) => f.quantity.toString())).to.deep.equal(['0.1', '0.2'])
    const later = await lastValueFrom(
      trading.fillHistory({ symbol: 'BTC/USD', from: new Date(first + 1000) }),
    )
    expect(later.map((f) => f.quantity.toString())).to.deep.equal(['0.2'])
    const earlier = await lastValueFrom(
      trading.fillHistory({ symbol: 'BTC/USD', from: new Date(first - 1000), to: new Date(first + 1000) }),
    )
    expect(earlier.map((f) => f.quantity.toString())).to.deep.equal(['0.1'])
    await venue.close()
  })
})
