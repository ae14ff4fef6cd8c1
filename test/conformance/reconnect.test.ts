/**
 * (b) After every socket of a venue drops, the client reconnects and subscribes every topic again, once,
 * as the simulator counts them, and each public and account stream delivers again.
 */
import { expect } from 'chai'
import type { OrderBook, VenueEvent } from 'rxvenue'
import { openStreams, type LiveStreams } from './live-streams.js'
import { SIMULATED_VENUES, startRig, streamsMarketData, type Rig } from './rig.js'
import { expectSameBook, record, until, type Recorder } from './support.js'

/** How often each topic appears in a list, sorted by topic. */
function counts(topics: readonly string[]): [string, number][] {
  const out = new Map<string, number>()
  for (const t of topics) out.set(t, (out.get(t) ?? 0) + 1)
  return [...out].sort(([a], [b]) => a.localeCompare(b))
}

// a venue without public streams (custody) has no socket to drop or stream to end
for (const module of SIMULATED_VENUES.filter((m) => m.capabilities.marketData.book)) {
  describe(`${module.id} conformance: (b) reconnect with resubscribe`, () => {
    let rig: Rig
    let events: Recorder<VenueEvent>
    let live: LiveStreams | undefined

    beforeEach(async function () {
      if (!streamsMarketData(module)) this.skip()
      rig = await startRig(module, { seed: 7 })
      events = record(rig.client.events$())
    })

    afterEach(async () => {
      live?.stop()
      events?.stop()
      await rig?.close()
    })

    it('subscribes every topic again once after the sockets drop, and every stream delivers again', async () => {
      const { client, sim, adapter, simEvents } = rig
      const instrument = await rig.instrument()
      const streams = await openStreams(rig, client, instrument)
      live = streams
      const topicsSince = (mark: number) =>
        simEvents.seen.slice(mark).flatMap((e) => adapter.subscribedTopics(e))

      await streams.deliverAfter(0, 'before the drop')
      const before = topicsSince(0)
      expect(before, 'topics subscribed at the venue').to.not.have.length(0)
      expect(
        counts(before).filter(([, n]) => n > 1),
        'topics subscribed more than once',
      ).to.deep.equal([])
      const channels = new Set(
        events.seen.flatMap((e) => (e.type === 'connected' && !e.reconnect ? [e.channel] : [])),
      )

      const dropped = simEvents.seen.length
      const delivered = streams.seen.seen.length
      sim.faults.dropSockets()
      await until(
        () => before.every((t) => topicsSince(dropped).includes(t)),
        'every topic subscribed again at the venue',
      )
      await streams.deliverAfter(delivered, 'after the drop')

      expect(counts(topicsSince(dropped)), 'topics subscribed after the drop, and how often').to.deep.equal(
        counts(before),
      )
      const reconnected = new Set(
        events.seen.flatMap((e) => (e.type === 'connected' && e.reconnect ? [e.channel] : [])),
      )
      expect([...reconnected].sort(), 'channels reconnected').to.deep.equal([...channels].sort())
      if (streams.names.includes('book')) {
        expect(events.count((e) => e.type === 'resync' && e.reason === 'reconnect')).to.equal(1)
        const { symbol } = instrument
        const latest = () => streams.seen.seen.filter((d) => d.stream === 'book').at(-1)?.value as OrderBook
        await until(
          () => latest().sequence === adapter.bookUpdateId(sim, symbol, streams.depth),
          'the book at the venue update id',
        )
        expectSameBook(latest(), sim.book(symbol, streams.depth ?? Infinity))
      }
      expect(events.count((e) => e.type === 'decode-error')).to.equal(0)
    })
  })
}
