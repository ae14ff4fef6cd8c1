/**
 * 500 signed calls at once against the Prime simulator (25 requests a second per portfolio): the
 * driver's limiter holds back what does not fit, the simulator refuses none (no 429), every answer is
 * right. Both clocks stand still until the test moves them in step.
 */
import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import { silentLogger } from '../../lib/core/logging.js'
import { createPrimeVenue, type PrimeVenue } from '../../lib/venues/prime/driver.js'
import { PrimeSimulator } from '../../lib/testing/prime/prime-simulator.js'
import { SteppedClock } from '../conformance/stepped-clock.js'
import { until } from '../conformance/support.js'
import { record } from './support.js'

const CALLS = 500
const START = Date.UTC(2025, 5, 2, 12, 0, 0)
const STEP_MS = 1500

describe('prime e2e: 500 calls within the rate limit', () => {
  let sim: PrimeSimulator
  let venue: PrimeVenue

  afterEach(async () => {
    await venue?.close()
    await sim?.close()
  })

  it('500 calls at once: none refused with 429, every answer right', async () => {
    const clock = new SteppedClock(START)
    sim = await PrimeSimulator.start({ seed: 3, tickMs: 'manual', clock: { at: START } })
    venue = createPrimeVenue({ ...sim.clientOptions(), scheduler: clock, logger: silentLogger })
    const trading = venue.trading
    if (trading === undefined) throw new Error('no trading')
    const limited = record(venue.events$)
    const requests = record(sim.events$)
    const bid = sim.book('BTC/USD', 1).bids[0]?.price ?? new Decimal(1)
    const resting = await lastValueFrom(
      trading.placeOrder({
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'limit',
        price: bid,
        quantity: new Decimal('0.01'),
      }),
    )
    const mark = requests.seen.length
    const calls = Array.from({ length: CALLS }, (_, i) =>
      i % 2 === 0
        ? lastValueFrom(trading.balances()).then((bs) => bs.find((b) => b.asset === 'USD')?.total.toFixed())
        : lastValueFrom(trading.openOrders('BTC/USD')).then((os) => os.map((o) => o.id).join()),
    )
    let settled = 0
    const outcomes = Promise.allSettled(calls.map((c) => c.finally(() => settled++)))
    const queued = () => venue.health().rateLimit?.queued ?? 0
    for (let steps = 0; settled < CALLS; steps++) {
      await until(() => settled + queued() === CALLS, `every call answered or held (${settled})`)
      if (settled === CALLS) break
      if (steps > 100) throw new Error('the burst is not through')
      clock.advance(STEP_MS)
      sim.advanceClock(STEP_MS)
    }
    const results = await outcomes
    const usd = sim.balance('USD').total.toFixed()
    const wrong = results.filter(
      (r, i) => r.status !== 'fulfilled' || r.value !== (i % 2 === 0 ? usd : resting.id),
    )
    expect(wrong, 'failed or wrong answers').to.deep.equal([])
    const answered = requests.seen.slice(mark).filter((e) => e.type === 'request')
    expect(
      answered.filter((e) => e.type === 'request' && e.status === 429),
      '429s',
    ).to.deep.equal([])
    expect(answered).to.have.length(CALLS)
    expect(limited.seen.filter((e) => e.type === 'rate-limited')).to.deep.equal([])
    limited.stop()
    requests.stop()
  })
})
