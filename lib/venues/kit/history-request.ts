/**
 * Checks every venue makes of a history request before paging: a supported interval, valid dates.
 */
import { VenueError } from '../../core/errors.js'
import type { CandleInterval, VenueId } from '../../core/model.js'
import { own } from '../../core/own.js'
import type { CandleHistoryRequest, HistoryRange } from '../contract/index.js'

/**
 * A checked range in epoch ms; `empty` when `from` is not before `to`.
 *
 * @example
 * const r = checkHistoryRange('bybit', { from, to }, 'trade history')
 * if (!(r instanceof VenueError) && r.empty) return EMPTY
 */
export interface CheckedRange {
  readonly fromMs: number
  readonly toMs: number
  readonly empty: boolean
}

/**
 * The range in ms, or an `invalid-request` error when a date is not a valid date.
 *
 * @example
 * const r = checkHistoryRange('binance', range, 'trade history')
 * if (r instanceof VenueError) return throwError(() => r)
 */
export function checkHistoryRange(
  venue: VenueId,
  range: HistoryRange,
  what: string,
): CheckedRange | VenueError {
  // a JavaScript caller may pass anything: only Dates are dates
  const from: unknown = range?.from
  const to: unknown = range?.to
  const fromMs = from instanceof Date ? from.getTime() : NaN
  const toMs = to instanceof Date ? to.getTime() : NaN
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) {
    return new VenueError({
      kind: 'invalid-request',
      venue,
      message: `${what} needs valid from and to dates`,
    })
  }
  return { fromMs, toMs, empty: fromMs >= toMs }
}

/**
 * The venue's code for the interval and the checked range, or an `invalid-request` error.
 *
 * @example
 * const r = checkCandleHistory('bybit', { '1m': '1', '1h': '60' }, request)
 */
export function checkCandleHistory(
  venue: VenueId,
  codes: Readonly<Partial<Record<CandleInterval, string>>>,
  request: CandleHistoryRequest,
): (CheckedRange & { readonly code: string }) | VenueError {
  const interval: unknown = request?.interval
  const code = own(codes, interval)
  if (code === undefined) {
    return new VenueError({
      kind: 'invalid-request',
      venue,
      message: `${venue} does not support ${String(interval)} candles`,
    })
  }
  const range = checkHistoryRange(venue, request, 'candle history')
  return range instanceof VenueError ? range : { ...range, code }
}
