/**
 * Coinbase candle history over ranges with no candle at their start: the venue's request takes only
 * `start` and `end` (at most 350 candles between them), so every request the walk makes, its probes
 * too, stays within that, and the answers are Bybit's and Binance's: nothing for a future range, and
 * `invalid-request` naming the first candle for a range before it.
 */
import { expect } from 'chai'
import { lastValueFrom, take, toArray } from 'rxjs'
import { VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { Candle, CandleInterval } from '../../../lib/core/model.js'
import {
  startSimulator,
  type CoinbaseSimEvent,
  type CoinbaseSimulator,
  type Simulator,
} from '../../../lib/testing/index.js'
import { createCoinbaseVenue, type CoinbaseVenue } from '../../../lib/venues/coinbase/index.js'
import { record, type Recorder } from '../../e2e/support.js'

const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000

describe('coinbase candle history: ranges with no candle at their start', () => {
  let sim: Simulator
  let cb: CoinbaseSimulator
  let venue: CoinbaseVenue
  let simEvents: Recorder<CoinbaseSimEvent>

  beforeEach(async () => {
    // the venue's clock starts 1 s into an hour, so its first candle (30 days back, of either
    // interval) stays the same for the test's whole run; it runs, for the rate-limit windows to pass
    const at = Math.ceil(Date.now() / HOUR) * HOUR + 1000
    sim = await startSimulator({
      venues: ['coinbase'],
      seed: 42,
      tickMs: 'manual',
      coinbase: { clock: { at, running: true } },
    })
    cb = sim.venue('coinbase')
    simEvents = record(cb.events$)
    const { restUrl, wsUrl } = cb.clientOptions()
    venue = createCoinbaseVenue({
      restUrl,
      wsUrl,
      logger: silentLogger,
      backoff: { initialMs: 0, jitter: 'none' },
    })
  })

  afterEach(async () => {
    simEvents.stop()
    await venue.close()
    await sim.close()
  })

  const candleAnswers = () =>
    simEvents.seen.filter(
      (e): e is Extract<CoinbaseSimEvent, { type: 'request' }> =>
        e.type === 'request' && e.path.endsWith('/candles'),
    )

  const history = (interval: CandleInterval, from: number, to: number, first?: number) =>
    lastValueFrom(
      venue
        .candleHistory('BTC/USD', { interval, from: new Date(from), to: new Date(to) })
        .pipe(take(first ?? Number.POSITIVE_INFINITY), toArray()),
    )

  const failure = (interval: CandleInterval, from: number, to: number): Promise<VenueError> =>
    history(interval, from, to, 5).then(
      (candles: Candle[]) => expect.fail(`expected a refusal, got ${candles.length} candles`),
      (e: unknown) => {
        expect(e).to.be.instanceOf(VenueError)
        return e as VenueError
      },
    )

  /** The time the refusal names as the venue's first candle. */
  const earliestNamed = (error: VenueError): number => {
    const named = /before (\S+), its earliest|its data starts at (\S+)$/.exec(error.message)
    expect(named, error.message).to.not.equal(null)
    return Date.parse(((named as RegExpExecArray)[1] ?? (named as RegExpExecArray)[2]) as string)
  }

  const everyRequestAnswered = () => {
    const refused = candleAnswers().filter((e) => e.status !== 200)
    expect(
      refused.map((e) => `${e.status} ${e.code}`),
      'candle requests refused',
    ).to.deep.equal([])
    expect(candleAnswers().length).to.be.greaterThan(0)
  }

  it('gives no candles for a range in the future, as Bybit and Binance do', async () => {
    const now = cb.now()
    expect(await history('1m', now + MINUTE, now + 2 * MINUTE)).to.deep.equal([])
    expect(await history('1h', now + 2 * HOUR, now + 3 * HOUR)).to.deep.equal([])
    everyRequestAnswered()
  })

  for (const interval of ['1m', '1h'] as const) {
    it(`refuses ${interval} candles from 31 days back (before the venue's first) naming its first candle`, async () => {
      const now = cb.now()
      const error = await failure(interval, now - 31 * DAY, now)
      expect(error.kind).to.equal('invalid-request')
      expect(error.venue).to.equal('coinbase')
      const first = earliestNamed(error)
      // the simulator keeps 30 days of history
      expect(first).to.be.within(now - 30 * DAY - HOUR, now - 30 * DAY + HOUR)
      const [candle] = await history(interval, first, first + HOUR, 1)
      expect(candle?.timestamp.getTime()).to.equal(first)
      everyRequestAnswered()
    })
  }

  it('refuses a range in 2010, from 0, and 5 minutes ending 31 days ago, naming the first candle', async () => {
    const now = cb.now()
    const ranges = [
      [Date.UTC(2010, 0, 1), Date.UTC(2010, 0, 2)],
      [0, now],
      [now - 31 * DAY - 5 * MINUTE, now - 31 * DAY],
    ] as const
    const firsts: number[] = []
    for (const [from, to] of ranges) {
      const error = await failure('1m', from, to)
      expect([error.kind, error.message]).to.include('invalid-request')
      firsts.push(earliestNamed(error))
    }
    expect(new Set(firsts).size, 'one first candle').to.equal(1)
    expect(firsts[0]).to.be.within(now - 30 * DAY - MINUTE, now - 30 * DAY + MINUTE)
    everyRequestAnswered()
  })

  it('refuses a range whose from is after its to with invalid-request, asking nothing', async () => {
    const now = cb.now()
    const error = await failure('1m', now - HOUR, now - 2 * HOUR)
    expect([error.kind, error.message]).to.deep.equal([
      'invalid-request',
      `candle history: from (${new Date(now - HOUR).toISOString()}) is after to (${new Date(now - 2 * HOUR).toISOString()})`,
    ])
    expect(candleAnswers()).to.deep.equal([])
  })
})
