/**
 * (b) After every socket of a venue drops, the client reconnects and subscribes every topic again, once,
 * as the simulator counts them, and each public and private stream delivers again.
 */
import { expect } from 'chai'
import { lastValueFrom, map, merge, type Observable } from 'rxjs'
import { Decimal, type Instrument, type OrderBook, type VenueEvent } from 'rxvenue'
import { SIMULATED_VENUES, bookDepthOf, startRig, type Rig } from './rig.js'
import { expectSameBook, record, until, type Recorder } from './support.js'

/** What one stream of the client delivered, by stream name. */
interface Delivery {
  readonly stream: string
  readonly value: unknown
}

for (const module of SIMULATED_VENUES) {
  const caps = module.capabilities
  describe(`${module.id} conformance: (b) reconnect with resubscribe`, () => {
    let rig: Rig
    let deliveries: Recorder<Delivery> | undefined
    let events: Recorder<VenueEvent>

    beforeEach(async () => {
      rig = await startRig(module, { seed: 7 })
      events = record(rig.client.events$())
    })

    afterEach(async () => {
      deliveries?.stop()
      events.stop()
      await rig.close()
    })

    it('subscribes every topic again once after the sockets drop, and every stream delivers again', async () => {
      const { client, sim, adapter, simEvents, id } = rig
      const instrument: Instrument = await rig.instrument()
      const { symbol } = instrument
      const interval = caps.marketData.candleIntervals.includes('1m')
        ? '1m'
        : caps.marketData.candleIntervals[0]
      const privateStreams = caps.trading?.privateStreams
      const trading = privateStreams !== undefined && (privateStreams.orders || privateStreams.fills)
      const clientOrderId = 'conformance-reconnect-1'
      const lot = instrument.lotSize

      // the order the private streams report on: a buy resting at the best bid, filled a lot at a time
      if (trading) {
        const bid = sim.book(symbol, 1).bids[0]?.price
        if (bid === undefined) throw new Error(`${id}: the simulated book has no bid`)
        await lastValueFrom(
          client.account(id).placeOrder({
            symbol,
            side: 'buy',
            type: 'limit',
            timeInForce: 'GTC',
            price: bid,
            quantity: Decimal.max(instrument.minSize, lot.mul(1000)),
            clientOrderId,
          }),
        )
      }

      const streams: Observable<Delivery>[] = []
      const named = (stream: string) => (source: Observable<unknown>) =>
        streams.push(source.pipe(map((value) => ({ stream, value }))))
      const depth = bookDepthOf(module)
      if (caps.marketData.book) named('book')(client.orderBook$(id, symbol, { depth }))
      if (caps.marketData.trades) named('trades')(client.trades$(id, symbol))
      if (caps.marketData.ticker) named('ticker')(client.ticker$(id, symbol))
      if (interval !== undefined) named('candles')(client.candles$(id, symbol, interval))
      if (privateStreams?.orders) named('orders')(client.account(id).orderUpdates$())
      if (privateStreams?.fills) named('fills')(client.account(id).fills$())
      if (privateStreams?.balances) named('balances')(client.account(id).balanceUpdates$())
      const names = streams.length
      const watched = record(merge(...streams))
      deliveries = watched

      /** The market moves, a trade prints, and a lot of the resting order fills. */
      const act = () => {
        sim.step(3, symbol)
        sim.trade({ symbol, side: 'buy', qty: lot })
        if (trading) adapter.fillOrder(sim, symbol, clientOrderId, lot)
      }
      /**
       * Acts now and after every subscription the venue reports, until every stream delivered past
       * `mark`: the last act comes after the last subscription, so no stream waits on a race.
       */
      const everyStreamDelivers = async (mark: number, what: string) => {
        const acting = simEvents.seen.length
        const after = sim.events$.subscribe((e) => {
          if (adapter.subscribedTopics(e).length > 0) setImmediate(act)
        })
        try {
          act()
          await until(
            () => {
              const since = new Set(watched.seen.slice(mark).map((d) => d.stream))
              return since.size === names
            },
            `every stream delivering ${what} (${simEvents.seen.length - acting} venue events)`,
          )
        } finally {
          after.unsubscribe()
        }
      }
      const topicsSince = (mark: number) =>
        simEvents.seen.slice(mark).flatMap((e) => adapter.subscribedTopics(e))
      const counts = (topics: readonly string[]) => {
        const out = new Map<string, number>()
        for (const t of topics) out.set(t, (out.get(t) ?? 0) + 1)
        return [...out].sort(([a], [b]) => a.localeCompare(b))
      }

      await everyStreamDelivers(0, 'before the drop')
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
      const delivered = watched.seen.length
      sim.faults.dropSockets()
      await until(
        () => before.every((t) => topicsSince(dropped).includes(t)),
        'every topic subscribed again at the venue',
      )
      await everyStreamDelivers(delivered, 'after the drop')

      expect(counts(topicsSince(dropped)), 'topics subscribed after the drop, and how often').to.deep.equal(
        counts(before),
      )
      const reconnected = new Set(
        events.seen.flatMap((e) => (e.type === 'connected' && e.reconnect ? [e.channel] : [])),
      )
      expect([...reconnected].sort(), 'channels reconnected').to.deep.equal([...channels].sort())
      if (caps.marketData.book) {
        expect(events.count((e) => e.type === 'resync' && e.reason === 'reconnect')).to.equal(1)
        const latest = () => watched.seen.filter((d) => d.stream === 'book').at(-1)?.value as OrderBook
        await until(
          () => latest().sequence === adapter.bookUpdateId(sim, symbol, depth),
          'the book at the venue update id',
        )
        expectSameBook(latest(), sim.book(symbol, depth ?? Infinity))
      }
      expect(events.count((e) => e.type === 'decode-error')).to.equal(0)
    })
  })
}
