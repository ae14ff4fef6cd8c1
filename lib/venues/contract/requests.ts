/**
 * Arguments of the market-data and history calls of a venue.
 */
import type { CandleInterval } from '../../core/model.js'

/**
 * Options of {@link Venue.bookChanges$}.
 *
 * @example
 * venue.bookChanges$('BTC/USDT', { depth: 50 } satisfies BookChangesOptions)
 */
export interface BookChangesOptions {
  /** Levels per side; one of `capabilities.marketData.bookDepths` when declared. Default: full depth. */
  readonly depth?: number | undefined
}

/**
 * A time range for history queries: `from` inclusive, `to` exclusive, so consecutive ranges never
 * return a record twice.
 *
 * @example
 * const lastHour: HistoryRange = { from: new Date(Date.now() - 3_600_000), to: new Date() }
 * history.trades('binance', 'BTC/USDT', lastHour).subscribe(save)
 */
export interface HistoryRange {
  readonly from: Date
  readonly to: Date
}

/**
 * Arguments of {@link Venue.candleHistory} and `history.candles`.
 *
 * @example
 * const request: CandleHistoryRequest = { interval: '1h', from: new Date('2024-01-01'), to: new Date('2024-02-01') }
 * history.candles('bybit', 'BTC/USDT', request).pipe(toArray()).subscribe((candles) => console.log(candles.length)) // 744
 */
export interface CandleHistoryRequest extends HistoryRange {
  readonly interval: CandleInterval
}
