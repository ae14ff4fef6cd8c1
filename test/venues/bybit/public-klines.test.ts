import { expect } from 'chai'
import { lastValueFrom, take, toArray } from 'rxjs'
import { silentLogger } from '../../../lib/core/logging.js'
import type { Candle } from '../../../lib/core/model.js'
import type { VenueError } from '../../../lib/core/errors.js'
import { candleCloseTime, candleOpenAtOrAfter } from '../../../lib/core/candle-time.js'
import { createBybitVenue, type BybitVenue } from '../../../lib/venues/bybit/index.js'
import { envelope, FakeRest, instrumentsAnswer, type FakeAnswer } from './public-fakes.js'

const MINUTE = 60_000
const LISTED = Date.UTC(2024, 0, 1)
/** 3 500 closed one-minute candles, then the one forming (30 s in). */
const NOW = LISTED + 3500 * MINUTE + 30_000

/** How the fake venue serves its series. */
interface Series {
  /** Most rows one answer holds, below the asked limit (a venue capping pages). */
  readonly cap?: number
  /** Also returns the candle before `start` (a sloppy boundary). */
  readonly overlap?: boolean
}

/** The generator's own values for the candle opening at `open`: every field differs from its neighbours'. */
function row(open: number): string[] {
  const i = (open - LISTED) / MINUTE
  const price = (n: number) => `${100 + Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`
  return [String(open), price(i), price(i + 7), price(i), price(i + 3), `${i}.5`, `${i * 10}.25`]
}

/**
 * `GET /v5/market/kline` over a one-minute series listed at LISTED: rows whose open is in
 * [start, end] (inclusive, as Bybit reads them), the newest `limit` of them, newest first.
 */
function klines(series: Series = {}): (q: URLSearchParams) => FakeAnswer {
  return (q) => {
    const start = Number(q.get('start'))
    const end = Number(q.get('end'))
    const limit = Number(q.get('limit'))
    if (q.get('interval') !== '1' || q.get('category') !== 'spot' || !(limit >= 1 && limit <= 1000)) {
      return { body: { retCode: 10001, retMsg: 'params error', result: {}, retExtInfo: {}, time: NOW } }
    }
    const from = Math.max(start - (series.overlap ? MINUTE : 0), LISTED)
    const first = LISTED + Math.ceil((from - LISTED) / MINUTE) * MINUTE
    const last = Math.min(end, NOW)
    const rows: string[][] = []
    for (let open = LISTED + Math.floor((last - LISTED) / MINUTE) * MINUTE; open >= first; open -= MINUTE) {
      if (rows.length >= Math.min(limit, series.cap ?? Infinity)) break
      rows.push(row(open))
    }
    return { body: envelope({ symbol: 'BTCUSDT', category: 'spot', list: rows }, NOW) }
  }
}

describe('bybit candle history', () => {
  let rest: FakeRest
  let venue: BybitVenue
  let series: Series

  beforeEach(async () => {
    series = {}
    rest = await FakeRest.start({
      '/v5/market/instruments-info': () => ({ body: instrumentsAnswer() }),
      '/v5/market/kline': (q) => klines(series)(q),
    })
    venue = createBybitVenue({ restUrl: rest.url, logger: silentLogger })
  })

  afterEach(async () => {
    await venue.close()
    await rest.close()
  })

  const history = (from: number, to: number) =>
    venue.candleHistory('BTC/USDT', { interval: '1m', from: new Date(from), to: new Date(to) })

  const klineRequests = () =>
    rest.to('/v5/market/kline').map((r) => ({
      start: Number(r.query.get('start')),
      end: Number(r.query.get('end')),
      limit: Number(r.query.get('limit')),
    }))

  /** Every candle in [from, to) once, oldest first, with the generator's values. */
  function expectSeries(candles: readonly Candle[], from: number, to: number): void {
    const first = LISTED + Math.ceil((Math.max(from, LISTED) - LISTED) / MINUTE) * MINUTE
    const opens = candles.map((c) => c.timestamp.getTime())
    const expected: number[] = []
    for (let open = first; open < to && open <= NOW; open += MINUTE) expected.push(open)
    expect(opens.length).to.equal(expected.length)
    expect(opens).to.deep.equal(expected)
    for (const c of candles) {
      const r = row(c.timestamp.getTime())
      expect(
        [c.open, c.high, c.low, c.close, c.volume, c.quoteVolume].map((d) => d?.toFixed()),
      ).to.deep.equal(r.slice(1).map((s) => s.replace(/\.?0+$/, '').replace(/\.$/, '') || '0'))
      expect(c.closed).to.equal(candleCloseTime('1m', c.timestamp.getTime()) <= NOW)
    }
  }

  it('walks forward across four pages, oldest first, with no gap or repeat; the forming candle is open', async () => {
    const candles = await lastValueFrom(history(LISTED, NOW + MINUTE).pipe(toArray()))
    expectSeries(candles, LISTED, NOW + MINUTE)
    expect(candles).to.have.length(3501)
    expect(candles.filter((c) => !c.closed).map((c) => c.timestamp.getTime())).to.deep.equal([
      LISTED + 3500 * MINUTE,
    ])
    expect(candles[0]?.symbol).to.equal('BTC/USDT')
    const span = 1000 * MINUTE
    expect(klineRequests()).to.deep.equal(
      [0, 1, 2, 3].map((k) => ({
        start: LISTED + k * span,
        end: Math.min(LISTED + (k + 1) * span - 1, NOW + MINUTE - 1),
        limit: 1000,
      })),
    )
  })

  it('requests the next page only when the consumer takes past the previous one', async () => {
    expect(await lastValueFrom(history(LISTED, NOW).pipe(take(1000), toArray()))).to.have.length(1000)
    expect(klineRequests()).to.have.length(1)
    const more = await lastValueFrom(history(LISTED, NOW).pipe(take(1500), toArray()))
    expectSeries(more, LISTED, LISTED + 1500 * MINUTE)
    expect(klineRequests()).to.have.length(3)
  })

  it('keeps to [from, to): a candle opening before from or at to is left out', async () => {
    const from = LISTED + 90_000
    const to = LISTED + 2100 * MINUTE
    const candles = await lastValueFrom(history(from, to).pipe(toArray()))
    expectSeries(candles, from, to)
    expect(candles[0]?.timestamp.getTime()).to.equal(LISTED + 2 * MINUTE)
    expect(candles[candles.length - 1]?.timestamp.getTime()).to.equal(to - MINUTE)
  })

  it('finds the listing years after the start asked by bisection, in a few dozen requests, and names it', async () => {
    const from = LISTED - 5 * 365 * 24 * 60 * MINUTE
    const error = await lastValueFrom(history(from, NOW + MINUTE).pipe(toArray())).catch((e: VenueError) => e)
    expect((error as VenueError).kind).to.equal('invalid-request')
    expect((error as VenueError).message).to.equal(
      `bybit has no BTC/USDT 1m candles before 2024-01-01T00:00:00.000Z, its earliest; the range asked starts at ${new Date(from).toISOString()}`,
    )
    expect(klineRequests().length).to.be.lessThan(40)
  })

  it('fills in what a venue capping its pages below the limit left out', async () => {
    series = { cap: 200 }
    const candles = await lastValueFrom(history(LISTED, NOW + MINUTE).pipe(toArray()))
    expectSeries(candles, LISTED, NOW + MINUTE)
    expect(klineRequests().every((r) => r.limit === 1000 || r.limit === 1)).to.equal(true)
  })

  it('drops a candle a venue repeats across a page boundary', async () => {
    series = { overlap: true }
    expectSeries(await lastValueFrom(history(LISTED, NOW + MINUTE).pipe(toArray())), LISTED, NOW + MINUTE)
  })

  it('stops at the venue clock when `to` lies in the future', async () => {
    const candles = await lastValueFrom(
      history(NOW - 10 * MINUTE, NOW + 30 * 24 * 60 * MINUTE).pipe(toArray()),
    )
    // 30 s into a minute: the ten candles opening from the next minute on, the last still forming
    expect(candles).to.have.length(10)
    expect(candles.map((c) => c.closed).filter((closed) => !closed)).to.have.length(1)
    expect(klineRequests()).to.have.length(1)
  })

  it('asks nothing for an empty range and refuses invalid dates', async () => {
    expect(await lastValueFrom(history(NOW, NOW).pipe(toArray()))).to.deep.equal([])
    expect(klineRequests()).to.have.length(0)
    try {
      await lastValueFrom(history(NaN, NOW))
      expect.fail('expected an error')
    } catch (e) {
      expect((e as { kind?: string }).kind).to.equal('invalid-request')
    }
  })
})

describe('bybit candle grid', () => {
  it('opens weeks on Monday and months on the 1st, in UTC', () => {
    // 2024-01-03 is a Wednesday; the next Monday is the 8th
    expect(new Date(candleOpenAtOrAfter('1w', Date.UTC(2024, 0, 3, 12))).toISOString()).to.equal(
      '2024-01-08T00:00:00.000Z',
    )
    expect(candleOpenAtOrAfter('1w', Date.UTC(2024, 0, 8))).to.equal(Date.UTC(2024, 0, 8))
    expect(candleOpenAtOrAfter('1M', Date.UTC(2024, 0, 31, 23))).to.equal(Date.UTC(2024, 1, 1))
    expect(candleOpenAtOrAfter('1M', Date.UTC(2024, 1, 1))).to.equal(Date.UTC(2024, 1, 1))
    expect(candleCloseTime('1M', Date.UTC(2024, 1, 1))).to.equal(Date.UTC(2024, 2, 1))
    expect(candleCloseTime('1M', Date.UTC(2024, 11, 1))).to.equal(Date.UTC(2025, 0, 1))
    expect(candleOpenAtOrAfter('4h', Date.UTC(2024, 0, 1, 5))).to.equal(Date.UTC(2024, 0, 1, 8))
    expect(candleOpenAtOrAfter('1d', Date.UTC(2024, 0, 1))).to.equal(Date.UTC(2024, 0, 1))
  })
})
