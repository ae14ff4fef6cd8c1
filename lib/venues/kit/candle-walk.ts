/**
 * Candle history over any time range from a venue whose kline request takes a window and a page limit:
 * fetched one request at a time and only as far as it is consumed.
 */
import { concat, concatMap, defer, EMPTY, from, map, type Observable } from 'rxjs'
import { CANDLE_INTERVAL_MS, candleOpenAtOrAfter } from '../../core/candle-time.js'
import type { Candle, CandleInterval, Instrument, UnifiedSymbol, VenueId } from '../../core/model.js'
import type { CandleHistoryRequest } from '../contract/index.js'
import { checkCandleHistory, fromEarliest } from './history-request.js'
import { withInstrument, type InstrumentSource } from './market-topics.js'
import { inTimeOrder } from './pager.js'
import { historyWalk } from './rest-market.js'

const DAY = 86_400_000

/**
 * One answer of a venue's kline request: its candles in any order, and the venue's time when it
 * answered (what is forming then is `closed: false`).
 *
 * @example
 * const page: CandlePage = { candles: answer.result.list.map(toCandle), now: answer.time }
 */
export interface CandlePage {
  readonly candles: readonly Candle[]
  readonly now: number
}

/**
 * A venue's kline request: the candles opening in `[start, end]` (epoch ms), at most `limit` of them;
 * `code` is the venue's name of `interval`.
 *
 * @example
 * const ask: CandleAsk = { instrument, interval: '1h', code: '60', start, end, limit: 1000 }
 */
export interface CandleAsk {
  readonly instrument: Instrument
  readonly interval: CandleInterval
  readonly code: string
  readonly start: number
  readonly end: number
  readonly limit: number
}

/**
 * What {@link walkCandleHistory} needs of a venue.
 *
 * @example
 * const source: CandleHistorySource = { venue: 'bybit', intervals: BYBIT_INTERVALS, pageLimit: 1000, fetch: (ask) => klines$(ask) }
 */
export interface CandleHistorySource {
  readonly venue: VenueId
  /** The venue's code of each interval it serves. */
  readonly intervals: Readonly<Partial<Record<CandleInterval, string>>>
  /** Most candles one request returns. */
  readonly pageLimit: number
  fetch(ask: CandleAsk): Observable<CandlePage>
}

/**
 * Candles whose open time is in `[from, to)`, oldest first, each exactly once; the next request is made
 * when the consumer has taken the previous page (unsubscribing stops the walk).
 *
 * The walk goes forward from `from` in windows of `pageLimit` intervals, which can hold no more candles
 * than one answer carries. Each answer is sorted and cut to its window; `inTimeOrder` then cuts to the
 * range and drops anything at or before the last candle emitted, so page boundaries neither repeat nor
 * drop a candle. An answer that starts later than its window (a venue capping pages below the asked
 * limit) first fetches the part before it. A window with no candles (before the listing, or an outage)
 * is skipped by bisecting the rest of the range with one-candle probes, so a range starting years
 * before the listing costs a few dozen requests, not one per window. The walk stops at `to` or at the
 * venue's clock. A range that starts before the venue's earliest candle fails (see `fromEarliest`),
 * naming that candle's time.
 *
 * ```
 * window:   [from ........ +limit intervals) [.......... +limit) [... to)
 * requests: 1 ----------------------------- 2 ----------------- 3         (each when the previous page was taken)
 * candles:  c1 c2 ... c1000                   c1001 ... c2000    ... cN (closed: false if still forming)
 * ```
 *
 * @example
 * walkCandleHistory(ctx, source, 'BTC/USDT', { interval: '1h', from, to }).pipe(take(24)) // one request
 */
export function walkCandleHistory(
  host: InstrumentSource,
  source: CandleHistorySource,
  symbol: UnifiedSymbol,
  request: CandleHistoryRequest,
): Observable<Candle> {
  return historyWalk(
    host,
    () => checkCandleHistory(source.venue, source.intervals, request),
    ({ code, fromMs, toMs }) =>
      withInstrument(host, symbol, (instrument) => {
        const { interval } = request
        const ask = (start: number, end: number, limit: number) =>
          source.fetch({ instrument, interval, code, start, end, limit })
        const anyBefore = (ms: number) =>
          ask(0, ms - 1, 1).pipe(map((page) => page.candles.some((c) => openOf(c) < ms)))
        const series = { venue: source.venue, symbol: instrument.symbol, interval }
        return walk(source, interval, fromMs, toMs, ask).pipe(
          inTimeOrder(fromMs, toMs, openOf),
          fromEarliest(series, candleOpenAtOrAfter(interval, fromMs), toMs, anyBefore),
        )
      }),
  )
}

const openOf = (candle: Candle): number => candle.timestamp.getTime()

function walk(
  source: CandleHistorySource,
  interval: CandleInterval,
  fromMs: number,
  toMs: number,
  request: (start: number, end: number, limit: number) => Observable<CandlePage>,
): Observable<Candle> {
  const { pageLimit } = source
  const span = pageLimit * (interval === '1M' ? 28 * DAY : CANDLE_INTERVAL_MS[interval])

  const fetch = (start: number, end: number, limit: number): Observable<CandlePage> =>
    request(start, end, limit).pipe(
      map((page) => ({
        candles: page.candles
          .filter((c) => openOf(c) >= start && openOf(c) <= end)
          .sort((a, b) => openOf(a) - openOf(b)),
        now: page.now,
      })),
    )

  // `page` starts after `start`: what lies before it comes first
  const backfill = (start: number, page: CandlePage): Observable<Candle> => {
    const first = openOf(page.candles[0] as Candle)
    if (first <= start) return from(page.candles)
    return fetch(start, first - 1, pageLimit).pipe(
      concatMap((older) =>
        concat(older.candles.length > 0 ? backfill(start, older) : EMPTY, from(page.candles)),
      ),
    )
  }

  const forward = (start: number): Observable<Candle> =>
    defer(() => {
      if (start >= toMs) return EMPTY
      const end = Math.min(start + span - 1, toMs - 1)
      return fetch(start, end, pageLimit).pipe(
        concatMap((page) => {
          const after = end + 1
          if (page.candles.length === 0) return after > page.now ? EMPTY : seek(after, page.now)
          return concat(
            backfill(start, page),
            defer(() => (after > page.now ? EMPTY : forward(after))),
          )
        }),
      )
    })

  const probe = (lo: number, hi: number): Observable<boolean> =>
    fetch(lo, hi, 1).pipe(map((page) => page.candles.length > 0))

  // [lo, hi] holds a candle: halve it until one window covers it
  const narrow = (lo: number, hi: number): Observable<Candle> => {
    if (hi - lo < span) return forward(candleOpenAtOrAfter(interval, lo))
    const mid = lo + Math.floor((hi - lo) / 2)
    return probe(lo, mid).pipe(concatMap((found) => (found ? narrow(lo, mid) : narrow(mid + 1, hi))))
  }

  const seek = (lo: number, now: number): Observable<Candle> => {
    const hi = Math.min(toMs - 1, now)
    if (lo > hi) return EMPTY
    return probe(lo, hi).pipe(concatMap((found) => (found ? narrow(lo, hi) : EMPTY)))
  }

  return forward(candleOpenAtOrAfter(interval, fromMs))
}
