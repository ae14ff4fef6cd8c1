/**
 * When a live candle stream publishes: the forming candle every time the market moves, and first the
 * candle that just closed when its interval rolled over since the stream last published.
 */
import type { CandleSeries, SeriesInterval } from '../../sim/candle-series.js'

/**
 * The open time each candle stream last published, by stream name.
 *
 * @example
 * const roll = new CandleRoll()
 * for (const open of roll.due('kline.1.BTCUSDT', m.series, 60_000, now)) publish(candleMessage(open))
 */
export class CandleRoll {
  private readonly opens = new Map<string, number>()

  /** Open times to publish on `stream` now, oldest first: the candle that closed, if one did, then the forming one. */
  due(stream: string, series: CandleSeries, interval: SeriesInterval, now: number): number[] {
    const open = series.start(interval, now)
    const before = this.opens.get(stream)
    this.opens.set(stream, open)
    return before !== undefined && before < open ? [series.previous(interval, open), open] : [open]
  }

  /** The forming candle was sent to a new subscriber: the stream rolls from it on. */
  joined(stream: string, open: number): void {
    if (!this.opens.has(stream)) this.opens.set(stream, open)
  }
}
