/**
 * Bybit's candle history (`GET /v5/market/kline`), paged lazily across any time range.
 * https://bybit-exchange.github.io/docs/v5/market/kline
 */
import { concat, concatMap, defer, EMPTY, from, map, throwError, type Observable } from 'rxjs'
import { CANDLE_INTERVAL_MS, candleCloseTime, candleOpenAtOrAfter } from '../../core/candle-time.js'
import { VenueError } from '../../core/errors.js'
import type { Candle, CandleInterval, UnifiedSymbol } from '../../core/model.js'
import type { CandleHistoryRequest } from '../contract/index.js'
import { checkCandleHistory } from '../kit/history-request.js'
import { withInstrument } from '../kit/market-topics.js'
import { inTimeOrder } from '../kit/pager.js'
import { BybitKlines, bybitEnvelope, type BybitKlineRow } from './codecs.js'
import type { BybitContext } from './context.js'
import { BYBIT_INTERVALS } from './spec.js'

const KlinesAnswer = bybitEnvelope(BybitKlines)

/**
 * Most candles one `/v5/market/kline` request returns (the docs; `shared/venues/bybit.md` says 200).
 *
 * @example
 * // one request covers up to 1000 hourly candles
 */
export const BYBIT_KLINE_PAGE_LIMIT = 1000

const DAY = 86_400_000

interface KlinePage {
  /** Rows inside the asked window, oldest first. */
  readonly rows: readonly BybitKlineRow[]
  /** The venue's time when it answered. */
  readonly now: number
}

const openOf = (row: BybitKlineRow): number => row[0].timestamp.getTime()

/**
 * Candles whose open time is in `[from, to)`, oldest first, each exactly once, fetched one request at a
 * time and only as far as they are consumed: the next request is made when the consumer has taken the
 * previous page (unsubscribing stops the walk).
 *
 * The walk goes forward from `from` in windows of {@link BYBIT_KLINE_PAGE_LIMIT} intervals, which can
 * hold no more candles than one answer carries. Each answer (newest first on the wire) is sorted and cut
 * to the window; `inTimeOrder` then cuts to the range and drops anything at or before the last candle
 * emitted, so page boundaries neither repeat nor drop a candle. An answer that starts later than its
 * window (a venue capping pages below the asked limit) first fetches the part before it. A window with
 * no candles (before the listing, or an outage) is skipped by bisecting the rest of the range with
 * one-candle probes, so a range starting years before the listing costs a few dozen requests, not one
 * per window. The walk stops at `to` or at the venue's clock; the candle still forming then is
 * `closed: false`.
 *
 * ```
 * window:   [from ........ +1000 intervals) [.......... +1000) [... to)
 * requests: 1 ---------------------------- 2 ---------------- 3         (each when the previous page was taken)
 * candles:  c1 c2 ... c1000                  c1001 ... c2000    ... cN (closed: false if still forming)
 * ```
 *
 * @example
 * candleHistory(ctx, 'BTC/USDT', { interval: '1h', from: new Date('2024-01-01'), to: new Date('2024-02-01') })
 *   .pipe(take(24)) // one request: the first day
 */
export function candleHistory(
  ctx: BybitContext,
  symbol: UnifiedSymbol,
  request: CandleHistoryRequest,
): Observable<Candle> {
  return defer(() => {
    if (ctx.closed) return throwError(() => ctx.closedError())
    const checked = checkCandleHistory('bybit', BYBIT_INTERVALS, request)
    if (checked instanceof VenueError) return throwError(() => checked)
    if (checked.empty) return EMPTY
    const { code, fromMs, toMs } = checked
    return withInstrument(ctx, symbol, (instrument) =>
      walkKlines(ctx, instrument.venueSymbol, instrument.symbol, request.interval, code, fromMs, toMs),
    ).pipe(inTimeOrder(fromMs, toMs, (c) => c.timestamp.getTime()))
  })
}

function walkKlines(
  ctx: BybitContext,
  venueSymbol: string,
  symbol: UnifiedSymbol,
  interval: CandleInterval,
  code: string,
  fromMs: number,
  toMs: number,
): Observable<Candle> {
  const span = BYBIT_KLINE_PAGE_LIMIT * (interval === '1M' ? 28 * DAY : CANDLE_INTERVAL_MS[interval])

  const fetch = (start: number, end: number, limit: number): Observable<KlinePage> =>
    ctx.rest
      .request$({
        path: '/v5/market/kline',
        query: { category: 'spot', symbol: venueSymbol, interval: code, start, end, limit },
        codec: KlinesAnswer,
        context: `GET /v5/market/kline ${venueSymbol} ${code}`,
      })
      .pipe(
        map((answer) => ({
          rows: answer.result.list
            .filter((row) => openOf(row) >= start && openOf(row) <= end)
            .sort((a, b) => openOf(a) - openOf(b)),
          now: answer.time,
        })),
      )

  const emit = (page: KlinePage): Observable<Candle> =>
    from(
      page.rows.map((row): Candle => ({
        venue: 'bybit',
        symbol,
        interval,
        ...row[0],
        open: row[1],
        high: row[2],
        low: row[3],
        close: row[4],
        volume: row[5],
        quoteVolume: row[6],
        closed: candleCloseTime(interval, openOf(row)) <= page.now,
      })),
    )

  // `page` starts after `start`: what lies before it comes first
  const backfill = (start: number, page: KlinePage): Observable<Candle> => {
    const first = openOf(page.rows[0] as BybitKlineRow)
    if (first <= start) return emit(page)
    return fetch(start, first - 1, BYBIT_KLINE_PAGE_LIMIT).pipe(
      concatMap((older) => concat(older.rows.length > 0 ? backfill(start, older) : EMPTY, emit(page))),
    )
  }

  const walk = (start: number): Observable<Candle> =>
    defer(() => {
      if (start >= toMs) return EMPTY
      const end = Math.min(start + span - 1, toMs - 1)
      return fetch(start, end, BYBIT_KLINE_PAGE_LIMIT).pipe(
        concatMap((page) => {
          const after = end + 1
          if (page.rows.length === 0) return after > page.now ? EMPTY : seek(after, page.now)
          return concat(
            backfill(start, page),
            defer(() => (after > page.now ? EMPTY : walk(after))),
          )
        }),
      )
    })

  const probe = (lo: number, hi: number): Observable<boolean> =>
    fetch(lo, hi, 1).pipe(map((page) => page.rows.length > 0))

  // [lo, hi] holds a candle: halve it until one window covers it
  const narrow = (lo: number, hi: number): Observable<Candle> => {
    if (hi - lo < span) return walk(candleOpenAtOrAfter(interval, lo))
    const mid = lo + Math.floor((hi - lo) / 2)
    return probe(lo, mid).pipe(concatMap((found) => (found ? narrow(lo, mid) : narrow(mid + 1, hi))))
  }

  const seek = (lo: number, now: number): Observable<Candle> => {
    const hi = Math.min(toMs - 1, now)
    if (lo > hi) return EMPTY
    return probe(lo, hi).pipe(concatMap((found) => (found ? narrow(lo, hi) : EMPTY)))
  }

  return walk(candleOpenAtOrAfter(interval, fromMs))
}
