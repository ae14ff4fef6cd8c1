/**
 * Arguments of the market-data and history calls of a venue.
 */
import type { CandleInterval } from '../../core/model.js'
import type { TimeInput } from '../../core/time-input.js'

/**
 * Options of {@link Venue.bookChanges$}.
 *
 * @example
 * venue.bookChanges$('BTC/USDT', { depth: 50 } satisfies BookChangesOptions)
 */
export interface BookChangesOptions {
  /**
   * Levels per side: a whole number, at most the deepest of `capabilities.marketData.bookDepths` when
   * declared (served from the next deeper one, so more levels may arrive). Default: full depth.
   */
  readonly depth?: number | undefined
}

/**
 * A time range for history queries: `from` inclusive, `to` exclusive, so consecutive ranges never
 * return a record twice. Each end is a `Date`, epoch milliseconds or an ISO 8601 string.
 *
 * @example
 * const lastHour: HistoryRange = { from: new Date(Date.now() - 3_600_000), to: new Date() }
 * history.trades('binance', 'BTC/USDT', lastHour).subscribe(save)
 */
export interface HistoryRange {
  readonly from: TimeInput
  readonly to: TimeInput
  /**
   * Called after each page and once at the end with what is done so far (see `HistoryProgress`); the
   * client's `history.*` reports it, a driver's own history methods leave it alone.
   */
  readonly onProgress?: ((progress: HistoryProgress) => void) | undefined
}

/**
 * How far a history request has come, as `onProgress` reports it after each page and at the end.
 *
 * @example
 * const onProgress = (p: HistoryProgress) => process.stderr.write(`\r${(p.fraction * 100).toFixed(0)}% ${p.rows} rows`)
 * history.candles('bybit', 'BTC/USDT', { interval: '1m', from: '2024-01-01', to: '2024-02-01', onProgress })
 */
export interface HistoryProgress {
  /** Pages received so far. */
  readonly pages: number
  /** Records delivered so far. */
  readonly rows: number
  /** The range asked, `from` inclusive, `to` exclusive. */
  readonly from: Date
  readonly to: Date
  /** The times of the first and the latest record delivered; unset before the first. */
  readonly covered?: { readonly from: Date; readonly to: Date } | undefined
  /** The share of the range asked that is behind, 0 to 1: up to the latest record, and 1 once done. */
  readonly fraction: number
  /** True on the last report, made once the history has completed. */
  readonly done: boolean
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
