import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import type { Instrument, ResyncReason, VenueEvent } from '../../index.js'
import type { BybitSimEvent } from '../../lib/testing/index.js'
import { expectSameBook, record, startRig, watchBook, type BybitRig } from './support.js'
import { TestClock } from './test-clock.js'

const SYMBOL = 'BTC/USDT'
const DEPTH = 50
const TOPIC = 'orderbook.50.BTCUSDT'
const DELTAS = 10_000
const STEPS_PER_BATCH = 800
/**
 * The driver's stale window, on the test's clock: far longer than any pause of a loaded machine, so the
 * feed goes stale only when the test moves the clock past it.
 */
const STALE_MS = 10_000

type Fault = 'drop' | 'silence' | 'skip'
/** Which batch of random changes each fault is injected into. */
const FAULTS: ReadonlyMap<number, Fault> = new Map<number, Fault>([
  [1, 'drop'],
  [3, 'drop'],
  [5, 'silence'],
  [7, 'drop'],
  [9, 'skip'],
  [11, 'drop'],
  [13, 'drop'],
])
const LAST_FAULT = Math.max(...FAULTS.keys())

const isResync = (reason: ResyncReason) => (e: VenueEvent) => e.type === 'resync' && e.reason === reason
const isReconnected = (e: VenueEvent) => e.type === 'connected' && e.channel === 'public' && e.reconnect
const subscribedTo = (e: BybitSimEvent) => e.type === 'subscribed' && e.topics.includes(TOPIC)

describe('bybit e2e: a live order book through faults', () => {
  let rig: BybitRig
  let clock: TestClock
  let instrument: Instrument

  beforeEach(async () => {
    clock = new TestClock({ at: Date.now(), running: true })
    rig = await startRig({
      seed: 42,
      driver: {
        staleAfterMs: STALE_MS,
        backoff: { initialMs: 5, maxMs: 40, jitter: 'none' },
        scheduler: clock,
      },
    })
    const listed = await lastValueFrom(rig.client.instruments$('bybit'))
    const btc = listed.find((i) => i.symbol === SYMBOL)
    if (btc === undefined) throw new Error(`${SYMBOL} is not listed`)
    instrument = btc
  })

  afterEach(() => rig.close())

  it('equals the venue book exactly after every batch of 10 000 deltas, 5 drops, a silence and a gap', async () => {
    const { client, bybit } = rig
    const events = record(client.events$())
    const book = watchBook(client, SYMBOL, DEPTH)
    const updateId = () => bybit.bookUpdateId(SYMBOL, DEPTH)
    let settles = 0
    const settle = async (what: string) => {
      const view = await book.reaches(updateId, what)
      expectSameBook(view, bybit.book(SYMBOL, DEPTH), instrument)
      settles++
    }
    const step = () => {
      const before = updateId()
      bybit.step(STEPS_PER_BATCH, SYMBOL)
      return updateId() - before
    }

    try {
      await bybit.subscribed(TOPIC)
      await settle('the first snapshot')
      let published = 0
      for (let batch = 0; published < DELTAS || batch <= LAST_FAULT; batch++) {
        const fault = FAULTS.get(batch)
        if (fault === 'drop') {
          const resyncs = events.count(isResync('reconnect'))
          bybit.faults.dropSockets()
          published += step() // published while the client is away: only a fresh snapshot can catch up
          await events.untilCount(isResync('reconnect'), resyncs + 1, 'resync after a dropped socket')
        } else if (fault === 'silence') {
          const stale = events.count(isResync('stale'))
          const subscriptions = rig.simEvents.count(subscribedTo)
          const silence = bybit.faults.silence()
          published += step()
          // the driver finds the feed stale and reconnects into the silence...
          clock.advance(STALE_MS)
          await events.untilCount(isResync('stale'), stale + 1, 'resync after a stale feed')
          await rig.simEvents.untilCount(subscribedTo, subscriptions + 1, 'the subscription into the silence')
          bybit.faults.resume()
          await silence
          // ...where its subscription went unanswered: stale again, and this time a snapshot comes
          clock.advance(STALE_MS)
          await events.untilCount(isResync('stale'), stale + 2, 'resync after the silence')
        } else if (fault === 'skip') {
          bybit.faults.skipUpdateId()
          published += step()
          await events.until(isResync('gap'), 'resync after a skipped update id')
        } else {
          published += step()
        }
        await settle(`update id ${updateId()} after batch ${batch} (${fault ?? 'no fault'})`)
      }

      expect(published).to.be.at.least(DELTAS)
      expect(settles).to.be.at.least(LAST_FAULT + 2)
      expect(events.count(isResync('reconnect')), 'reconnect resyncs').to.equal(5)
      expect(events.count(isResync('stale')), 'stale resyncs').to.equal(2)
      expect(events.count(isResync('gap')), 'gap resyncs').to.equal(1)
      // five drops and two reconnects out of the silence
      expect(events.count(isReconnected), 'reconnections').to.equal(7)
      expect(
        events.count((e) => e.type === 'disconnected' && e.channel === 'public'),
        'disconnections',
      ).to.equal(7)
      expect(events.count((e) => e.type === 'decode-error')).to.equal(0)
    } finally {
      book.stop()
      events.stop()
    }
  })
})
