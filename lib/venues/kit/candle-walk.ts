/**
 * Candle history over any time range from a venue whose kline request takes a window and a page limit:
 * fetched one request at a time and only as far as it is consumed.
 */
import { concat, concatMap, defaultIfEmpty, defer, EMPTY, from, map, of, take, type Observable } from 'rxjs'
import {
  CANDLE_INTERVAL_MS,
  CANDLE_INTERVALS,
  candleCloseTime,
  candleOpenAt,
  candleOpenAtOrAfter,
} from '../../core/candle-time.js'
import type { Candle, CandleInterval, Instrument, UnifiedSymbol, VenueId } from '../../core/model.js'
import { own } from '../../core/own.js'
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
  /**
   * True when the venue's request takes a window and no limit (Coinbase: `start`, `end`, at most
   * `pageLimit` candles in between): then no request's window holds more than `pageLimit` candles of its
   * interval, and the walk looks for candles far away with the venue's coarsest interval.
   */
  readonly windowOnly?: boolean
  fetch(ask: CandleAsk): Observable<CandlePage>
}

/**
 * No venue has a candle before Bitcoin's first block (2009-01-03): a window-only venue looks back no
 * further for a candle before a range.
 *
 * @example
 * NO_CANDLES_BEFORE // Date.UTC(2009, 0, 3)
 */
export const NO_CANDLES_BEFORE = Date.UTC(2009, 0, 3)

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
 * before the listing costs a few dozen requests, not one per window; on a venue whose request takes no
 * limit (`windowOnly`), by windows of its coarsest interval instead (350 days a request on Coinbase).
 * The walk stops at `to` or at the venue's clock. A range that starts before the venue's earliest
 * candle fails (see `fromEarliest`), naming that candle's time.
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
        const ask: Ask = (start, end, limit, at = interval) =>
          source.fetch({
            instrument,
            interval: at,
            code: at === interval ? code : codeOf(source, at),
            start,
            end,
            limit,
          })
        const walker = candleWalker(source, interval, ask)
        const series = { venue: source.venue, symbol: instrument.symbol, interval }
        return walker
          .walk(fromMs, toMs)
          .pipe(
            inTimeOrder(fromMs, toMs, openOf),
            fromEarliest(
              series,
              candleOpenAtOrAfter(interval, fromMs),
              toMs,
              walker.anyBefore,
              walker.firstAt,
            ),
          )
      }),
  )
}

const openOf = (candle: Candle): number => candle.timestamp.getTime()

/** A kline request: the candles of `interval` (by default the one walked) opening in `[start, end]`. */
type Ask = (start: number, end: number, limit: number, interval?: CandleInterval) => Observable<CandlePage>

const codeOf = (source: CandleHistorySource, interval: CandleInterval): string =>
  own(source.intervals, interval) as string

/** How long `pageLimit` candles of `interval` take at least (months as 28 days). */
const spanOf = (interval: CandleInterval, pageLimit: number): number =>
  pageLimit * (interval === '1M' ? 28 * DAY : CANDLE_INTERVAL_MS[interval])

/** The venue's interval of longest candles. */
function coarsest(source: CandleHistorySource): CandleInterval {
  const served = CANDLE_INTERVALS.filter((i) => own(source.intervals, i) !== undefined)
  return served.reduce((a, b) => (spanOf(b, 1) > spanOf(a, 1) ? b : a))
}

interface CandleWalker {
  /** The candles opening in `[fromMs, toMs)` and not after the venue's clock. */
  walk(fromMs: number, toMs: number): Observable<Candle>
  /** Whether the venue has a candle opening before `ms`. */
  anyBefore(ms: number): Observable<boolean>
  /** The open time of the venue's first candle at or after `ms`, if it has one. */
  firstAt(ms: number): Observable<number | undefined>
}

function candleWalker(source: CandleHistorySource, interval: CandleInterval, request: Ask): CandleWalker {
  const { pageLimit } = source
  const span = spanOf(interval, pageLimit)

  const fetch = (start: number, end: number, limit: number, at = interval): Observable<CandlePage> =>
    request(start, end, limit, at).pipe(
      map((page) => ({
        candles: page.candles
          .filter((c) => openOf(c) >= start && openOf(c) <= end)
          .sort((a, b) => openOf(a) - openOf(b)),
        now: page.now,
      })),
    )

  // where the first candle in [lo, hi] is, at most one window of `interval` before it
  const locate = source.windowOnly ? windowLocate(source, fetch) : limitLocate(span, fetch)

  const walk = (fromMs: number, toMs: number): Observable<Candle> => {
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

    const seek = (lo: number, now: number): Observable<Candle> => {
      const hi = Math.min(toMs - 1, now)
      if (lo > hi) return EMPTY
      return locate(lo, hi).pipe(
        concatMap((at) => (at === undefined ? EMPTY : forward(candleOpenAtOrAfter(interval, at)))),
      )
    }

    return forward(candleOpenAtOrAfter(interval, fromMs))
  }

  const firstAt = (ms: number): Observable<number | undefined> =>
    walk(ms, Number.POSITIVE_INFINITY).pipe(
      take(1),
      map(openOf),
      defaultIfEmpty(undefined as number | undefined),
    )

  const anyBefore = (ms: number): Observable<boolean> => {
    if (!source.windowOnly) return fetch(0, ms - 1, 1).pipe(map((page) => page.candles.length > 0))
    // back from `ms` a coarse window at a time: a coarse candle wholly before `ms` answers, and the
    // one holding `ms` is looked into
    const coarse = coarsest(source)
    const coarseSpan = spanOf(coarse, pageLimit)
    const floor = candleOpenAt(coarse, NO_CANDLES_BEFORE)
    const back = (end: number): Observable<boolean> => {
      if (end < floor) return of(false)
      const start = Math.max(end - coarseSpan + 1, floor)
      return fetch(start, end, pageLimit, coarse).pipe(
        concatMap(({ candles }) => {
          const last = candles[candles.length - 1]
          if (last === undefined) return back(start - 1)
          if (coarse === interval || candles.length > 1) return of(true)
          const open = openOf(last)
          if (candleCloseTime(coarse, open) <= ms) return of(true)
          return walk(open, ms).pipe(
            take(1),
            map(() => true),
            defaultIfEmpty(false),
            concatMap((found) => (found ? of(true) : back(start - 1))),
          )
        }),
      )
    }
    return back(ms - 1)
  }

  return { walk, anyBefore, firstAt }
}

type Fetch = (start: number, end: number, limit: number, interval?: CandleInterval) => Observable<CandlePage>

/** `locate` on a venue whose request takes a limit: one-candle probes, halving the range. */
function limitLocate(span: number, fetch: Fetch) {
  const probe = (lo: number, hi: number): Observable<boolean> =>
    fetch(lo, hi, 1).pipe(map((page) => page.candles.length > 0))

  // [lo, hi] holds a candle: halve it until one window covers it
  const narrow = (lo: number, hi: number): Observable<number> => {
    if (hi - lo < span) return of(lo)
    const mid = lo + Math.floor((hi - lo) / 2)
    return probe(lo, mid).pipe(concatMap((found) => (found ? narrow(lo, mid) : narrow(mid + 1, hi))))
  }

  return (lo: number, hi: number): Observable<number | undefined> =>
    probe(lo, hi).pipe(concatMap((found) => (found ? narrow(lo, hi) : of(undefined))))
}

/**
 * `locate` on a venue whose request takes only a window: forward through `[lo, hi]` in windows of the
 * venue's coarsest interval; the first such candle found is where the walked interval's may start.
 */
function windowLocate(source: CandleHistorySource, fetch: Fetch) {
  const coarse = coarsest(source)
  const coarseSpan = spanOf(coarse, source.pageLimit)
  return (lo: number, hi: number): Observable<number | undefined> => {
    const next = (start: number): Observable<number | undefined> => {
      if (start > hi) return of(undefined)
      const end = Math.min(start + coarseSpan - 1, hi)
      return fetch(start, end, source.pageLimit, coarse).pipe(
        concatMap(({ candles }) => {
          const first = candles[0]
          return first === undefined ? next(end + 1) : of(Math.max(lo, openOf(first)))
        }),
      )
    }
    return next(candleOpenAt(coarse, Math.max(lo, NO_CANDLES_BEFORE)))
  }
}
