/**
 * A venue's REST kline request as the candle walk's source: one page asked, its rows as candles, each
 * closed once the venue's clock has passed its close time.
 */
import type * as t from 'io-ts'
import { map } from 'rxjs'
import { candleCloseTime } from '../../core/candle-time.js'
import type { Decimal } from '../../core/decimal.js'
import type { RestClient, RestQuery } from '../../transport/rest.js'
import type { CandleHistorySource } from './candle-walk.js'
import { klineCandle, type KlineRow } from './kline.js'

/**
 * A venue's kline request as data: where it is asked, how its query names the range, where the rows and
 * the venue's time are in the answer, and which column is the quote volume.
 *
 * @example
 * const request: KlineRequest<BinanceKlines, BinanceKlines[number]> = { venue: 'binance', intervals, pageLimit: 1000, path: '/api/v3/klines', codec: BinanceKlines, range: ['startTime', 'endTime'], rows: (a) => a, quoteVolume: (row) => row[7], now: () => clock.now() }
 */
export interface KlineRequest<A, R extends KlineRow> extends Omit<CandleHistorySource, 'fetch'> {
  readonly path: string
  readonly codec: t.Decoder<unknown, A>
  /** The request's weight, where the venue counts one. */
  readonly cost?: number
  /**
   * The query's names of a page's first and last open time (`['startTime', 'endTime']`); beside them it
   * names `symbol` (the venue's), `interval` (the venue's code) and `limit`.
   */
  readonly range: readonly [start: string, end: string]
  /** What the query of every page also says (`{ category: 'spot' }`), first. */
  readonly query?: RestQuery
  rows(answer: A): readonly R[]
  quoteVolume(row: R): Decimal | undefined
  /** The venue's time at the answer (epoch ms): what closes later is still forming. */
  now(answer: A): number
}

/**
 * The {@link CandleHistorySource} of a venue's kline request.
 *
 * @example
 * walkCandleHistory(ctx, klineSource(ctx.rest, request), 'BTC/USDT', { interval: '1h', from, to })
 */
export function klineSource<A, R extends KlineRow>(
  rest: RestClient,
  request: KlineRequest<A, R>,
): CandleHistorySource {
  const { venue, intervals, pageLimit, path, codec, cost } = request
  return {
    venue,
    intervals,
    pageLimit,
    fetch: (ask) => {
      const { instrument, interval, code } = ask
      const [start, end] = request.range
      const query = {
        ...request.query,
        symbol: instrument.venueSymbol,
        interval: code,
        [start]: ask.start,
        [end]: ask.end,
        limit: ask.limit,
      }
      const context = `GET ${path} ${instrument.venueSymbol} ${code}`
      return rest.request$({ path, query, codec, cost, context }).pipe(
        map((answer) => {
          const now = request.now(answer)
          const series = { venue, symbol: instrument.symbol, interval }
          const candles = request.rows(answer).map((row) => {
            const closed = candleCloseTime(interval, row[0].timestamp.getTime()) <= now
            return klineCandle(series, row, request.quoteVolume(row), closed)
          })
          return { now, candles }
        }),
      )
    },
  }
}
