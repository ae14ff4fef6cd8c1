/**
 * Each driver's health counters against the simulator: a live book shows an open connection with
 * frames and timed REST requests, a dropped socket shows as one reconnect once it is back, and
 * `health$` follows along and ends with a `closed` sample.
 */
import { expect } from 'chai'
import { lastValueFrom, type Observable } from 'rxjs'
import type { BookChange } from '../../lib/core/model.js'
import { silentLogger } from '../../lib/core/logging.js'
import { startSimulator, type Simulator } from '../../lib/testing/index.js'
import { createBinanceVenue } from '../../lib/venues/binance/index.js'
import { createBybitVenue } from '../../lib/venues/bybit/index.js'
import type { VenueHealthSnapshot } from '../../lib/venues/contract/health.js'
import type { Venue, VenueEvent } from '../../lib/venues/contract/index.js'
import { health$, type VenueHealth } from '../../streams/health.js'
import { record, type Recorder } from './support.js'

const SYMBOL = 'BTC/USDT'
const BACKOFF = { initialMs: 5, maxMs: 40, jitter: 'none' } as const
const isReconnected = (e: VenueEvent) => e.type === 'connected' && e.channel === 'public' && e.reconnect

interface Case {
  readonly name: 'bybit' | 'binance'
  readonly start: (sim: Simulator) => Venue & { health(): VenueHealthSnapshot }
  /** The book stream the test keeps live. */
  readonly book: (venue: Venue) => Observable<BookChange>
  /** Makes the simulator send the first book frame once the client subscribed. */
  readonly firstFrame: (sim: Simulator) => Promise<void>
  readonly dropSockets: (sim: Simulator) => void
}

const cases: readonly Case[] = [
  {
    name: 'bybit',
    start: (sim) =>
      createBybitVenue({ ...sim.clientOptions().venues.bybit, logger: silentLogger, backoff: BACKOFF }),
    book: (venue) => venue.bookChanges$(SYMBOL, { depth: 50 }),
    // the venue answers a book subscription with a snapshot
    firstFrame: (sim) => sim.venue('bybit').subscribed('orderbook.50.BTCUSDT'),
    dropSockets: (sim) => sim.venue('bybit').faults.dropSockets(),
  },
  {
    name: 'binance',
    start: (sim) =>
      createBinanceVenue({ ...sim.clientOptions().venues.binance, logger: silentLogger, backoff: BACKOFF }),
    book: (venue) => venue.bookChanges$(SYMBOL),
    // the first diff event starts the book: the client then fetches the REST snapshot
    firstFrame: async (sim) => {
      const binance = sim.venue('binance')
      await binance.subscribed('btcusdt@depth@100ms')
      binance.step(1, SYMBOL)
    },
    dropSockets: (sim) => sim.venue('binance').faults.dropSockets(),
  },
]

for (const c of cases) {
  describe(`${c.name} e2e: health`, () => {
    let sim: Simulator
    let venue: Venue & { health(): VenueHealthSnapshot }
    let events: Recorder<VenueEvent>
    let samples: Recorder<VenueHealth>

    beforeEach(async () => {
      sim = await startSimulator({ venues: [c.name], seed: 11, tickMs: 'manual' })
      venue = c.start(sim)
      events = record(venue.events$)
      samples = record(health$(venue, { intervalMs: 60_000 }))
    })

    afterEach(async () => {
      samples.stop()
      events.stop()
      await venue.close()
      await sim.close()
    })

    it('reports an idle driver without connecting anything', () => {
      const now = venue.health()
      expect(now.connections.every((x) => x.state === 'idle' && x.messages === 0)).to.equal(true)
      expect(now.rest).to.deep.equal({
        requests: 0,
        failures: 0,
        lastLatencyMs: undefined,
        latencyMs: undefined,
      })
      expect(now.breaker).to.equal('closed')
      expect(now.rateLimit?.windows.length).to.be.greaterThan(0)
      expect(events.seen, 'nothing connected').to.deep.equal([])
      expect(samples.seen.map((h) => h.status)).to.deep.equal(['idle'])
    })

    it('counts frames and timed requests of a live book, and one reconnect after the sockets drop', async () => {
      const changes = record(c.book(venue))
      await c.firstFrame(sim)
      await changes.until(() => true, 'the first book change')

      const live = venue.health()
      const pub = live.connections.find((x) => x.channel === 'public')
      expect(pub, 'the public connection').to.include({ state: 'open', reconnects: 0 })
      // Bybit: every book change came in a frame of its own, after the subscription's answer. Binance:
      // the first change is the REST snapshot and its streams ride in the URL (no answer), so the
      // frames counted are at least the changes that came by socket.
      const byFrame = venue.id === 'bybit' ? changes.seen.length + 1 : changes.seen.length - 1
      expect(pub?.messages).to.be.at.least(Math.max(1, byFrame))
      expect(pub?.lastMessageAt).to.be.a('number')
      expect(live.rest.requests, 'instruments (and the Binance snapshot) went over REST').to.be.greaterThan(0)
      expect(live.rest.failures).to.equal(0)
      expect(live.rest.latencyMs).to.be.a('number')
      expect(live.rest.lastLatencyMs).to.be.a('number')

      const reconnected = events.until(isReconnected, 'the public socket back')
      c.dropSockets(sim)
      await reconnected
      const after = venue.health()
      expect(after.connections.find((x) => x.channel === 'public')).to.include({
        state: 'open',
        reconnects: 1,
      })
      expect(after.connections.find((x) => x.channel === 'public')?.messages).to.be.at.least(
        pub?.messages ?? 0,
      )
      // health$ sampled on the reconnect
      await samples.until(
        (h) => h.reconnects === 1 && h.status === 'connected',
        'a sample after the reconnect',
      )

      const last = lastValueFrom(health$(venue, { intervalMs: 60_000 }))
      changes.stop()
      await venue.close()
      const final = await last
      expect(final.status).to.equal('closed')
      expect(final.connections.find((x) => x.channel === 'public')?.state).to.equal('closed')
      expect(final.reconnects).to.equal(1)
    })
  })
}
