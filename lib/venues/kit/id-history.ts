/**
 * History of records numbered without gaps (aggregate trades), from a venue whose query by time spans
 * a limited window: found by time, then followed by id.
 */
import { concatMap, defer, filter, map, of, throwError, type Observable } from 'rxjs'
import { VenueError } from '../../core/errors.js'
import type { VenueId } from '../../core/model.js'
import { pageThrough } from './pager.js'

/**
 * A venue's queries for {@link idHistory}, and how its records read.
 *
 * @example
 * const trades: IdHistory<AggTrade> = { venue: 'binance', what: 'BTC/USDT trades', windowMs: 3_600_000, byTime, byId, earliest, id: (r) => r.a, time: (r) => r.T.timestamp.getTime() }
 */
export interface IdHistory<R> {
  readonly venue: VenueId
  /** What the records are, for the refusal of a range from before the first (`BTC/USDT trades`). */
  readonly what: string
  /** The longest span one query by time may ask. */
  readonly windowMs: number
  /** The records in `[startMs, endMs]`, oldest first. */
  byTime(startMs: number, endMs: number): Observable<readonly R[]>
  /** The records from id `fromId` on, oldest first. */
  byId(fromId: number): Observable<readonly R[]>
  /** The time of the venue's first record, if it has any. */
  earliest(): Observable<number | undefined>
  id(record: R): number
  time(record: R): number
}

/**
 * The records in `[fromMs, toMs)`, oldest first, each once, paged lazily: the first query asks for the
 * first window of the range, moving a window on while the windows are empty; once a record is found the
 * walk follows ids, which leave no gaps, until a record at or after `toMs` or an empty page. A first
 * window without records may lie before the venue's data: when its first record is later than `fromMs`,
 * the walk fails with `invalid-request` naming that time rather than starting later without a word.
 *
 * @example
 * idHistory(trades, fromMs, toMs).pipe(map((r) => toTrade(symbol, r.a, r)))
 */
export function idHistory<R>(venue: IdHistory<R>, fromMs: number, toMs: number): Observable<R> {
  const { windowMs } = venue
  const window = (start: number) => venue.byTime(start, Math.min(start + windowMs, toMs) - 1)
  const windows = (start: number): Observable<readonly R[]> =>
    window(start).pipe(
      concatMap((rows) =>
        rows.length === 0 && start + windowMs < toMs ? windows(start + windowMs) : of(rows),
      ),
    )
  const fromStart = (): Observable<readonly R[]> =>
    window(fromMs).pipe(
      concatMap((rows) =>
        rows.length > 0 || fromMs + windowMs >= toMs
          ? of(rows)
          : venue
              .earliest()
              .pipe(
                concatMap((earliest) =>
                  earliest !== undefined && earliest > fromMs
                    ? throwError(() => beforeEarliest(venue, earliest, fromMs))
                    : windows(fromMs + windowMs),
                ),
              ),
      ),
    )
  return defer(() => {
    let last = -1
    return pageThrough<number | undefined, R>(undefined, (fromId) =>
      (fromId === undefined ? fromStart() : venue.byId(fromId)).pipe(
        map((rows) => {
          const end = rows.findIndex((r) => venue.time(r) >= toMs)
          const items = end < 0 ? rows : rows.slice(0, end)
          const next = items.at(-1)
          return { items, next: end < 0 && next !== undefined ? venue.id(next) + 1 : undefined }
        }),
      ),
    ).pipe(
      filter((r) => {
        if (venue.id(r) <= last || venue.time(r) < fromMs) return false
        last = venue.id(r)
        return true
      }),
    )
  })
}

function beforeEarliest({ venue, what }: IdHistory<unknown>, earliestMs: number, fromMs: number): VenueError {
  const iso = (ms: number) => new Date(ms).toISOString()
  return new VenueError({
    kind: 'invalid-request',
    venue,
    message: `${venue} has no ${what} before ${iso(earliestMs)}, its earliest; the range asked starts at ${iso(fromMs)}`,
  })
}
