/**
 * 500 FalconX calls at once (quotes and balances): the client's limiter holds what does not fit the
 * spec's conservative windows, so the simulator (whose limits are looser) refuses none, and each call
 * gets its answer. Both clocks stand still until the test moves them, in step.
 */
import { expect } from 'chai'
import { firstValueFrom, lastValueFrom } from 'rxjs'
import { createClient, Decimal, silentLogger, type Client, type VenueError } from 'rxvenue'
import { FalconxSimulator } from '../../lib/testing/falconx/index.js'
import { hasRfq } from '../../lib/venues/contract/venue.js'
import { SteppedClock } from '../conformance/stepped-clock.js'
import { until } from '../conformance/support.js'
import { record } from './support.js'

const CALLS = 500
const STEP_MS = 1500
const START = Date.UTC(2025, 5, 2, 12, 0, 0) - 2500

describe('falconx e2e: a burst within the limits', () => {
  let sim: FalconxSimulator
  let client: Client

  afterEach(async () => {
    await client?.close()
    await sim?.close()
  })

  it(`${CALLS} calls at once: held back by the client, none refused by the simulator (no 429)`, async () => {
    const clock = new SteppedClock(START)
    sim = await FalconxSimulator.start({ seed: 12, tickMs: 'manual', clock: { at: START } })
    client = createClient({
      venues: { falconx: { ...sim.clientOptions(), scheduler: clock, logger: silentLogger } },
      logger: silentLogger,
    })
    const venue = client.venue('falconx')
    if (!hasRfq(venue)) throw new Error('no rfq')
    const account = client.account('falconx')
    const rateLimited: VenueError[] = []
    const watch = client.events$().subscribe((e) => {
      if (e.type === 'rate-limited') rateLimited.push(e.error)
    })
    const events = record(sim.events$)
    const usd = sim.balance('USD').total.toFixed()

    const call = (i: number): Promise<string> =>
      i % 2 === 0
        ? lastValueFrom(account.balances()).then(
            (l) => l.find((b) => b.asset === 'USD')?.total.toFixed() ?? 'none',
          )
        : firstValueFrom(
            venue.rfq.quote$({ symbol: 'BTC/USD', side: 'buy', quantity: new Decimal('0.01') }),
          ).then((q) => (q.ask !== undefined ? 'quote' : 'no ask'))
    const queued = () => venue.health?.().rateLimit?.queued ?? 0
    let settled = 0
    const outcomes = Promise.allSettled(
      Array.from({ length: CALLS }, (_, i) => call(i).finally(() => settled++)),
    )
    let heldBack = 0
    for (let steps = 0; ; steps++) {
      await until(() => settled + queued() === CALLS, `every call answered or held (${settled} answered)`)
      heldBack = Math.max(heldBack, queued())
      if (settled === CALLS) break
      if (steps > 400) throw new Error(`the burst is not through after ${steps} steps`)
      clock.advance(STEP_MS)
      sim.advanceClock(STEP_MS)
    }
    watch.unsubscribe()

    const results = await outcomes
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []))
    expect(failures, 'errors that reached the caller').to.deep.equal([])
    const wrong = results.flatMap((r, i) =>
      r.status === 'fulfilled' && r.value !== (i % 2 === 0 ? usd : 'quote') ? [r.value] : [],
    )
    expect(wrong).to.deep.equal([])
    expect(rateLimited, 'rate-limited events').to.deep.equal([])
    const answered = events.seen.filter((e) => e.type === 'request')
    // one answer is not a 200: the unsigned request the driver reads the venue time from (its `Date`)
    expect(
      answered.flatMap((e) =>
        e.type === 'request' && e.status !== 200 ? [`${e.method} ${e.path} ${e.status}`] : [],
      ),
      'refusals at the venue',
    ).to.deep.equal(['GET /v1/pairs 401'])
    expect(answered.filter((e) => e.type === 'request' && e.path !== '/v1/pairs')).to.have.length(CALLS)
    expect(heldBack, 'calls held back by the client').to.be.above(0)
    events.stop()
  })
})
