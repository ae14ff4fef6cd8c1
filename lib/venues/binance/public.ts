/**
 * Binance spot public REST: server time, exchange info (instruments and rate limits), order book,
 * recent and aggregate trades, 24 h tickers, book tickers, and kline and trade history paged lazily
 * across any time range. Each request spends its documented weight in the driver's limiter.
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api/market-data-endpoints
 */
import { BINANCE_INTERVALS } from './spec.js'
import { checkCandleHistory, checkHistoryRange } from '../kit/history-request.js'
import { concat, concatMap, defer, EMPTY, from, map, throwError, type Observable } from 'rxjs'
import { VenueError } from '../../core/errors.js'
import type { Logger } from '../../core/logging.js'
import type {
  Candle,
  Instrument,
  InstrumentStatus,
  OrderBook,
  Ticker,
  Trade,
  UnifiedSymbol,
} from '../../core/model.js'
import { textLevels } from '../../codec/levels.js'
import { formatSymbol } from '../../core/symbols.js'
import type { Decimal } from '../../core/decimal.js'
import type { RestClient } from '../../transport/rest.js'
import type { CandleHistoryRequest, HistoryRange } from '../contract/index.js'
import type { BinanceContext } from './context.js'
import {
  BinanceAggTrade,
  BinanceDepthSnapshot,
  BinanceExchangeInfo,
  BinanceKlines,
  BinanceRestBookTicker,
  BinanceRestTrade,
  BinanceServerTime,
  BinanceTicker24h,
  type BinanceRateLimit,
  type BinanceSymbolInfo,
  type BinanceTicker24h as Ticker24hRow,
} from './codecs.js'
import * as t from 'io-ts'

const AggTrades = t.array(BinanceAggTrade)
const RestTrades = t.array(BinanceRestTrade)
const Tickers24h = t.array(BinanceTicker24h)

/**
 * Most candles one `/api/v3/klines` request returns.
 *
 * @example
 * // one request covers up to 1000 candles
 */
export const BINANCE_KLINE_PAGE_LIMIT = 1000

/**
 * Most aggregate trades one `/api/v3/aggTrades` request returns; a time-bounded request may span at
 * most an hour.
 *
 * @example
 * venue.aggTrades('BTC/USDT', { limit: BINANCE_AGG_TRADES_LIMIT })
 */
export const BINANCE_AGG_TRADES_LIMIT = 1000

/**
 * Largest `limit` of `/api/v3/depth`.
 *
 * @example
 * venue.orderBook('BTC/USDT', { limit: BINANCE_REST_BOOK_LIMIT })
 */
export const BINANCE_REST_BOOK_LIMIT = 5000

/**
 * Largest `limit` of `/api/v3/trades`.
 *
 * @example
 * venue.recentTrades('BTC/USDT', { limit: BINANCE_RECENT_TRADES_LIMIT })
 */
export const BINANCE_RECENT_TRADES_LIMIT = 1000

const HOUR = 3_600_000

/**
 * The request weight of `/api/v3/depth` for a `limit`: 5 up to 100 levels, 25 up to 500, 50 up to
 * 1000, 250 beyond
 * (https://developers.binance.com/docs/binance-spot-api-docs/rest-api/market-data-endpoints#order-book).
 *
 * @example
 * binanceDepthWeight(5000) // 250
 */
export function binanceDepthWeight(limit: number): number {
  if (limit <= 100) return 5
  if (limit <= 500) return 25
  if (limit <= 1000) return 50
  return 250
}

// the deepest limit of each weight band of /api/v3/depth
const SNAPSHOT_LIMITS: readonly number[] = [100, 500, 1000, BINANCE_REST_BOOK_LIMIT]

/**
 * The `limit` of the REST snapshot a local book of `depth` levels a side starts from: the deepest limit
 * of the weight band that covers the depth (100, 500, 1000 or 5000; weight 5, 25, 50 or 250), so the
 * book gets all the headroom its weight pays for; 1000 when no depth is asked. Levels beyond the
 * snapshot are only learned when they change
 * (https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#how-to-manage-a-local-order-book-correctly).
 *
 * @throws VenueError `invalid-request` for a depth that is not a positive integer or exceeds 5000.
 * @example
 * binanceSnapshotLimit(20)        // 100 (weight 5)
 * binanceSnapshotLimit(undefined) // 1000 (weight 50)
 * binanceSnapshotLimit(2000)      // 5000 (weight 250)
 */
export function binanceSnapshotLimit(depth: number | undefined): number {
  if (depth === undefined) return 1000
  const limit = Number.isInteger(depth) && depth > 0 ? SNAPSHOT_LIMITS.find((l) => l >= depth) : undefined
  if (limit === undefined) {
    throw new VenueError({
      kind: 'invalid-request',
      venue: 'binance',
      message: `binance books go to a depth of ${BINANCE_REST_BOOK_LIMIT} at most, got ${depth}`,
    })
  }
  return limit
}

/**
 * The venue's clock in epoch ms, from `GET /api/v3/time` (weight 1): the `fetchServerTime` of the
 * driver's `ClockSync`.
 *
 * @example
 * new ClockSync({ fetchServerTime: () => fetchServerTime(rest) })
 */
export function fetchServerTime(rest: RestClient): Observable<number> {
  return rest
    .request$({ path: '/api/v3/time', codec: BinanceServerTime, cost: 1 })
    .pipe(map((answer) => answer.serverTime))
}

/**
 * What `GET /api/v3/exchangeInfo` (weight 20) tells the driver: the instruments and the rate limits.
 *
 * @example
 * fetchExchangeInfo(rest, logger).subscribe(({ instruments }) => new SymbolMap('binance', instruments))
 */
export interface BinanceListing {
  readonly instruments: readonly Instrument[]
  readonly rateLimits: readonly BinanceRateLimit[]
}

/**
 * Every spot symbol as the model's {@link Instrument}s, and the venue's rate limits. A listing whose
 * assets are not valid codes, that lacks a PRICE_FILTER or LOT_SIZE, or that repeats a symbol, is left
 * out with a warning rather than failing the whole list.
 *
 * @example
 * fetchExchangeInfo(ctx.rest, ctx.logger).subscribe((info) => ctx.applyRateLimits(info.rateLimits))
 */
export function fetchExchangeInfo(rest: RestClient, logger: Logger): Observable<BinanceListing> {
  return rest.request$({ path: '/api/v3/exchangeInfo', codec: BinanceExchangeInfo, cost: 20 }).pipe(
    map((info) => {
      const out: Instrument[] = []
      const seen = new Set<string>()
      for (const raw of info.symbols) {
        const instrument = toInstrument(raw)
        if (instrument === undefined || seen.has(instrument.symbol) || seen.has(raw.symbol)) {
          logger.warn('binance instrument left out', { symbol: raw.symbol })
          continue
        }
        seen.add(instrument.symbol)
        seen.add(raw.symbol)
        out.push(instrument)
      }
      return { instruments: out, rateLimits: info.rateLimits }
    }),
  )
}

const STATUS: ReadonlyMap<string, InstrumentStatus> = new Map<string, InstrumentStatus>([
  ['TRADING', 'trading'],
  ['PRE_TRADING', 'pre-trading'],
  ['HALT', 'halted'],
  ['BREAK', 'halted'],
  ['POST_TRADING', 'halted'],
  ['END_OF_DAY', 'halted'],
  ['AUCTION_MATCH', 'halted'],
  ['DELISTED', 'delisted'],
])

/**
 * One symbol in the model's terms: tick size from PRICE_FILTER, lot size, minimum and maximum from
 * LOT_SIZE, minimum notional from NOTIONAL (or the older MIN_NOTIONAL); `undefined` when its assets
 * are not valid codes or a needed filter is missing. A status the table does not know is `halted`.
 *
 * @example
 * toInstrument(raw)?.tickSize.toString() // '0.000001'
 */
export function toInstrument(raw: BinanceSymbolInfo): Instrument | undefined {
  let symbol: UnifiedSymbol
  try {
    symbol = formatSymbol(raw.baseAsset, raw.quoteAsset)
  } catch {
    return undefined
  }
  let tickSize: Decimal | undefined
  let lot: { minQty: Decimal; maxQty: Decimal; stepSize: Decimal } | undefined
  let minNotional: Decimal | undefined
  let legacyMinNotional: Decimal | undefined
  for (const f of raw.filters) {
    // other filters keep their raw fields: only the type says which were decoded
    if (f.filterType === 'PRICE_FILTER' && 'tickSize' in f) tickSize = f.tickSize
    else if (f.filterType === 'LOT_SIZE' && 'stepSize' in f) lot = f
    else if (f.filterType === 'NOTIONAL' && 'minNotional' in f) minNotional = f.minNotional
    else if (f.filterType === 'MIN_NOTIONAL' && 'minNotional' in f) legacyMinNotional = f.minNotional
  }
  if (tickSize === undefined || lot === undefined) return undefined
  const slash = symbol.indexOf('/')
  const notional = minNotional ?? legacyMinNotional
  return {
    venue: 'binance',
    symbol,
    venueSymbol: raw.symbol,
    base: symbol.slice(0, slash),
    quote: symbol.slice(slash + 1),
    tickSize,
    lotSize: lot.stepSize,
    minSize: lot.minQty,
    // 0 disables a filter rule
    maxSize: lot.maxQty.isZero() ? undefined : lot.maxQty,
    minNotional: notional === undefined || notional.isZero() ? undefined : notional,
    status: STATUS.get(raw.status) ?? 'halted',
  }
}

/**
 * Options of {@link BinancePublicRest.orderBook}. Binance charges more request weight for deeper
 * snapshots (5 up to 100 levels, 250 at 5000), so ask for no more than you use.
 *
 * @example
 * binance.orderBook('BTC/USDT', { limit: 20 }).subscribe((book) => console.log(book.asks[0]?.price.toString()))
 */
export interface BinanceOrderBookOptions {
  /** Levels per side, 1 to 5000. Default 100. */
  readonly limit?: number | undefined
}

/**
 * Options of {@link BinancePublicRest.recentTrades}.
 *
 * @example
 * binance.recentTrades('BTC/USDT', { limit: 100 }).subscribe((trades) => console.log(trades.at(-1)?.price.toString()))
 */
export interface BinanceRecentTradesOptions {
  /** How many, 1 to 1000. Default 500. */
  readonly limit?: number | undefined
}

/**
 * Options of {@link BinancePublicRest.aggTrades}: page by `fromId`, or ask for a time span of at most
 * an hour.
 *
 * @example
 * const to = new Date()
 * binance.aggTrades('BTC/USDT', { startTime: new Date(to.getTime() - 60_000), endTime: to })
 */
export interface BinanceAggTradesOptions {
  /** From this aggregate trade id on. */
  readonly fromId?: number | undefined
  /** Trades at or after this time; with `endTime`, at most an hour before it. */
  readonly startTime?: Date | undefined
  /** Trades at or before this time. */
  readonly endTime?: Date | undefined
  /** 1 to 1000. Default 500. */
  readonly limit?: number | undefined
}

/**
 * Binance's public REST in the model's terms. Every call is cold: one request per subscription.
 *
 * @example
 * createBinancePublicRest(ctx).bookTicker('BTC/USDT').subscribe((t) => console.log(t.bid?.toString()))
 */
export interface BinancePublicRest {
  /** The venue's clock. */
  serverTime(): Observable<Date>
  /** A snapshot of the book; `sequence` is its `lastUpdateId`. */
  orderBook(symbol: UnifiedSymbol, options?: BinanceOrderBookOptions): Observable<OrderBook>
  /** The latest trades, oldest first; `side` is the taker's. */
  recentTrades(symbol: UnifiedSymbol, options?: BinanceRecentTradesOptions): Observable<readonly Trade[]>
  /** Aggregate trades (id: the aggregate id), oldest first. */
  aggTrades(symbol: UnifiedSymbol, options?: BinanceAggTradesOptions): Observable<readonly Trade[]>
  /** 24 h tickers with best prices, of one symbol or of every listed one. */
  tickers(symbol?: UnifiedSymbol): Observable<readonly Ticker[]>
  /** Best bid and ask of a symbol (the venue sends no time: `timestamp` is the venue clock's now). */
  bookTicker(symbol: UnifiedSymbol): Observable<Ticker>
  /** See {@link candleHistory}. */
  candleHistory(symbol: UnifiedSymbol, request: CandleHistoryRequest): Observable<Candle>
  /** See {@link tradeHistory}. */
  tradeHistory(symbol: UnifiedSymbol, range: HistoryRange): Observable<Trade>
}

/**
 * Runs `run` with the instrument of `symbol`, failing like a request when the venue is closed.
 *
 * @example
 * withInstrument(ctx, 'BTC/USDT', (venueSymbol) => ctx.rest.request$({ path, query: { symbol: venueSymbol }, codec }))
 */
export function withInstrument<T>(
  ctx: BinanceContext,
  symbol: UnifiedSymbol,
  run: (venueSymbol: string, unified: UnifiedSymbol) => Observable<T>,
): Observable<T> {
  return defer(() => {
    if (ctx.closed) return throwError(() => ctx.closedError())
    return ctx.symbols().pipe(
      concatMap((symbols) => {
        const instrument = symbols.instrument(symbol)
        return run(instrument.venueSymbol, instrument.symbol)
      }),
    )
  })
}

/**
 * `GET /api/v3/depth` as decoded (levels still validated text), spending the weight of its limit.
 *
 * @example
 * depthSnapshot(ctx, 'BTCUSDT', 5000).subscribe((s) => s.lastUpdateId)
 */
export function depthSnapshot(
  ctx: BinanceContext,
  venueSymbol: string,
  limit: number,
): Observable<BinanceDepthSnapshot> {
  return defer(() =>
    ctx.rest.request$({
      path: '/api/v3/depth',
      query: { symbol: venueSymbol, limit: checkLimit(limit, BINANCE_REST_BOOK_LIMIT, 'order book limit') },
      codec: BinanceDepthSnapshot,
      cost: binanceDepthWeight(limit),
      context: `GET /api/v3/depth ${venueSymbol}`,
    }),
  )
}

/**
 * The public REST calls of a Binance driver.
 *
 * @example
 * const api = createBinancePublicRest(ctx)
 * api.orderBook('BTC/USDT', { limit: 50 }).subscribe((book) => console.log(book.sequence))
 */
export function createBinancePublicRest(ctx: BinanceContext): BinancePublicRest {
  const toTrade = (unified: UnifiedSymbol, raw: BinanceAggTrade): Trade => ({
    venue: 'binance',
    symbol: unified,
    id: String(raw.a),
    price: raw.p,
    size: raw.q,
    side: raw.m ? 'sell' : 'buy',
    ...raw.T,
  })

  return {
    serverTime: () =>
      defer(() => (ctx.closed ? throwError(() => ctx.closedError()) : fetchServerTime(ctx.rest))).pipe(
        map((ms) => new Date(ms)),
      ),

    orderBook: (symbol, options = {}) =>
      withInstrument(ctx, symbol, (venueSymbol, unified) =>
        depthSnapshot(ctx, venueSymbol, options.limit ?? 100).pipe(
          map((snapshot): OrderBook => {
            const now = ctx.clock.now()
            return {
              venue: 'binance',
              symbol: unified,
              bids: textLevels(snapshot.bids),
              asks: textLevels(snapshot.asks),
              sequence: snapshot.lastUpdateId,
              timestamp: new Date(now),
              rawTimestamp: now,
            }
          }),
        ),
      ),

    recentTrades: (symbol, options = {}) =>
      withInstrument(ctx, symbol, (venueSymbol, unified) => {
        const limit = checkLimit(options.limit ?? 500, BINANCE_RECENT_TRADES_LIMIT, 'recent trades limit')
        return ctx.rest
          .request$({
            path: '/api/v3/trades',
            query: { symbol: venueSymbol, limit },
            codec: RestTrades,
            cost: 25,
          })
          .pipe(
            map((rows) =>
              rows.map((raw): Trade => ({
                venue: 'binance',
                symbol: unified,
                id: raw.id,
                price: raw.price,
                size: raw.qty,
                side: raw.isBuyerMaker ? 'sell' : 'buy',
                ...raw.time,
              })),
            ),
          )
      }),

    aggTrades: (symbol, options = {}) =>
      withInstrument(ctx, symbol, (venueSymbol, unified) =>
        fetchAggTrades(ctx, venueSymbol, options).pipe(
          map((rows) => rows.map((raw) => toTrade(unified, raw))),
        ),
      ),

    tickers: (symbol) =>
      defer(() => {
        if (ctx.closed) return throwError(() => ctx.closedError())
        return ctx.symbols().pipe(
          concatMap((symbols) => {
            const venueSymbol = symbol === undefined ? undefined : symbols.toVenue(symbol)
            const answer$: Observable<readonly Ticker24hRow[]> =
              venueSymbol === undefined
                ? ctx.rest.request$({ path: '/api/v3/ticker/24hr', codec: Tickers24h, cost: 80 })
                : ctx.rest
                    .request$({
                      path: '/api/v3/ticker/24hr',
                      query: { symbol: venueSymbol },
                      codec: BinanceTicker24h,
                      cost: 2,
                    })
                    .pipe(map((row) => [row]))
            return answer$.pipe(
              map((rows) => {
                const out: Ticker[] = []
                for (const row of rows) {
                  const instrument = symbols.getByVenueSymbol(row.symbol)
                  if (instrument === undefined) continue
                  out.push({
                    venue: 'binance',
                    symbol: instrument.symbol,
                    bid: row.bidPrice,
                    bidSize: row.bidQty,
                    ask: row.askPrice,
                    askSize: row.askQty,
                    last: row.lastPrice,
                    open24h: row.openPrice,
                    high24h: row.highPrice,
                    low24h: row.lowPrice,
                    volume24h: row.volume,
                    quoteVolume24h: row.quoteVolume,
                    ...row.closeTime,
                  })
                }
                return out
              }),
            )
          }),
        )
      }),

    bookTicker: (symbol) =>
      withInstrument(ctx, symbol, (venueSymbol, unified) =>
        ctx.rest
          .request$({
            path: '/api/v3/ticker/bookTicker',
            query: { symbol: venueSymbol },
            codec: BinanceRestBookTicker,
            cost: 2,
          })
          .pipe(
            map((row): Ticker => {
              const now = ctx.clock.now()
              return {
                venue: 'binance',
                symbol: unified,
                bid: row.bidPrice,
                bidSize: row.bidQty,
                ask: row.askPrice,
                askSize: row.askQty,
                timestamp: new Date(now),
                rawTimestamp: now,
              }
            }),
          ),
      ),

    candleHistory: (symbol, request) => candleHistory(ctx, symbol, request),
    tradeHistory: (symbol, range) => tradeHistory(ctx, symbol, range),
  }
}

function fetchAggTrades(
  ctx: BinanceContext,
  venueSymbol: string,
  options: BinanceAggTradesOptions,
): Observable<readonly BinanceAggTrade[]> {
  return defer(() =>
    ctx.rest.request$({
      path: '/api/v3/aggTrades',
      query: {
        symbol: venueSymbol,
        fromId: options.fromId,
        startTime: options.startTime?.getTime(),
        endTime: options.endTime?.getTime(),
        limit: checkLimit(options.limit ?? 500, BINANCE_AGG_TRADES_LIMIT, 'aggregate trades limit'),
      },
      codec: AggTrades,
      cost: 4,
      context: `GET /api/v3/aggTrades ${venueSymbol}`,
    }),
  )
}

function checkLimit(limit: number, max: number, what: string): number {
  if (Number.isInteger(limit) && limit >= 1 && limit <= max) return limit
  throw new VenueError({
    kind: 'invalid-request',
    venue: 'binance',
    message: `${what} must be 1 to ${max}, got ${limit}`,
  })
}

/**
 * Candles whose open time is in `[from, to)`, oldest first, each exactly once, fetched one request at a
 * time and only as far as they are consumed (unsubscribing stops the walk).
 *
 * Each request asks for up to {@link BINANCE_KLINE_PAGE_LIMIT} candles from `startTime` (the venue
 * answers oldest first and skips intervals without candles, so a range starting before the listing
 * costs nothing extra); the next starts 1 ms after the last close time seen, and anything at or before
 * it is dropped, so page boundaries neither repeat nor drop a candle. The walk ends on an empty page
 * or at `to`. A candle whose close time has not passed on the venue's clock is `closed: false`.
 *
 * ```
 * requests: 1 (startTime=from) ----- 2 (startTime=c1000.open+1) ----- 3 (empty: done)
 * candles:  c1 … c1000               c1001 … cN
 * ```
 *
 * @example
 * candleHistory(ctx, 'BTC/USDT', { interval: '1h', from: new Date('2024-01-01'), to: new Date('2024-02-01') })
 *   .pipe(take(24)) // one request
 */
export function candleHistory(
  ctx: BinanceContext,
  symbol: UnifiedSymbol,
  request: CandleHistoryRequest,
): Observable<Candle> {
  return defer(() => {
    if (ctx.closed) return throwError(() => ctx.closedError())
    const checked = checkCandleHistory('binance', BINANCE_INTERVALS, request)
    if (checked instanceof VenueError) return throwError(() => checked)
    if (checked.empty) return EMPTY
    const { interval } = request
    const { code, fromMs, toMs } = checked
    return withInstrument(ctx, symbol, (venueSymbol, unified) => {
      let last = -Infinity
      let lastClose = -Infinity
      const walk = (start: number): Observable<Candle> =>
        ctx.rest
          .request$({
            path: '/api/v3/klines',
            query: {
              symbol: venueSymbol,
              interval: code,
              startTime: start,
              endTime: toMs - 1,
              limit: BINANCE_KLINE_PAGE_LIMIT,
            },
            codec: BinanceKlines,
            cost: 2,
            context: `GET /api/v3/klines ${venueSymbol} ${code}`,
          })
          .pipe(
            concatMap((rows) => {
              const now = ctx.clock.now()
              const out: Candle[] = []
              for (const row of rows) {
                const open = row[0].timestamp.getTime()
                if (open < fromMs || open >= toMs || open <= last) continue
                last = open
                lastClose = row[6]
                out.push({
                  venue: 'binance',
                  symbol: unified,
                  interval,
                  ...row[0],
                  open: row[1],
                  high: row[2],
                  low: row[3],
                  close: row[4],
                  volume: row[5],
                  quoteVolume: row[7],
                  closed: row[6] < now,
                })
              }
              // the next candle opens right after this one closes
              const next = lastClose + 1
              const more = out.length > 0 && next < toMs
              return concat(from(out), more ? defer(() => walk(next)) : EMPTY)
            }),
          )
      return walk(fromMs)
    })
  })
}

/**
 * Aggregate trades in `[from, to)`, oldest first, each exactly once, paged lazily: the first request
 * looks in the first hour of the range (a time-bounded request may span at most an hour), moving an
 * hour on while the hours are empty; once a trade is found the walk follows aggregate ids (`fromId`),
 * which leave no gaps, until a trade at or after `to` or an empty page.
 *
 * @example
 * tradeHistory(ctx, 'BTC/USDT', { from: new Date('2024-01-01T00:00Z'), to: new Date('2024-01-01T01:00Z') })
 */
export function tradeHistory(
  ctx: BinanceContext,
  symbol: UnifiedSymbol,
  range: HistoryRange,
): Observable<Trade> {
  return defer(() => {
    if (ctx.closed) return throwError(() => ctx.closedError())
    const checked = checkHistoryRange('binance', range, 'trade history')
    if (checked instanceof VenueError) return throwError(() => checked)
    if (checked.empty) return EMPTY
    const { fromMs, toMs } = checked
    return withInstrument(ctx, symbol, (venueSymbol, unified) => {
      let last = -1
      const emit = (rows: readonly BinanceAggTrade[]): { trades: Trade[]; done: boolean } => {
        const trades: Trade[] = []
        for (const raw of rows) {
          const at = raw.T.timestamp.getTime()
          if (at >= toMs) return { trades, done: true }
          if (raw.a <= last || at < fromMs) continue
          last = raw.a
          trades.push({
            venue: 'binance',
            symbol: unified,
            id: String(raw.a),
            price: raw.p,
            size: raw.q,
            side: raw.m ? 'sell' : 'buy',
            ...raw.T,
          })
        }
        return { trades, done: rows.length === 0 }
      }
      const byId = (fromId: number): Observable<Trade> =>
        fetchAggTrades(ctx, venueSymbol, { fromId, limit: BINANCE_AGG_TRADES_LIMIT }).pipe(
          concatMap((rows) => {
            const { trades, done } = emit(rows)
            return concat(from(trades), done ? EMPTY : defer(() => byId(last + 1)))
          }),
        )
      const byHour = (start: number): Observable<Trade> => {
        if (start >= toMs) return EMPTY
        const end = Math.min(start + HOUR, toMs) - 1
        return fetchAggTrades(ctx, venueSymbol, {
          startTime: new Date(start),
          endTime: new Date(end),
          limit: BINANCE_AGG_TRADES_LIMIT,
        }).pipe(
          concatMap((rows) => {
            if (rows.length === 0) return byHour(end + 1)
            const { trades, done } = emit(rows)
            return concat(from(trades), done ? EMPTY : defer(() => byId(last + 1)))
          }),
        )
      }
      return byHour(fromMs)
    })
  })
}
