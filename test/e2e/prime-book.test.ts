/**
 * A Prime `l2_data` book through the driver, equal to the simulator's own book level for level, exact
 * decimals, through steps, a dropped socket, a lost frame (a skipped `sequence_num`) and a frame
 * lost in a silence.
 */
import { expect } from 'chai'
import { map } from 'rxjs'
import { L2Book } from '../../lib/book/l2-book.js'
import { silentLogger } from '../../lib/core/logging.js'
import type { BookLevel } from '../../lib/core/model.js'
import type { VenueEvent } from '../../lib/venues/contract/index.js'
import { createPrimeVenue, type PrimeVenue } from '../../lib/venues/prime/driver.js'
import { PrimeSimulator } from '../../lib/testing/prime/prime-simulator.js'
import type { PrimeSimEvent } from '../../lib/testing/prime/context.js'
import { record, type Recorder } from './support.js'

const SYMBOL = 'BTC/USD'
const levels = (ls: readonly BookLevel[]) => ls.map((l) => `${l.price.toFixed()} ${l.size.toFixed()}`)

describe('prime e2e: the l2_data book', () => {
  let sim: PrimeSimulator
  let venue: PrimeVenue
  let events: Recorder<VenueEvent>
  let simEvents: Recorder<PrimeSimEvent>

  beforeEach(async () => {
    sim = await PrimeSimulator.start({ seed: 42, tickMs: 'manual' })
    simEvents = record(sim.events$)
    venue = createPrimeVenue({
      ...sim.clientOptions(),
      logger: silentLogger,
      backoff: { initialMs: 5, maxMs: 40, jitter: 'none' },
    })
    events = record(venue.events$)
  })

  afterEach(async () => {
    events.stop()
    simEvents.stop()
    await venue.close()
    await sim.close()
  })

  it('equals the simulator after steps, a drop, a skipped sequence_num and a silence', async () => {
    const book = new L2Book({ venue: 'prime', symbol: SYMBOL, sequence: venue.bookSequence })
    const applied = record(
      venue.bookChanges$(SYMBOL).pipe(
        map((change) => {
          expect(book.applyChange(change).kind, `change ${change.sequence}`).to.equal('applied')
          return change
        }),
      ),
    )
    const caughtUp = (what: string) =>
      applied.until(() => book.synced && book.sequence === sim.bookUpdateId(SYMBOL), what)
    const expectSame = () => {
      const truth = sim.book(SYMBOL)
      expect(levels(book.bids()), 'bids').to.deep.equal(levels(truth.bids))
      expect(levels(book.asks()), 'asks').to.deep.equal(levels(truth.asks))
      // the venue's own text of each level, kept
      expect(book.bids()[0]?.priceText).to.match(/^\d+\.\d{2}$/)
    }
    const subscribed = (n: number, what: string) =>
      simEvents.untilCount((e) => e.type === 'subscribed' && e.topics.includes('l2_data:BTC-USD'), n, what)
    const resyncs = (reason: string) => events.count((e) => e.type === 'resync' && e.reason === reason)

    await subscribed(1, 'the book subscribed, signed')
    await caughtUp('the snapshot')
    sim.step(50, SYMBOL)
    await caughtUp('50 steps')
    expectSame()

    sim.faults.dropSockets()
    await events.until((e) => e.type === 'resync' && e.reason === 'reconnect', 'a resync after the drop')
    await subscribed(2, 'the book subscribed again')
    sim.step(20, SYMBOL)
    await caughtUp('steps after the drop')
    expectSame()

    sim.faults.skipUpdateId()
    sim.step(5, SYMBOL)
    await events.until((e) => e.type === 'resync' && e.reason === 'gap', 'a resync after the skipped number')
    await subscribed(3, 'the book subscribed again after the gap')
    sim.step(20, SYMBOL)
    await caughtUp('steps after the gap')
    expectSame()

    // frames sent into a silence are lost but take their numbers: the next one shows the gap
    const silence = sim.faults.silence(50)
    sim.step(5, SYMBOL)
    await silence
    sim.step(5, SYMBOL)
    await events.untilCount((e) => e.type === 'resync' && e.reason === 'gap', 2, 'a resync after the silence')
    await subscribed(4, 'the book subscribed again after the silence')
    sim.step(10, SYMBOL)
    await caughtUp('steps after the silence')
    expectSame()
    expect(resyncs('reconnect')).to.equal(1)
    expect(events.count((e) => e.type === 'decode-error')).to.equal(0)
    applied.stop()
  })

  it('trades, tickers and candles are refused: Prime has none on this feed', async () => {
    const refused = await new Promise<unknown>((resolve) =>
      venue.trades$(SYMBOL).subscribe({ error: resolve }),
    )
    expect(refused).to.have.property('kind', 'invalid-request')
  })
})
