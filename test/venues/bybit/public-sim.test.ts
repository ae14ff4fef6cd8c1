import { expect } from 'chai'
import { Subject, filter, firstValueFrom, lastValueFrom, startWith, toArray, type Subscription } from 'rxjs'
import { L2Book } from '../../../lib/book/l2-book.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { BookLevel } from '../../../lib/core/model.js'
import { startSimulator, type Simulator } from '../../../lib/testing/index.js'
import type { VenueEvent } from '../../../lib/venues/contract/index.js'
import { createBybitVenue, type BybitVenue } from '../../../lib/venues/bybit/index.js'

const levels = (list: readonly BookLevel[]) => list.map((l) => `${l.price.toFixed()}:${l.size.toFixed()}`)

describe('bybit public driver against the simulator (smoke)', () => {
  let sim: Simulator
  let venue: BybitVenue
  const events: VenueEvent[] = []

  before(async () => {
    sim = await startSimulator({ venues: ['bybit'], seed: 42, tickMs: 'manual' })
    const { restUrl, wsUrl } = sim.clientOptions().venues.bybit ?? { restUrl: '', wsUrl: '' }
    venue = createBybitVenue({
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

  it('keeps a book equal to the venue through steps, a skipped update id and a dropped socket', async () => {
    const bybit = sim.venue('bybit')
    const book = new L2Book({ venue: 'bybit', symbol: 'BTC/USDT', depth: 50, sequence: venue.bookSequence })
    const applied = new Subject<string>()
    const subscription: Subscription = venue.bookChanges$('BTC/USDT', { depth: 50 }).subscribe((change) => {
      const result = book.applyChange(change)
      applied.next(result.kind)
    })
    const caughtUp = () =>
      firstValueFrom(
        applied.pipe(
          startWith('start'),
          filter(() => book.synced && book.sequence === bybit.bookUpdateId('BTC/USDT', 50)),
        ),
      )
    const expectSame = () => {
      const truth = bybit.book('BTC/USDT', 50)
      expect(levels(book.bids(50))).to.deep.equal(levels(truth.bids))
      expect(levels(book.asks(50))).to.deep.equal(levels(truth.asks))
    }
    try {
      await bybit.subscribed('orderbook.50.BTCUSDT')
      await firstValueFrom(applied)
      bybit.step(40, 'BTC/USDT')
      await caughtUp()
      expectSame()

      bybit.faults.skipUpdateId()
      bybit.step(10, 'BTC/USDT')
      await firstValueFrom(
        venue.events$.pipe(
          startWith(...events),
          filter((e) => e.type === 'resync' && e.reason === 'gap'),
        ),
      )
      await caughtUp()
      expectSame()

      bybit.faults.dropSockets()
      await firstValueFrom(
        venue.events$.pipe(
          startWith(...events),
          filter((e) => e.type === 'resync' && e.reason === 'reconnect'),
        ),
      )
      bybit.step(10, 'BTC/USDT')
      await caughtUp()
      expectSame()
    } finally {
      subscription.unsubscribe()
    }
  })

  it('pages hourly candle history oldest first, each hour once, matching the venue', async () => {
    const bybit = sim.venue('bybit')
    const hour = 3_600_000
    const now = bybit.now()
    const to = Math.floor(now / hour) * hour + hour
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
    expect(candles.filter((c) => !c.closed).map((c) => c.timestamp.getTime())).to.deep.equal([to - hour])
    // closed candles only: the forming one keeps changing with the venue's clock
    for (const c of [candles[0], candles[Math.floor(candles.length / 2)], candles[candles.length - 2]]) {
      const truth = bybit.candle('BTC/USDT', '60', c?.timestamp.getTime() ?? 0)
      expect(truth).to.not.equal(undefined)
      const fields = (x: typeof truth | typeof c) =>
        x === undefined ? [] : [x.open, x.high, x.low, x.close, x.volume].map((d) => d.toFixed())
      expect(fields(c)).to.deep.equal(fields(truth))
      expect(c?.quoteVolume?.toFixed()).to.equal(truth?.turnover.toFixed())
    }
  })
})
