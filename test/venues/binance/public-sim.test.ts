import { expect } from 'chai'
import { Subject, filter, firstValueFrom, lastValueFrom, startWith, toArray, type Subscription } from 'rxjs'
import { L2Book } from '../../../lib/book/l2-book.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { BookLevel } from '../../../lib/core/model.js'
import { startSimulator, type Simulator } from '../../../lib/testing/index.js'
import type { VenueEvent } from '../../../lib/venues/contract/index.js'
import { createBinanceVenue, type BinanceVenue } from '../../../lib/venues/binance/index.js'

const levels = (list: readonly BookLevel[]) => list.map((l) => `${l.price.toFixed()}:${l.size.toFixed()}`)

describe('binance public driver against the simulator (smoke)', () => {
  let sim: Simulator
  let venue: BinanceVenue
  const events: VenueEvent[] = []

  before(async () => {
    sim = await startSimulator({ venues: ['binance'], seed: 42, tickMs: 'manual' })
    const { restUrl, wsUrl } = sim.clientOptions().venues.binance ?? { restUrl: '', wsUrl: '' }
    venue = createBinanceVenue({
      restUrl,
      wsUrl,
      logger: silentLogger,
      backoff: { initialMs: 0, jitter: 'none' },
    })
    venue.events$.subscribe((e) => events.push(e))
  })

  after(async () => {
    await venue.close()
    await sim.close()
  })

  const event = (match: (e: VenueEvent) => boolean) =>
    firstValueFrom(venue.events$.pipe(startWith(...events), filter(match)))

  it('keeps a book equal to the venue through a stale snapshot, a skipped update id and a dropped socket', async () => {
    const binance = sim.venue('binance')
    const book = new L2Book({ venue: 'binance', symbol: 'BTC/USDT', sequence: venue.bookSequence })
    const applied = new Subject<string>()
    const subscription: Subscription = venue.bookChanges$('BTC/USDT').subscribe((change) => {
      const result = book.applyChange(change)
      expect(result.kind).to.not.equal('gap')
      applied.next(result.kind)
    })
    const caughtUp = () =>
      firstValueFrom(
        applied.pipe(
          startWith('start'),
          filter(() => book.synced && book.sequence === binance.bookUpdateId('BTC/USDT')),
        ),
      )
    const expectSame = () => {
      const truth = binance.book('BTC/USDT')
      expect(levels(book.bids(Infinity))).to.deep.equal(levels(truth.bids))
      expect(levels(book.asks(Infinity))).to.deep.equal(levels(truth.asks))
    }
    try {
      await binance.subscribed('btcusdt@depth@100ms')
      binance.faults.staleSnapshot(3)
      binance.step(10, 'BTC/USDT')
      await caughtUp()
      expectSame()

      binance.faults.skipUpdateId()
      binance.step(10, 'BTC/USDT')
      await event((e) => e.type === 'resync' && e.reason === 'gap')
      binance.step(5, 'BTC/USDT')
      await caughtUp()
      expectSame()

      binance.faults.dropSockets()
      await event((e) => e.type === 'resync' && e.reason === 'reconnect')
      binance.step(10, 'BTC/USDT')
      await caughtUp()
      expectSame()
    } finally {
      subscription.unsubscribe()
    }
  })

  it('pages hourly candle history oldest first, each hour once', async () => {
    const binance = sim.venue('binance')
    const hour = 3_600_000
    const to = Math.floor(binance.now() / hour) * hour + hour
    // within the simulator's 30 days of history: a start before its first candle is refused
    const from = to - 700 * hour
    const candles = await lastValueFrom(
      venue
        .candleHistory('BTC/USDT', { interval: '1h', from: new Date(from), to: new Date(to) })
        .pipe(toArray()),
    )
    expect(candles.length).to.be.greaterThan(0)
    const opens = candles.map((c) => c.timestamp.getTime())
    expect(opens[0]).to.equal(from)
    for (let i = 1; i < opens.length; i++) expect(opens[i]).to.equal((opens[i - 1] as number) + hour)
    expect(opens[opens.length - 1]).to.equal(to - hour)
  })
})
