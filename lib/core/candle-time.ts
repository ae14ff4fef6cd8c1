/**
 * Candle interval arithmetic shared by venues, simulators and the mock: interval lengths and the
 * open/close times of candles, in UTC. Weekly candles open on Monday 00:00 and monthly ones on the 1st,
 * as the venues' do.
 */
import type { CandleInterval } from './model.js'

/**
 * Intervals of fixed length (every one but the calendar month): the keys of {@link CANDLE_INTERVAL_MS}.
 *
 * @example
 * const bars = (interval: FixedCandleInterval, ms: number) => Math.ceil(ms / CANDLE_INTERVAL_MS[interval])
 */
export type FixedCandleInterval = Exclude<CandleInterval, '1M'>

const MINUTE = 60_000
const DAY = 86_400_000
// The epoch is a Thursday, so Mondays sit 4 days off a grid of whole weeks from it.
const WEEK_OFFSET = 4 * DAY

/**
 * Length of each fixed interval in ms. The calendar month has no fixed length: use
 * {@link candleCloseTime} for it.
 *
 * @example
 * CANDLE_INTERVAL_MS['15m'] // 900_000
 */
export const CANDLE_INTERVAL_MS: Readonly<Record<FixedCandleInterval, number>> = Object.freeze({
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': 60 * MINUTE,
  '2h': 120 * MINUTE,
  '4h': 240 * MINUTE,
  '6h': 360 * MINUTE,
  '12h': 720 * MINUTE,
  '1d': DAY,
  '1w': 7 * DAY,
})

/**
 * Every candle interval, shortest first.
 *
 * @example
 * CANDLE_INTERVALS.filter((i) => venue.capabilities.history.candleIntervals.includes(i))
 */
export const CANDLE_INTERVALS: readonly CandleInterval[] = Object.freeze([
  ...(Object.keys(CANDLE_INTERVAL_MS) as FixedCandleInterval[]),
  '1M',
])

/**
 * Open time of the candle holding `ms`.
 *
 * @example
 * candleOpenAt('1m', 90_000) // 60_000
 */
export function candleOpenAt(interval: CandleInterval, ms: number): number {
  if (interval === '1M') {
    const d = new Date(ms)
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
  }
  const len = CANDLE_INTERVAL_MS[interval]
  const offset = interval === '1w' ? WEEK_OFFSET : 0
  return Math.floor((ms - offset) / len) * len + offset
}

/**
 * The open time of the first `interval` candle opening at or after `ms`.
 *
 * @example
 * candleOpenAtOrAfter('1h', Date.UTC(2024, 0, 1, 10, 30)) // Date.UTC(2024, 0, 1, 11)
 */
export function candleOpenAtOrAfter(interval: CandleInterval, ms: number): number {
  const open = candleOpenAt(interval, ms)
  return open >= ms ? open : candleCloseTime(interval, open)
}

/**
 * When the candle opening at `open` closes: the next candle's open time.
 *
 * @example
 * candleCloseTime('1M', Date.UTC(2024, 1, 1)) // Date.UTC(2024, 2, 1)
 */
export function candleCloseTime(interval: CandleInterval, open: number): number {
  if (interval !== '1M') return open + CANDLE_INTERVAL_MS[interval]
  const d = new Date(open)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
}
