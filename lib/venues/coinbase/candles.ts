/**
 * Coinbase candles to the model, from REST history and from the `candles` channel alike.
 */
import { candleCloseTime } from '../../core/candle-time.js'
import type { Decimal } from '../../core/decimal.js'
import type { Candle, CandleInterval, Timestamped, UnifiedSymbol } from '../../core/model.js'

/** A decoded candle row of either source: its start as a timestamp, prices and volume as Decimals. */
interface CandleRow {
  readonly start: Timestamped
  readonly open: Decimal
  readonly high: Decimal
  readonly low: Decimal
  readonly close: Decimal
  readonly volume: Decimal
}

/**
 * A candle of `symbol`, closed when its interval ended by `now` (venue time, epoch ms).
 *
 * @example
 * answer.candles.map((row) => toCandle('BTC/USD', '1h', row, ctx.clock.now()))
 */
export function toCandle(
  symbol: UnifiedSymbol,
  interval: CandleInterval,
  row: CandleRow,
  now: number,
): Candle {
  return {
    venue: 'coinbase',
    symbol,
    interval,
    ...row.start,
    open: row.open,
    high: row.high,
    low: row.low,
    close: row.close,
    volume: row.volume,
    closed: candleCloseTime(interval, row.start.timestamp.getTime()) <= now,
  }
}
