/**
 * A kline row, the candle as most venues send it in arrays (`[open time, open, high, low, close,
 * volume, …]`), as the model's candle.
 */
import type { Decimal } from '../../core/decimal.js'
import type { Candle, Timestamped } from '../../core/model.js'
import type { CandleSeries } from './history-request.js'

/**
 * The leading columns of a decoded kline row; what follows them differs by venue.
 *
 * @example
 * const row: KlineRow = [openTime, open, high, low, close, volume]
 */
export type KlineRow = readonly [Timestamped, Decimal, Decimal, Decimal, Decimal, Decimal, ...unknown[]]

/**
 * The candle of `series` a kline row gives, with the quote volume and closedness the venue's own
 * columns (or clock) say.
 *
 * @example
 * klineCandle({ venue: 'binance', symbol: 'BTC/USDT', interval: '1h' }, row, row[7], row[6] < now)
 */
export function klineCandle(
  series: CandleSeries,
  row: KlineRow,
  quoteVolume: Decimal | undefined,
  closed: boolean,
): Candle {
  return {
    ...series,
    ...row[0],
    open: row[1],
    high: row[2],
    low: row[3],
    close: row[4],
    volume: row[5],
    quoteVolume,
    closed,
  }
}
