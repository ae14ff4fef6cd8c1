/**
 * Bybit v5 public REST (spot): server time, instruments, order book, recent trades, tickers, and the
 * kline history paged lazily across any time range.
 * https://bybit-exchange.github.io/docs/v5/market/time (and `instrument`, `orderbook`, `recent-trade`,
 * `kline`, `tickers`)
 */
import { BYBIT_INTERVALS } from './spec.js'
import { checkCandleHistory } from '../kit/history-request.js'
import { CANDLE_INTERVAL_MS, candleCloseTime, candleOpenAtOrAfter } from '../../core/candle-time.js'
import { concat, concatMap, defer, EMPTY, from, map, reduce, throwError, type Observable } from 'rxjs'
import { VenueError } from '../../core/errors.js'
import type { Logger } from '../../core/logging.js'
import type {
  Candle,
  CandleInterval,
  Instrument,
  InstrumentStatus,
  OrderBook,
  Ticker,
  Trade,
  UnifiedSymbol,
} from '../../core/model.js'
import { formatSymbol, type SymbolMap } from '../../core/symbols.js'
import type { RestClient } from '../../transport/rest.js'
import type { CandleHistoryRequest } from '../contract/index.js'
import type { BybitContext } from './context.js'
import {
  BybitInstrumentsPage,
  BybitKlines,
  BybitOrderBookSnapshot,
  BybitRecentTrades,
  BybitServerTime,
  BybitSpotTickers,
  bybitEnvelope,
  textLevels,
  type BybitKlineRow,
  type BybitSpotInstrument,
  type BybitSpotTickerRow,
} from './codecs.js'

const ServerTimeAnswer = bybitEnvelope(BybitServerTime)
const InstrumentsAnswer = bybitEnvelope(BybitInstrumentsPage)
const OrderBookAnswer = bybitEnvelope(BybitOrderBookSnapshot)
const RecentTradesAnswer = bybitEnvelope(BybitRecentTrades)
const KlinesAnswer = bybitEnvelope(BybitKlines)
const TickersAnswer = bybitEnvelope(BybitSpotTickers)

/**
 * Most candles one `/v5/market/kline` request returns.
 *
 * @example
 * // one request covers up to 1000 hourly candles
 */
export const BYBIT_KLINE_PAGE_LIMIT = 1000

/**
 * Largest `limit` of spot `/v5/market/orderbook`.
 *
 * @example
 * venue.orderBook('BTC/USDT', { limit: BYBIT_REST_BOOK_LIMIT })
 */
export const BYBIT_REST_BOOK_LIMIT = 200

/**
 * Largest `limit` of spot `/v5/market/recent-trade`.
 *
 * @example
 * venue.recentTrades('BTC/USDT', { limit: BYBIT_RECENT_TRADES_LIMIT })
 */
export const BYBIT_RECENT_TRADES_LIMIT = 60

/**
 * The venue's clock in epoch ms, from `GET /v5/market/time` (its nanosecond field): the
 * `fetchServerTime` of the driver's `ClockSync`.
 *
 * @example
 * new ClockSync({ fetchServerTime: () => fetchServerTime(rest) })
 */
export function fetchServerTime(rest: RestClient): Observable<number> {
  return rest
    .request$({ path: '/v5/market/time', codec: ServerTimeAnswer })
    .pipe(map((answer) => answer.result.timeNano.timestamp.getTime()))
}

/**
 * Every spot instrument, as the model's {@link Instrument}s: `BASE/QUOTE` from `baseCoin`/`quoteCoin`,
 * tick size from `priceFilter.tickSize`, lot size from `lotSizeFilter.basePrecision`. Pages are followed
 * while the venue returns a cursor. A listing whose coins are not valid asset codes, or that repeats a
 * symbol, is left out with a warning rather than failing the whole list.
 *
 * @example
 * fetchInstruments(ctx.rest, ctx.logger).subscribe((list) => new SymbolMap('bybit', list))
 */
export function fetchInstruments(rest: RestClient, logger: Logger): Observable<Instrument[]> {
  const seen = new Set<string>()
  const page = (cursor: string | undefined): Observable<BybitSpotInstrument[]> =>
    rest
      .request$({
        path: '/v5/market/instruments-info',
        query: { category: 'spot', cursor },
        codec: InstrumentsAnswer,
      })
      .pipe(
        concatMap(({ result }) => {
          const next = result.nextPageCursor
          const more = next !== undefined && next !== '' && !seen.has(next)
          if (more) seen.add(next)
          return concat([result.list], more ? defer(() => page(next)) : EMPTY)
        }),
      )
  return defer(() => page(undefined)).pipe(
    reduce((all, list) => all.concat(list), [] as BybitSpotInstrument[]),
    map((list) => {
      const out: Instrument[] = []
      const symbols = new Set<string>()
      for (const raw of list) {
        const instrument = toInstrument(raw)
        if (instrument === undefined || symbols.has(instrument.symbol) || symbols.has(raw.symbol)) {
          logger.warn('bybit instrument left out', {
            symbol: raw.symbol,
            base: raw.baseCoin,
            quote: raw.quoteCoin,
          })
          continue
        }
        symbols.add(instrument.symbol)
        symbols.add(raw.symbol)
        out.push(instrument)
      }
      return out
    }),
  )
}

const STATUS: ReadonlyMap<string, InstrumentStatus> = new Map<string, InstrumentStatus>([
  ['Trading', 'trading'],
  ['PreLaunch', 'pre-trading'],
  ['Closed', 'delisted'],
  ['Delivering', 'halted'],
])

/**
 * One spot instrument in the model's terms, or `undefined` when its coins are not valid asset codes.
 * A status the table does not know is `halted`: nothing may be assumed tradable that the venue did not
 * call `Trading`.
 *
 * @example
 * toInstrument(raw)?.lotSize.toString() // '0.000001', from basePrecision
 */
export function toInstrument(raw: BybitSpotInstrument): Instrument | undefined {
  let symbol: UnifiedSymbol
  try {
    symbol = formatSymbol(raw.baseCoin, raw.quoteCoin)
  } catch {
    return undefined
  }
  const slash = symbol.indexOf('/')
  const lot = raw.lotSizeFilter
  return {
    venue: 'bybit',
    symbol,
    venueSymbol: raw.symbol,
    base: symbol.slice(0, slash),
    quote: symbol.slice(slash + 1),
    tickSize: raw.priceFilter.tickSize,
    lotSize: lot.basePrecision,
    // minOrderQty is deprecated ("no longer checked"): one lot is then the smallest order
    minSize: lot.minOrderQty ?? lot.basePrecision,
    maxSize: lot.maxLimitOrderQty ?? lot.maxOrderQty,
    minNotional: lot.minOrderAmt,
    status: STATUS.get(raw.status) ?? 'halted',
  }
}

/**
 * Options of {@link BybitPublicRest.orderBook}.
 *
 * @example
 * venue.orderBook('BTC/USDT', { limit: 50 })
 */
export interface BybitOrderBookOptions {
  /** Levels per side, 1 to 200 (Bybit's spot maximum). Default 200. */
  readonly limit?: number | undefined
}

/**
 * Options of {@link BybitPublicRest.recentTrades}.
 *
 * @example
 * venue.recentTrades('BTC/USDT', { limit: 10 })
 */
export interface BybitRecentTradesOptions {
  /** How many, 1 to 60 (Bybit's spot maximum). Default 60. */
  readonly limit?: number | undefined
}

/**
 * Bybit's public REST in the model's terms. Every call is cold: one request per subscription.
 *
 * @example
 * createBybitPublicRest(ctx).tickers().subscribe((all) => console.log(all.length))
 */
export interface BybitPublicRest {
  /** The venue's clock. */
  serverTime(): Observable<Date>
  /** A snapshot of the book; `sequence` is the `u` of the 50-level WebSocket book. */
  orderBook(symbol: UnifiedSymbol, options?: BybitOrderBookOptions): Observable<OrderBook>
  /** The latest public trades, oldest first. */
  recentTrades(symbol: UnifiedSymbol, options?: BybitRecentTradesOptions): Observable<readonly Trade[]>
  /** 24 h tickers with best prices, of one symbol or of every listed one. */
  tickers(symbol?: UnifiedSymbol): Observable<readonly Ticker[]>
  /** See {@link candleHistory}. */
  candleHistory(symbol: UnifiedSymbol, request: CandleHistoryRequest): Observable<Candle>
}

/**
 * The public REST calls of a Bybit driver.
 *
 * @example
 * const api = createBybitPublicRest(ctx)
 * api.orderBook('BTC/USDT', { limit: 50 }).subscribe((book) => console.log(book.bids[0]?.price.toString()))
 */
export function createBybitPublicRest(ctx: BybitContext): BybitPublicRest {
  const resolve = <T>(
    symbol: UnifiedSymbol,
    run: (venueSymbol: string, unified: UnifiedSymbol) => Observable<T>,
  ) =>
    defer(() => {
      if (ctx.closed) return throwError(() => ctx.closedError())
      return ctx.symbols().pipe(
        concatMap((symbols) => {
          const instrument = symbols.instrument(symbol)
          return run(instrument.venueSymbol, instrument.symbol)
        }),
      )
    })

  return {
    serverTime: () =>
      defer(() => (ctx.closed ? throwError(() => ctx.closedError()) : fetchServerTime(ctx.rest))).pipe(
        map((ms) => new Date(ms)),
      ),

    orderBook: (symbol, options = {}) =>
      resolve(symbol, (venueSymbol, unified) => {
        const limit = checkLimit(
          options.limit ?? BYBIT_REST_BOOK_LIMIT,
          BYBIT_REST_BOOK_LIMIT,
          'order book limit',
        )
        return ctx.rest
          .request$({
            path: '/v5/market/orderbook',
            query: { category: 'spot', symbol: venueSymbol, limit },
            codec: OrderBookAnswer,
          })
          .pipe(
            map(({ result }): OrderBook => ({
              venue: 'bybit',
              symbol: unified,
              bids: textLevels(result.b),
              asks: textLevels(result.a),
              sequence: result.u,
              ...result.ts,
            })),
          )
      }),

    recentTrades: (symbol, options = {}) =>
      resolve(symbol, (venueSymbol, unified) => {
        const limit = checkLimit(
          options.limit ?? BYBIT_RECENT_TRADES_LIMIT,
          BYBIT_RECENT_TRADES_LIMIT,
          'recent trades limit',
        )
        return ctx.rest
          .request$({
            path: '/v5/market/recent-trade',
            query: { category: 'spot', symbol: venueSymbol, limit },
            codec: RecentTradesAnswer,
          })
          .pipe(
            map(({ result }) =>
              result.list
                .map((raw): Trade => ({
                  venue: 'bybit',
                  symbol: unified,
                  id: raw.execId,
                  price: raw.price,
                  size: raw.size,
                  side: raw.side === 'Buy' ? 'buy' : 'sell',
                  ...raw.time,
                }))
                // the venue lists newest first; a stable sort keeps same-millisecond trades in match order
                .reverse()
                .sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime()),
            ),
          )
      }),

    tickers: (symbol) =>
      defer(() => {
        if (ctx.closed) return throwError(() => ctx.closedError())
        return ctx.symbols().pipe(
          concatMap((symbols) => {
            const venueSymbol = symbol === undefined ? undefined : symbols.toVenue(symbol)
            return ctx.rest
              .request$({
                path: '/v5/market/tickers',
                query: { category: 'spot', symbol: venueSymbol },
                codec: TickersAnswer,
              })
              .pipe(map((answer) => toTickers(answer.result.list, answer.time, symbols)))
          }),
        )
      }),

    candleHistory: (symbol, request) => candleHistory(ctx, symbol, request),
  }
}

function toTickers(rows: readonly BybitSpotTickerRow[], time: number, symbols: SymbolMap): Ticker[] {
  const out: Ticker[] = []
  for (const row of rows) {
    const instrument = symbols.getByVenueSymbol(row.symbol)
    if (instrument === undefined) continue
    out.push({
      venue: 'bybit',
      symbol: instrument.symbol,
      bid: row.bid1Price,
      bidSize: row.bid1Size,
      ask: row.ask1Price,
      askSize: row.ask1Size,
      last: row.lastPrice,
      open24h: row.prevPrice24h,
      high24h: row.highPrice24h,
      low24h: row.lowPrice24h,
      volume24h: row.volume24h,
      quoteVolume24h: row.turnover24h,
      timestamp: new Date(time),
      rawTimestamp: time,
    })
  }
  return out
}

function checkLimit(limit: number, max: number, what: string): number {
  if (Number.isInteger(limit) && limit >= 1 && limit <= max) return limit
  throw new VenueError({
    kind: 'invalid-request',
    venue: 'bybit',
    message: `${what} must be 1 to ${max}, got ${limit}`,
  })
}

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
 * hold no more candles than one answer carries. Each answer (newest first on the wire) is sorted, cut
 * to the window and to the range, and stripped of anything at or before the last candle emitted, so
 * page boundaries neither repeat nor drop a candle. An answer that starts later than its window (a
 * venue capping pages below the asked limit) first fetches the part before it. A window with no
 * candles (before the listing, or an outage) is skipped by bisecting the rest of the range with
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
    const { interval } = request
    const { code, fromMs, toMs } = checked
    return ctx.symbols().pipe(
      concatMap((symbols) => {
        const instrument = symbols.instrument(symbol)
        return walkKlines(ctx, instrument.venueSymbol, instrument.symbol, interval, code, fromMs, toMs)
      }),
    )
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
  let last = -Infinity

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
    defer(() => {
      const out: Candle[] = []
      for (const row of page.rows) {
        const open = openOf(row)
        if (open < fromMs || open >= toMs || open <= last) continue
        last = open
        out.push({
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
          closed: candleCloseTime(interval, open) <= page.now,
        })
      }
      return from(out)
    })

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
