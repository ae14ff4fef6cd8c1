/**
 * Bybit's candle history (`GET /v5/market/kline`, newest first on the wire), walked by the kit's
 * `walkCandleHistory`. https://bybit-exchange.github.io/docs/v5/market/kline
 */
import { map } from 'rxjs'
import { candleCloseTime } from '../../core/candle-time.js'
import type { CandleHistorySource } from '../kit/candle-walk.js'
import { klineCandle } from '../kit/kline.js'
import { BybitKlines, bybitEnvelope } from './codecs.js'
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

/**
 * The kline request of a Bybit driver, as the kit's candle walk takes it.
 *
 * @example
 * walkCandleHistory(ctx, bybitKlines(ctx), 'BTC/USDT', { interval: '1h', from, to })
 */
export function bybitKlines(ctx: BybitContext): CandleHistorySource {
  return {
    venue: 'bybit',
    intervals: BYBIT_INTERVALS,
    pageLimit: BYBIT_KLINE_PAGE_LIMIT,
    fetch: ({ instrument, interval, code, start, end, limit }) => {
      const { venueSymbol, symbol } = instrument
      return ctx.rest
        .request$({
          path: '/v5/market/kline',
          query: { category: 'spot', symbol: venueSymbol, interval: code, start, end, limit },
          codec: KlinesAnswer,
          context: `GET /v5/market/kline ${venueSymbol} ${code}`,
        })
        .pipe(
          map((answer) => ({
            now: answer.time,
            candles: answer.result.list.map((row) =>
              klineCandle(
                { venue: 'bybit', symbol, interval },
                row,
                row[6],
                candleCloseTime(interval, row[0].timestamp.getTime()) <= answer.time,
              ),
            ),
          })),
        )
    },
  }
}
