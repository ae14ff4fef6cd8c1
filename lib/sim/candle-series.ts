/**
 * Candle history of a simulated market: seeded before the market opened, its own trades after.
 *
 * Before the market opens (see {@link CandleSeries.begin}) any candle can be computed on its own, at
 * any time, without generating the ones before it: the price is a sum of smooth noise at many time
 * scales (value noise), each lattice point drawn from a hash of the seed, the market's name, the scale
 * and the point. So a history of years pages as cheaply as a day, one candle's close is the next one's
 * open, and the same seed gives the same candles. Once the market has opened, that seeded path is moved
 * to meet the market's start price at the opening, and from then on candles are made of the market's
 * own trades (recorded with {@link CandleSeries.record}): every trade lies within its candle's low and
 * high, and a candle without trades is flat at the last price.
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
  /** Quote volume: the trades' price × size, and for the seeded part its volume at the mean of open and close. */
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

/**
 * One second of the market's trades.
 *
 * @internal
 */
interface Bucket {
  /** Start of the second, in seconds since the epoch. */
  readonly key: number
  high: Decimal
  low: Decimal
  /** The last trade's price. */
  close: Decimal
  volume: Decimal
  /** Sum of price × size. */
  turnover: Decimal
}

const SECOND = 1000
const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const WEEK = 7 * DAY
// The epoch is a Thursday; weekly candles open on Monday as venues' do.
const WEEK_OFFSET = 4 * DAY
const OCTAVES = 11
const SAMPLES = 8
/** Seconds of trades kept; older ones are dropped (a run of more than a month). */
const MAX_BUCKETS = 3_000_000

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
  /** When the market opened, ms; `undefined` while the series is only the seeded history. */
  private openedAt: number | undefined
  /** The noise at `openedAt`, taken off the seeded path so that it meets the start price there. */
  private shift = 0
  /** The market's trades by second, oldest first. */
  private readonly buckets: Bucket[] = []

  constructor(private readonly options: CandleSeriesOptions) {
    this.key = deriveSeed(options.seed, options.name)
    this.startTicks = Math.max(1, options.startPrice.div(options.tickSize).round().toNumber())
    this.maxLots = Math.max(1, Math.floor(options.maxLotsPerMinute ?? 1000))
  }

  /**
   * The market opened at `ms`, at the start price: the seeded history before it is moved to meet the
   * start price there, and candles from it on are made of the trades {@link record}ed. Only the first
   * call counts.
   */
  begin(ms: number): void {
    if (this.openedAt !== undefined) return
    this.openedAt = ms
    this.shift = this.noiseAt(ms)
  }

  /** A trade of the market at `ms` (the market opens with its first trade if it had not yet). */
  record(ms: number, price: Decimal, size: Decimal): void {
    this.begin(ms)
    const key = Math.floor(ms / SECOND)
    let at = this.buckets.length
    while (at > 0 && (this.buckets[at - 1] as Bucket).key > key) at--
    const found = this.buckets[at - 1]
    if (found !== undefined && found.key === key) {
      if (price.gt(found.high)) found.high = price
      if (price.lt(found.low)) found.low = price
      found.close = price
      found.volume = found.volume.plus(size)
      found.turnover = found.turnover.plus(price.mul(size))
      return
    }
    const bucket = { key, high: price, low: price, close: price, volume: size, turnover: price.mul(size) }
    // trades come in time order; a clock set back puts one among the earlier seconds
    this.buckets.splice(at, 0, bucket)
    if (this.buckets.length > MAX_BUCKETS) this.buckets.splice(0, this.buckets.length - MAX_BUCKETS)
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

  /** The price at an instant: the seeded one before the market opened, then the last trade's. */
  priceAt(ms: number): Decimal {
    if (this.openedAt === undefined || ms < this.openedAt) return this.options.tickSize.mul(this.ticksAt(ms))
    return this.tradedBefore(Math.floor(ms / SECOND) + 1)
  }

  /**
   * The candle opening at `openTime` as it stands at `now`: closed once `now` reached its close time,
   * forming (up to `now`) while inside it, `undefined` when it has not opened yet. The part before the
   * market opened is the seeded history; the rest holds every trade recorded in it.
   */
  candle(interval: SeriesInterval, openTime: number, now: number): SeriesCandle | undefined {
    if (openTime > now) return undefined
    const closeTime = this.next(interval, openTime)
    const closed = now >= closeTime
    const until = closed ? closeTime : now
    const { tickSize, lotSize } = this.options
    const opened = this.openedAt
    // the seeded part: [openTime, seededUntil]
    const seededUntil = opened === undefined ? until : Math.min(until, opened)
    const seeded = opened === undefined || openTime < opened
    let open: Decimal
    let close: Decimal | undefined
    let high: Decimal | undefined
    let low: Decimal | undefined
    let volume = new Decimal(0)
    let turnover = new Decimal(0)
    const widen = (p: Decimal) => {
      if (high === undefined || p.gt(high)) high = p
      if (low === undefined || p.lt(low)) low = p
    }
    if (seeded) {
      const first = this.ticksAt(openTime)
      const last = this.ticksAt(seededUntil)
      let hi = Math.max(first, last)
      let lo = Math.min(first, last)
      for (let i = 1; i < SAMPLES; i++) {
        const t = openTime + Math.floor(((closeTime - openTime) * i) / SAMPLES)
        if (t >= seededUntil) break
        const v = this.ticksAt(t)
        if (v > hi) hi = v
        if (v < lo) lo = v
      }
      open = tickSize.mul(first)
      close = tickSize.mul(last)
      widen(tickSize.mul(hi))
      widen(tickSize.mul(lo))
      const fullLots = this.lotsOf(openTime, closeTime - openTime)
      const lots =
        seededUntil >= closeTime
          ? fullLots
          : Math.floor((fullLots * (seededUntil - openTime)) / (closeTime - openTime))
      volume = lotSize.mul(lots)
      turnover = volume.mul(open.plus(close)).div(2)
    } else {
      open = this.tradedBefore(Math.floor(openTime / SECOND))
      widen(open)
    }
    if (opened !== undefined) {
      // the market's own part: every second of trades from the candle's open to `until`
      const from = Math.floor(openTime / SECOND)
      const to = closed ? Math.floor(closeTime / SECOND) - 1 : Math.floor(until / SECOND)
      for (let i = this.firstBucketFrom(from); i < this.buckets.length; i++) {
        const b = this.buckets[i] as Bucket
        if (b.key > to) break
        widen(b.high)
        widen(b.low)
        close = b.close
        volume = volume.plus(b.volume)
        turnover = turnover.plus(b.turnover)
      }
    }
    // no trade in it: flat where the last trade (or the opening, at the start price) left the market
    close ??= open
    widen(close)
    return {
      openTime,
      closeTime,
      open,
      high: high as Decimal,
      low: low as Decimal,
      close,
      volume,
      turnover,
      closed,
    }
  }

  /** The last trade's price before second `key`, or the start price when there is none. */
  private tradedBefore(key: number): Decimal {
    const i = this.firstBucketFrom(key) - 1
    const b = this.buckets[i]
    return b !== undefined ? b.close : this.options.tickSize.mul(this.startTicks)
  }

  /** Index of the first bucket at or after second `key`. */
  private firstBucketFrom(key: number): number {
    let lo = 0
    let hi = this.buckets.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((this.buckets[mid] as Bucket).key < key) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** The seeded price in whole ticks, never below one tick; at the opening, the start price. */
  private ticksAt(ms: number): number {
    return Math.max(1, Math.round(this.startTicks * (1 + this.noiseAt(ms) - this.shift)))
  }

  /** The sum of the noise of every scale at `ms`. */
  private noiseAt(ms: number): number {
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
    return v
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
