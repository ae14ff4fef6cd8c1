/**
 * Seeded, deterministic candle history for a simulated market.
 *
 * Any candle can be computed on its own, at any time, without generating the ones before it: the
 * price is a sum of smooth noise at many time scales (value noise), each lattice point drawn from a
 * hash of the seed, the market's name, the scale and the point. So a history of years pages as cheaply
 * as a day, one candle's close is the next one's open, and the same seed gives the same candles.
 *
 * Candle history is synthetic and independent of the simulated order book.
 */
import { Decimal } from '../core/decimal.js'
import { deriveSeed } from './prng.js'

/**
 * A candle length: a fixed number of ms, or a calendar month (UTC).
 *
 * @example
 * const hour: SeriesInterval = 3_600_000
 * series.candle(hour, series.start(hour, now), now)
 */
export type SeriesInterval = number | 'month'

/**
 * One candle of a simulator's seeded history, to compare with what the client pages out of it.
 * Prices are whole ticks, volumes whole lots.
 *
 * @example
 * const expected: SeriesCandle | undefined = sim.venue('bybit').candle('BTC/USDT', '60', openTime) // Bybit's name for 1h
 * expect(candle.close.toString()).to.equal(expected?.close.toString())
 */
export interface SeriesCandle {
  /** Open time, ms. */
  readonly openTime: number
  /** The next candle's open time, ms (the last ms of this candle is `closeTime - 1`). */
  readonly closeTime: number
  readonly open: Decimal
  readonly high: Decimal
  readonly low: Decimal
  readonly close: Decimal
  /** Base volume. */
  readonly volume: Decimal
  /** Quote volume: volume at the mean of open and close. */
  readonly turnover: Decimal
  /** False while `now` is inside the candle. */
  readonly closed: boolean
}

/**
 * What a series is built from.
 *
 * @example
 * new CandleSeries({ seed: 1, name: 'BTC/USDT', tickSize: new Decimal('0.1'), lotSize: new Decimal('0.000001'), startPrice: new Decimal('65000') })
 */
export interface CandleSeriesOptions {
  readonly seed: number
  /** Names the market, so two markets of one seed differ. */
  readonly name: string
  readonly tickSize: Decimal
  readonly lotSize: Decimal
  /** The level the price wanders around. */
  readonly startPrice: Decimal
  /** Largest volume of a one-minute candle, in lots. Default 1 000. */
  readonly maxLotsPerMinute?: number | undefined
}

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const WEEK = 7 * DAY
// The epoch is a Thursday; weekly candles open on Monday as venues' do.
const WEEK_OFFSET = 4 * DAY
const OCTAVES = 11
const SAMPLES = 8

/**
 * A deterministic OHLCV history.
 *
 * @example
 * const series = new CandleSeries({ seed: 42, name: 'BTC/USDT', tickSize, lotSize, startPrice })
 * const open = series.start(60_000, Date.now() - 3_600_000)
 * series.candle(60_000, open, Date.now())  // the same candle every time for this seed
 */
export class CandleSeries {
  private readonly key: number
  private readonly startTicks: number
  private readonly maxLots: number

  constructor(private readonly options: CandleSeriesOptions) {
    this.key = deriveSeed(options.seed, options.name)
    this.startTicks = Math.max(1, options.startPrice.div(options.tickSize).round().toNumber())
    this.maxLots = Math.max(1, Math.floor(options.maxLotsPerMinute ?? 1000))
  }

  /** Open time of the candle holding `ms`. */
  start(interval: SeriesInterval, ms: number): number {
    if (interval === 'month') {
      const d = new Date(ms)
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
    }
    const offset = interval === WEEK ? WEEK_OFFSET : 0
    return Math.floor((ms - offset) / interval) * interval + offset
  }

  /** Open time of the candle after the one opening at `openTime`. */
  next(interval: SeriesInterval, openTime: number): number {
    if (interval !== 'month') return openTime + interval
    const d = new Date(openTime)
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
  }

  /** Open time of the candle before the one opening at `openTime`. */
  previous(interval: SeriesInterval, openTime: number): number {
    if (interval !== 'month') return openTime - interval
    const d = new Date(openTime)
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)
  }

  /** The price at an instant. */
  priceAt(ms: number): Decimal {
    return this.options.tickSize.mul(this.ticksAt(ms))
  }

  /**
   * The candle opening at `openTime` as it stands at `now`: closed once `now` reached its close time,
   * forming (up to `now`) while inside it, `undefined` when it has not opened yet.
   */
  candle(interval: SeriesInterval, openTime: number, now: number): SeriesCandle | undefined {
    if (openTime > now) return undefined
    const closeTime = this.next(interval, openTime)
    const closed = now >= closeTime
    const until = closed ? closeTime : now
    const first = this.ticksAt(openTime)
    const last = this.ticksAt(until)
    let high = Math.max(first, last)
    let low = Math.min(first, last)
    for (let i = 1; i < SAMPLES; i++) {
      const t = openTime + Math.floor(((closeTime - openTime) * i) / SAMPLES)
      if (t >= until) break
      const v = this.ticksAt(t)
      if (v > high) high = v
      if (v < low) low = v
    }
    const { tickSize, lotSize } = this.options
    const fullLots = this.lotsOf(openTime, closeTime - openTime)
    const lots = closed ? fullLots : Math.floor((fullLots * (until - openTime)) / (closeTime - openTime))
    const open = tickSize.mul(first)
    const close = tickSize.mul(last)
    const volume = lotSize.mul(lots)
    return {
      openTime,
      closeTime,
      open,
      high: tickSize.mul(high),
      low: tickSize.mul(low),
      close,
      volume,
      turnover: volume.mul(open.plus(close)).div(2),
      closed,
    }
  }

  /** Price in whole ticks, never below one tick. */
  private ticksAt(ms: number): number {
    let v = 0
    let period = MINUTE
    let amplitude = 0.0015
    for (let k = 0; k < OCTAVES; k++) {
      const x = ms / period
      const i = Math.floor(x)
      const f = x - i
      const a = this.noise(k, i)
      const b = this.noise(k, i + 1)
      const s = f * f * (3 - 2 * f)
      v += amplitude * (a + (b - a) * s)
      period *= 4
      amplitude *= 1.5
    }
    return Math.max(1, Math.round(this.startTicks * (1 + v)))
  }

  /** Volume in lots: grows with the candle's length, drawn from a hash of its open time. */
  private lotsOf(openTime: number, length: number): number {
    const minutes = Math.max(1, Math.round(length / MINUTE))
    const u = (this.noise(OCTAVES, Math.floor(openTime / MINUTE)) + 1) / 2
    return 1 + Math.floor(u * this.maxLots * Math.sqrt(minutes))
  }

  /** A value in [-1, 1] for lattice point `i` of scale `k`. */
  private noise(k: number, i: number): number {
    let h = (this.key ^ Math.imul(k + 1, 0x9e3779b1)) >>> 0
    h = mix(h ^ (i >>> 0))
    h = mix(h ^ Math.floor(i / 4294967296))
    return (h / 4294967295) * 2 - 1
  }
}

function mix(x: number): number {
  let h = x >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x7feb352d) >>> 0
  h ^= h >>> 15
  h = Math.imul(h, 0x846ca68b) >>> 0
  h ^= h >>> 16
  return h >>> 0
}
