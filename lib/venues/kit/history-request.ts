/**
 * Checks every venue makes of a history request: a supported interval and valid times before paging,
 * and a start that is not before the venue's earliest data.
 */
import {
  concat,
  concatMap,
  defer,
  EMPTY,
  of,
  throwError,
  type MonoTypeOperatorFunction,
  type Observable,
} from 'rxjs'
import { VenueError } from '../../core/errors.js'
import type { Candle, CandleInterval, UnifiedSymbol, VenueId } from '../../core/model.js'
import { CANDLE_INTERVALS } from '../../core/candle-time.js'
import { own } from '../../core/own.js'
import { toEpochMs } from '../../core/time-input.js'
import type { CandleHistoryRequest, HistoryRange } from '../contract/index.js'
import { shownInterval } from './market-requests.js'

/**
 * A checked range in epoch ms; `empty` when `from` equals `to` (a `from` after `to` is refused).
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
 * The range in ms, or an `invalid-request` error naming a time that is not one (see `TimeInput`) or a
 * `from` after `to`.
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
  // a JavaScript caller may pass anything: a Date, epoch ms or an ISO string, else it is refused
  const fromMs = toEpochMs(range?.from, `${what}: from`, venue)
  if (fromMs instanceof VenueError) return fromMs
  const toMs = toEpochMs(range?.to, `${what}: to`, venue)
  if (toMs instanceof VenueError) return toMs
  if (fromMs > toMs) {
    const iso = (ms: number) => new Date(ms).toISOString()
    return new VenueError({
      kind: 'invalid-request',
      venue,
      message: `${what}: from (${iso(fromMs)}) is after to (${iso(toMs)})`,
    })
  }
  return { fromMs, toMs, empty: fromMs === toMs }
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
  const served = CANDLE_INTERVALS.filter((i) => own(codes, i) !== undefined).join(', ')
  if (interval === undefined) {
    return new VenueError({
      kind: 'invalid-request',
      venue,
      message: `candle history: interval is required (${venue} serves ${served})`,
    })
  }
  const code = own(codes, interval)
  if (code === undefined) {
    return new VenueError({
      kind: 'invalid-request',
      venue,
      message: `${venue} does not support ${shownInterval(interval)} candles: interval must be one of ${served}`,
    })
  }
  const range = checkHistoryRange(venue, request, 'candle history')
  return range instanceof VenueError ? range : { ...range, code }
}

/**
 * Which candles a walk is for, as its errors name them.
 *
 * @example
 * const series: CandleSeries = { venue: 'bybit', symbol: 'BTC/USDT', interval: '1h' }
 */
export interface CandleSeries {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  readonly interval: CandleInterval
}

/**
 * Candles as they come, unless the range asked starts before the venue's earliest candle: then the
 * walk fails with `invalid-request` naming that candle's time (or, when the range holds none, its
 * end), instead of starting later or ending empty without a word. Only a walk whose first candle opens
 * after `startMs` (the first open time asked), or that brings none, costs one question more:
 * `anyBefore(startMs)`, whether the venue has a candle opening before `startMs`. If it has, the missing
 * start is a gap in the venue's data (an outage, or no trades), and the candles pass as they are. When
 * the range holds no candle and none is before it, `firstAt(toMs)` (if given) finds the earliest one
 * after it, for the error to name.
 *
 * @example
 * walk(start).pipe(fromEarliest(series, start, toMs, (ms) => probe(0, ms - 1)))
 */
export function fromEarliest(
  series: CandleSeries,
  startMs: number,
  toMs: number,
  anyBefore: (ms: number) => Observable<boolean>,
  firstAt?: (ms: number) => Observable<number | undefined>,
): MonoTypeOperatorFunction<Candle> {
  const { venue, symbol, interval } = series
  const iso = (ms: number) => new Date(ms).toISOString()
  const refuse = (why: string) =>
    throwError(
      () =>
        new VenueError({
          kind: 'invalid-request',
          venue,
          message: `${venue} has no ${symbol} ${interval} candles before ${why}`,
        }),
    )
  const earlier = () => (startMs > 0 ? anyBefore(startMs) : of(false))
  const later = () => (firstAt === undefined ? of(undefined) : firstAt(toMs))
  return (source) =>
    defer(() => {
      let seen = false
      const first = (candle: Candle): Observable<Candle> => {
        seen = true
        const at = candle.timestamp.getTime()
        if (at <= startMs) return of(candle)
        return earlier().pipe(
          concatMap((found) =>
            found
              ? of(candle)
              : refuse(`${iso(at)}, its earliest; the range asked starts at ${iso(startMs)}`),
          ),
        )
      }
      return concat(
        source.pipe(concatMap((candle) => (seen ? of(candle) : first(candle)))),
        defer(() =>
          seen
            ? EMPTY
            : earlier().pipe(
                concatMap((found) => (found ? EMPTY : later())),
                concatMap((at) =>
                  refuse(
                    `${iso(toMs)}, the end of the range asked: its data starts ${at === undefined ? 'later' : `at ${iso(at)}`}`,
                  ),
                ),
              ),
        ),
      )
    })
}
