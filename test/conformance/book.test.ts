/**
 * (a) A venue's book, through the public `orderBook$`, equals its simulator's own book exactly at every
 * settle point through at least 10 000 updates, five dropped connections, a silence and a skipped
 * update id.
 */
import { expect } from 'chai'
import type { ResyncReason, UnifiedSymbol, VenueEvent } from 'rxvenue'
import { TestClock } from '../e2e/test-clock.js'
import { SIMULATED_VENUES, bookDepthOf, startRig, type Rig } from './rig.js'
import type { SimEvent } from './sim-adapter.js'
import { expectSameBook, record, seeded, watchBook, type BookWatch, type Recorder } from './support.js'

const UPDATES = 10_000
/** Update ids published per batch; the market is compared after each. */
const PER_BATCH = 500
/**
 * The driver's stale window, on the test's clock: far longer than any pause of a loaded machine, so a
 * feed goes stale only when the test moves the clock past it.
 */
const STALE_MS = 10_000

type Fault = 'drop' | 'silence' | 'gap'
/** Which batch each fault is injected into. */
const FAULTS: ReadonlyMap<number, Fault> = new Map<number, Fault>([
  [1, 'drop'],
  [3, 'drop'],
  [5, 'silence'],
  [7, 'drop'],
  [9, 'gap'],
  [11, 'drop'],
  [13, 'drop'],
])
const LAST_FAULT = Math.max(...FAULTS.keys())
const DROPS = [...FAULTS.values()].filter((f) => f === 'drop').length

const isResync = (reasons: readonly ResyncReason[]) => (e: VenueEvent) =>
  e.type === 'resync' && reasons.includes(e.reason)
/** A stale feed: Bybit resyncs with reason `stale`, Binance with `reconnect`; both drop it as stale. */
const isStaleDrop = (e: VenueEvent) =>
  e.type === 'disconnected' && e.channel === 'public' && e.reason.startsWith('stale')
const isPublicDrop = (e: VenueEvent) => e.type === 'disconnected' && e.channel === 'public'
const isReconnected = (e: VenueEvent) => e.type === 'connected' && e.channel === 'public' && e.reconnect

for (const module of SIMULATED_VENUES) {
  describe(`${module.id} conformance: (a) the book through gaps, drops and a silence`, () => {
    let rig: Rig
    let clock: TestClock
    let events: Recorder<VenueEvent>
    let book: BookWatch | undefined

    beforeEach(async function () {
      if (!module.capabilities.marketData.book) this.skip()
      clock = new TestClock({ at: Date.now(), running: true })
      rig = await startRig(module, { seed: 42, driver: { staleAfterMs: STALE_MS, scheduler: clock } })
      events = record(rig.client.events$())
    })

    afterEach(async () => {
      book?.stop()
      events?.stop()
      await rig?.close()
    })

    it(`equals the simulator's book after every batch of ${UPDATES} updates, ${DROPS} drops, a silence and a gap`, async () => {
      const { client, sim, adapter, simEvents, id } = rig
      const symbol: UnifiedSymbol = (await rig.instrument()).symbol
      const depth = bookDepthOf(module)
      const random = seeded(4242)
      const updateId = () => adapter.bookUpdateId(sim, symbol, depth)
      const moves = () => adapter.bookMoves(sim, symbol, depth)
      const watched = watchBook(client, id, symbol, depth)
      book = watched
      /** Moves the market by at least `n` book updates, in steps of random sizes; returns how many. */
      const publish = (n: number): number => {
        const start = moves()
        for (let idle = 0; moves() - start < n;) {
          const before = moves()
          sim.step(1 + random(120), symbol)
          idle = moves() === before ? idle + 1 : 0
          if (idle > 100) throw new Error(`${id}: steps publish no book update`)
        }
        return moves() - start
      }
      const settle = async (what: string) => {
        const view = await watched.reaches(updateId, what)
        expectSameBook(view, sim.book(symbol, depth ?? Infinity))
      }

      // the book's own subscriptions at the venue (only the book is watched here): a venue whose book
      // syncs on its first update needs them in place before the market moves
      await simEvents.until((e) => adapter.subscribedTopics(e).length > 0, 'the book subscribed at the venue')
      const bookTopics = simEvents.seen.flatMap((e) => adapter.subscribedTopics(e))
      publish(1)
      await settle('the first book')
      const subscribesBook = (e: SimEvent) => bookTopics.every((t) => adapter.subscribedTopics(e).includes(t))
      const subscribedAfter = (before: number, times: number, what: string) =>
        simEvents.untilCount(subscribesBook, before + times, what)

      let published = 1
      let settles = 1
      for (let batch = 0; published < UPDATES || batch <= LAST_FAULT; batch++) {
        const fault = FAULTS.get(batch)
        if (fault === 'drop') {
          const resyncs = events.count(isResync(['reconnect']))
          const subscribed = simEvents.count(subscribesBook)
          sim.faults.dropSockets()
          published += publish(1 + random(200)) // while the client is away: only a fresh snapshot can catch up
          await events.untilCount(isResync(['reconnect']), resyncs + 1, 'a resync after the dropped socket')
          await subscribedAfter(subscribed, 1, 'the book subscribed again after the drop')
        } else if (fault === 'silence') {
          const stale = events.count(isStaleDrop)
          const reconnects = events.count(isReconnected)
          const subscribed = simEvents.count(subscribesBook)
          const silence = sim.faults.silence()
          published += publish(1 + random(200))
          // the driver finds the feed stale and reconnects into the silence...
          clock.advance(STALE_MS)
          await events.untilCount(isStaleDrop, stale + 1, 'a stale drop in the silence')
          await events.untilCount(isReconnected, reconnects + 1, 'a reconnection within the silence')
          await subscribedAfter(subscribed, 1, 'the book subscribed again within the silence')
          sim.faults.resume()
          await silence
          // ...where nothing answered: stale again, and this time the venue speaks
          clock.advance(STALE_MS)
          await events.untilCount(isStaleDrop, stale + 2, 'a stale drop after the silence')
          await subscribedAfter(subscribed, 2, 'the book subscribed again after the silence')
        } else if (fault === 'gap') {
          const gaps = events.count(isResync(['gap']))
          sim.faults.skipUpdateId()
          published += publish(1)
          await events.untilCount(isResync(['gap']), gaps + 1, 'a resync after the skipped update id')
        }
        published += publish(PER_BATCH)
        await settle(`update id ${updateId()} after batch ${batch} (${fault ?? 'no fault'})`)
        settles++
      }

      expect(published).to.be.at.least(UPDATES)
      expect(settles).to.be.at.least(LAST_FAULT + 2)
      const resyncs = events.seen.flatMap((e) => (e.type === 'resync' ? [e.reason] : []))
      expect(
        resyncs.filter((r) => r === 'reconnect' || r === 'stale'),
        'a resync per reconnection',
      ).to.have.length(DROPS + 2)
      expect(resyncs.filter((r) => r === 'gap')).to.have.length(1)
      expect(
        resyncs.filter((r) => !['reconnect', 'stale', 'gap'].includes(r)),
        'other resyncs',
      ).to.deep.equal([])
      expect(events.count(isStaleDrop), 'stale drops').to.equal(2)
      // the drops and two reconnections out of the silence
      expect(events.count(isPublicDrop), 'disconnections').to.equal(DROPS + 2)
      expect(events.count(isReconnected), 'reconnections').to.equal(DROPS + 2)
      expect(events.count((e) => e.type === 'decode-error')).to.equal(0)
    })
  })
}
