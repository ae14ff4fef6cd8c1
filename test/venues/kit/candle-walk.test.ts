import { expect } from 'chai'
import { lastValueFrom, of, take, throwError, toArray, type Observable } from 'rxjs'
import { CANDLE_INTERVAL_MS, candleOpenAt, type FixedCandleInterval } from '../../../lib/core/candle-time.js'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import type { Candle, CandleInterval, Instrument } from '../../../lib/core/model.js'
import { SymbolMap } from '../../../lib/core/symbols.js'
import {
  walkCandleHistory,
  type CandleAsk,
  type CandleHistorySource,
  type CandlePage,
} from '../../../lib/venues/kit/candle-walk.js'

const MINUTE = 60_000
const HOUR = 3_600_000
const FIRST = Date.UTC(2024, 2, 10, 13, 37) // the venue's first 1m candle
const NOW = Date.UTC(2024, 3, 1, 12)
const LIMIT = 350

const btc: Instrument = {
  venue: 'coinbase',
  symbol: 'BTC/USD',
  venueSymbol: 'BTC-USD',
  base: 'BTC',
  quote: 'USD',
  tickSize: new Decimal('0.01'),
  lotSize: new Decimal('0.00000001'),
  minSize: new Decimal('0.00000001'),
  status: 'trading',
}
const host = {
  closed: false,
  closedError: () => new VenueError({ kind: 'invalid-request', venue: 'coinbase', message: 'closed' }),
  symbols: () => of(new SymbolMap('coinbase', [btc])),
}

const candle = (interval: CandleInterval, open: number): Candle => ({
  venue: 'coinbase',
  symbol: 'BTC/USD',
  interval,
  timestamp: new Date(open),
  rawTimestamp: String(open),
  open: new Decimal(1),
  high: new Decimal(1),
  low: new Decimal(1),
  close: new Decimal(1),
  volume: new Decimal(1),
  closed: true,
})

/**
 * A venue with candles from FIRST (each interval's from the one holding FIRST) to NOW. Window-only, it
 * refuses a window of `LIMIT` candles or more, as Coinbase does; else it answers the newest `limit`.
 */
function venue(windowOnly: boolean) {
  const asked: CandleAsk[] = []
  const source: CandleHistorySource = {
    venue: 'coinbase',
    intervals: { '1m': 'ONE_MINUTE', '1h': 'ONE_HOUR', '1d': 'ONE_DAY' },
    pageLimit: LIMIT,
    windowOnly,
    fetch: (ask): Observable<CandlePage> => {
      asked.push(ask)
      const len = CANDLE_INTERVAL_MS[ask.interval as FixedCandleInterval]
      if (windowOnly && (ask.end - ask.start) / len >= LIMIT) {
        return throwError(
          () => new VenueError({ kind: 'invalid-request', venue: 'coinbase', message: 'too many' }),
        )
      }
      const opens: number[] = []
      const lo = Math.max(candleOpenAt(ask.interval, ask.start), candleOpenAt(ask.interval, FIRST))
      for (let t = lo; t <= Math.min(ask.end, NOW); t += len) if (t >= ask.start) opens.push(t)
      const kept = windowOnly ? opens : opens.slice(-ask.limit)
      return of({ now: NOW, candles: kept.reverse().map((t) => candle(ask.interval, t)) })
    },
  }
  const walk = (interval: CandleInterval, from: number, to: number) =>
    lastValueFrom(
      walkCandleHistory(host, source, 'BTC/USD', { interval, from, to }).pipe(take(20), toArray()),
    )
  const refusal = (interval: CandleInterval, from: number, to: number) =>
    walk(interval, from, to).then(
      (candles) => expect.fail(`expected a refusal, got ${candles.length} candles`),
      (e: unknown) => {
        expect(e).to.be.instanceOf(VenueError).with.property('kind', 'invalid-request')
        return (e as VenueError).message
      },
    )
  return { asked, walk, refusal }
}

describe('candle walk: ranges with no candle at their start', () => {
  for (const windowOnly of [true, false]) {
    const mode = windowOnly ? 'a window-only venue' : 'a venue taking a limit'

    it(`${mode}: a range wholly before the first candle names it`, async () => {
      const v = venue(windowOnly)
      const from = Date.UTC(2010, 0, 1)
      const to = Date.UTC(2010, 0, 2)
      expect(await v.refusal('1m', from, to)).to.equal(
        `coinbase has no BTC/USD 1m candles before ${new Date(to).toISOString()}, the end of the range asked: its data starts at ${new Date(FIRST).toISOString()}`,
      )
      expect(await v.refusal('1m', 0, NOW)).to.equal(
        `coinbase has no BTC/USD 1m candles before ${new Date(FIRST).toISOString()}, its earliest; the range asked starts at ${new Date(0).toISOString()}`,
      )
      expect(v.asked.length, 'requests').to.be.below(80)
    })

    it(`${mode}: a range starting before the first candle names it; one in the future is empty`, async () => {
      const v = venue(windowOnly)
      expect(await v.refusal('1m', FIRST - 3 * HOUR, FIRST + HOUR)).to.equal(
        `coinbase has no BTC/USD 1m candles before ${new Date(FIRST).toISOString()}, its earliest; the range asked starts at ${new Date(FIRST - 3 * HOUR).toISOString()}`,
      )
      expect(await v.walk('1m', NOW + HOUR, NOW + 2 * HOUR)).to.deep.equal([])
      const from = candleOpenAt('1h', FIRST) + 2 * HOUR
      const got = await v.walk('1h', from, from + 5 * HOUR)
      expect(got.map((c) => c.timestamp.getTime() - from)).to.deep.equal([0, 1, 2, 3, 4].map((h) => h * HOUR))
      expect((await v.walk('1m', FIRST, FIRST + 3 * MINUTE)).length).to.equal(3)
    })
  }

  it('a window-only venue is never asked for more candles than a page holds', async () => {
    const v = venue(true)
    await v.refusal('1m', Date.UTC(2010, 0, 1), Date.UTC(2010, 0, 2))
    await v.refusal('1h', FIRST - 40 * 24 * HOUR, NOW)
    await v.walk('1m', NOW + MINUTE, NOW + HOUR)
    for (const ask of v.asked) {
      const len = CANDLE_INTERVAL_MS[ask.interval as FixedCandleInterval]
      expect((ask.end - ask.start) / len, `${ask.interval} ${ask.start}..${ask.end}`).to.be.below(LIMIT)
    }
  })
})
