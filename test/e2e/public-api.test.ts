/**
 * The package as a user sees it: only `rxvenue` and `rxvenue/testing` are imported, and every
 * expectation is computed from the simulators' own books, never from the SDK.
 */
import { expect } from 'chai'
import { lastValueFrom, take, toArray } from 'rxjs'
import {
  createClient,
  silentLogger,
  Decimal,
  type BestBidAsk,
  type BookLevel,
  type Client,
  type MarketPair,
  type OrderBook,
  type VenueId,
} from 'rxvenue'
import { startSimulator, type Simulator } from 'rxvenue/testing'
import { record, type Recorder } from './support.js'

const SYMBOL = 'BTC/USDT'
const PAIRS: readonly MarketPair[] = [
  ['bybit', SYMBOL],
  ['binance', SYMBOL],
]
const VENUES = ['bybit', 'binance'] as const

type SimVenue = (typeof VENUES)[number]

const key = (levels: readonly BookLevel[], n: number) =>
  levels
    .slice(0, n)
    .map((l) => `${l.price.toString()}:${l.size.toString()}`)
    .join(' ')

const sameTop = (view: OrderBook, truth: OrderBook, n: number) =>
  key(view.bids, n) === key(truth.bids, n) && key(view.asks, n) === key(truth.asks, n)

/** Sizes summed by price across books, best first, `n` levels. */
function summed(books: readonly OrderBook[], side: 'bids' | 'asks', n: number): string {
  const total = new Map<string, Decimal>()
  for (const book of books) {
    for (const level of book[side]) {
      const price = level.price.toString()
      total.set(price, (total.get(price) ?? new Decimal(0)).plus(level.size))
    }
  }
  const sorted = [...total.entries()].sort(([a], [b]) => {
    const order = new Decimal(a).comparedTo(new Decimal(b))
    return side === 'bids' ? -order : order
  })
  return sorted
    .slice(0, n)
    .map(([price, size]) => `${price}:${size.toString()}`)
    .join(' ')
}

/** The best level of one side across the venues' truths: better price, then larger size, then list order. */
function expectedBest(
  sim: Simulator,
  side: 'bids' | 'asks',
): { venue: VenueId; price: string; size: string } {
  let best: { venue: VenueId; level: BookLevel } | undefined
  for (const venue of VENUES) {
    const level = sim.venue(venue).book(SYMBOL)[side][0]
    if (level === undefined) continue
    if (best === undefined) {
      best = { venue, level }
      continue
    }
    const order = level.price.comparedTo(best.level.price) * (side === 'bids' ? 1 : -1)
    if (order > 0 || (order === 0 && level.size.greaterThan(best.level.size))) best = { venue, level }
  }
  if (best === undefined) throw new Error(`no ${side} on any venue`)
  return { venue: best.venue, price: best.level.price.toString(), size: best.level.size.toString() }
}

const quoteSays = (
  q: BestBidAsk,
  side: 'bid' | 'ask',
  want: { venue: VenueId; price: string; size: string },
) => {
  const got = q[side]
  return got?.venue === want.venue && got.price.toString() === want.price && got.size.toString() === want.size
}

describe('public API against the simulator (e2e)', function () {
  this.timeout(60_000)
  let sim: Simulator
  let client: Client
  let books: Record<SimVenue, Recorder<OrderBook>>

  const caughtUp = async (n: number) => {
    for (const venue of VENUES) {
      await books[venue].until((view) => sameTop(view, sim.venue(venue).book(SYMBOL), n), `${venue} in step`)
    }
  }

  afterEach(async () => {
    await client.close()
    await sim.close()
  })

  describe('on a market moved by the test', () => {
    beforeEach(async () => {
      sim = await startSimulator({ venues: ['bybit', 'binance'], seed: 21, tickMs: 'manual' })
      client = createClient({ ...sim.clientOptions(), logger: silentLogger })
      books = {
        bybit: record(client.orderBook$('bybit', SYMBOL)),
        binance: record(client.orderBook$('binance', SYMBOL)),
      }
      // Binance's book starts from the first diff after its snapshot: make the market move once
      await sim.venue('binance').subscribed('btcusdt@depth@100ms')
      sim.venue('binance').step(1, SYMBOL)
      await caughtUp(10)
    })

    it('merges both books into one whose every level is the sum of the venues’ sizes', async () => {
      const merged = record(client.mergedBook$(PAIRS, { depth: 10 }))
      // both markets at the same prices, so levels really merge
      for (const venue of VENUES) {
        sim.venue(venue).push(SYMBOL, {
          snapshot: true,
          bids: [
            ['60000', venue === 'bybit' ? '1' : '2'],
            ['59999.9', '0.5'],
            ['59999.5', '0.25'],
          ],
          asks: [
            ['60000.1', '0.75'],
            [venue === 'bybit' ? '60000.2' : '60000.3', '1.5'],
          ],
        })
      }
      let twoVenueLevels = 0
      for (let round = 0; round < 8; round++) {
        if (round > 0) for (const venue of VENUES) sim.venue(venue).step(2, SYMBOL)
        await caughtUp(10)
        const truth = VENUES.map((v) => sim.venue(v).book(SYMBOL))
        const want = `${summed(truth, 'bids', 10)} | ${summed(truth, 'asks', 10)}`
        const book = await merged.until(
          (m) => m.venues.every((v) => !v.stale) && `${key(m.bids, 10)} | ${key(m.asks, 10)}` === want,
          `merged book of round ${round}`,
        )
        for (const level of [...book.bids, ...book.asks]) {
          const parts = level.venues.reduce((sum, v) => sum.plus(v.size), new Decimal(0))
          expect(parts.eq(level.size), `venue sizes of ${level.price.toString()} add up`).to.equal(true)
          if (level.venues.length === 2) twoVenueLevels += 1
        }
      }
      expect(twoVenueLevels, 'levels quoted by both venues').to.be.greaterThan(0)
    })

    it('bestBidAsk$ names the venue with the best price after each change', async () => {
      const quotes = record(client.bestBidAsk$(PAIRS))
      const steps: [SimVenue, Parameters<ReturnType<Simulator['venue']>['push']>[1]][] = [
        ['bybit', { snapshot: true, bids: [['60000', '1']], asks: [['60001.0', '1']] }],
        ['binance', { snapshot: true, bids: [['59999.8', '2']], asks: [['60001.2', '1']] }],
        ['binance', { bids: [['60000.2', '0.5']] }],
        ['bybit', { bids: [['60000.3', '0.4']] }],
        ['binance', { asks: [['60000.7', '0.2']] }],
        ['binance', { bids: [['60000.2', '0']] }],
        ['bybit', { bids: [['60000.3', '0']] }],
        ['binance', { asks: [['60000.7', '0']] }],
        ['binance', { bids: [['60000', '5']] }], // same price on both: the larger size wins
        ['bybit', { asks: [['60000.5', '3']] }],
      ]
      for (const [venue, step] of steps) {
        sim.venue(venue).push(SYMBOL, step)
        const bid = expectedBest(sim, 'bids')
        const ask = expectedBest(sim, 'asks')
        const q = await quotes.until(
          (x) => quoteSays(x, 'bid', bid) && quoteSays(x, 'ask', ask),
          `best bid ${bid.venue} ${bid.price} and best ask ${ask.venue} ${ask.price}`,
        )
        expect(q.spread?.toString()).to.equal(new Decimal(ask.price).minus(bid.price).toString())
      }
      const venuesSeen = new Set(quotes.seen.flatMap((q) => [q.bid?.venue, q.ask?.venue]))
      expect([...venuesSeen].sort()).to.deep.equal(['binance', 'bybit'])
    })
  })

  describe('on a market that moves by itself', () => {
    /** Short, so the silent test is quick; only that test's silence, which lasts until resumed, trips it. */
    const SILENT_AFTER_MS = 600

    beforeEach(async () => {
      sim = await startSimulator({ venues: ['bybit', 'binance'], seed: 5, tickMs: 25 })
      client = createClient({ ...sim.clientOptions(), logger: silentLogger })
      books = {
        bybit: record(client.orderBook$('bybit', SYMBOL)),
        binance: record(client.orderBook$('binance', SYMBOL)),
      }
    })

    const fresh = (q: BestBidAsk) => q.venues.every((v) => !v.stale)
    const staleOnly = (venue: VenueId) => (q: BestBidAsk) =>
      q.venues.every((v) => v.stale === (v.venue === venue))

    it('flags a venue whose connection drops at once, leaves it out, and takes it back once it recovers', async () => {
      // the default stale window: a disconnection is flagged at once, with no window involved
      const quotes = record(client.bestBidAsk$(PAIRS))
      await quotes.until(fresh, 'both venues fresh')
      const before = quotes.seen.length
      sim.venue('bybit').faults.dropSockets()
      const down = await quotes.until(
        (q) => quotes.seen.indexOf(q) >= before && staleOnly('bybit')(q),
        'bybit stale',
      )
      expect(down.venues.find((v) => v.venue === 'bybit')?.staleReason).to.equal('disconnected')
      const back = await quotes.until(
        (q) => quotes.seen.indexOf(q) > quotes.seen.indexOf(down) && fresh(q),
        'bybit back',
      )
      // while bybit was stale, no best price came from it
      for (const q of quotes.seen.slice(quotes.seen.indexOf(down), quotes.seen.indexOf(back))) {
        expect(q.bid?.venue).to.not.equal('bybit')
        expect(q.ask?.venue).to.not.equal('bybit')
      }
    })

    it('flags a venue that goes silent past its stale window, then takes it back when it talks again', async () => {
      const quotes = record(client.bestBidAsk$(PAIRS, { staleAfterMs: SILENT_AFTER_MS }))
      await quotes.until(fresh, 'both venues fresh')
      const before = quotes.seen.length
      // silent until the test resumes it: the flag is awaited, not raced against a clock
      const silence = sim.venue('binance').faults.silence()
      const quiet = await quotes.until(
        (q) => quotes.seen.indexOf(q) >= before && staleOnly('binance')(q),
        'binance flagged silent',
      )
      expect(sim.venue('binance').faults.silenced, 'flagged while still silent').to.equal(true)
      // flagged by its stale window, not by a lost connection
      expect(quiet.venues.find((v) => v.venue === 'binance')?.staleReason).to.equal('silent')
      expect(quiet.bid?.venue).to.equal('bybit')
      sim.venue('binance').faults.resume()
      await silence
      await quotes.until(
        (q) => quotes.seen.indexOf(q) > quotes.seen.indexOf(quiet) && fresh(q),
        'binance back',
      )
      books.binance.stop()
    })
  })
})

describe("the README's simulator snippet (e2e)", function () {
  this.timeout(30_000)

  it('takes three book views of each venue from markets that move by themselves, with no step()', async () => {
    const sim = await startSimulator({ venues: ['bybit', 'binance'], seed: 42 })
    const client = createClient({ ...sim.clientOptions(), logger: silentLogger })
    try {
      for (const venue of VENUES) {
        const views = await lastValueFrom(
          client.orderBook$(venue, SYMBOL, { depth: 5 }).pipe(take(3), toArray()),
        )
        expect(new Set(views.map((v) => v.sequence)).size, `${venue}: three different views`).to.equal(3)
        for (const v of views) expect(v.bids[0]?.price.lt(v.asks[0]?.price ?? 0), venue).to.equal(true)
      }
    } finally {
      await client.close()
      await sim.close()
    }
  })
})
