/**
 * Which candles of the seeded history a REST candle query gets: those whose open time is in the asked
 * range and within the history kept, at most `limit` of them, taken from the start of the range or
 * from its end.
 */
import { Decimal } from '../../core/decimal.js'
import type { CandleSeries, SeriesCandle, SeriesInterval } from '../../sim/candle-series.js'
import type { SimMarket } from './options.js'

/**
 * A candle query.
 *
 * @example
 * const q: CandleQuery = { from: start, to: end, limit: 200, take: 'last', now: clock.now(), historyMs }
 */
export interface CandleQuery {
  /** Earliest open time, ms; default the oldest kept. */
  readonly from?: number | undefined
  /** Latest open time, ms; default (and at most) now. */
  readonly to?: number | undefined
  readonly limit: number
  /** `first`: the oldest `limit` of the range; `last`: the newest. */
  readonly take: 'first' | 'last'
  readonly now: number
  /** How far back the history goes from now. */
  readonly historyMs: number
}

/**
 * A candle query's range and count, the rest being the simulator's now and its history.
 *
 * @example
 * ctx.candles(market, 60_000, { from: start, limit: 500, take: 'first' })
 */
export type CandleRange = Omit<CandleQuery, 'now' | 'historyMs'>

/**
 * The candles of a query, oldest first.
 *
 * @example
 * candlesIn(m.series, 60_000, { to: end, limit: 200, take: 'last', now, historyMs }).reverse() // newest first
 */
export function candlesIn(series: CandleSeries, interval: SeriesInterval, q: CandleQuery): SeriesCandle[] {
  const lo = Math.max(q.from ?? -Infinity, series.start(interval, q.now - q.historyMs))
  const hi = series.start(interval, Math.min(q.to ?? q.now, q.now))
  const out: SeriesCandle[] = []
  const add = (open: number) => {
    const c = series.candle(interval, open, q.now)
    if (c !== undefined) out.push(c)
  }
  if (q.take === 'first') {
    let open = series.start(interval, lo)
    if (open < lo) open = series.next(interval, open)
    for (; open <= hi && out.length < q.limit; open = series.next(interval, open)) add(open)
    return out
  }
  for (let open = hi; open >= lo && out.length < q.limit; open = series.previous(interval, open)) add(open)
  return out.reverse()
}

/**
 * The candle of a market opening at `open`, as it stands `now`; where the history has none, a flat
 * candle at the market's start price with no volume (what a live candle stream shows then).
 *
 * @example
 * const c = candleOrFlat(m, 60_000, open, now)
 * c.volume.isZero() // true for a flat candle
 */
export function candleOrFlat(
  market: SimMarket,
  interval: SeriesInterval,
  open: number,
  now: number,
): SeriesCandle {
  const c = market.series.candle(interval, open, now)
  if (c !== undefined) return c
  const price = market.config.startPrice
  const zero = new Decimal(0)
  return {
    openTime: open,
    closeTime: market.series.next(interval, open),
    open: price,
    high: price,
    low: price,
    close: price,
    volume: zero,
    turnover: zero,
    closed: false,
  }
}
