/**
 * A driver's public streams from its topics: the symbol resolved to the venue's instrument, and the
 * book depth and live candle interval checked against the venue's spec before anything is subscribed.
 */
import { defer, filter, type MonoTypeOperatorFunction, type Observable } from 'rxjs'
import { VenueError } from '../../core/errors.js'
import type { Logger } from '../../core/logging.js'
import type { BookChange, Candle, CandleInterval, Instrument, Ticker, Trade } from '../../core/model.js'
import { liveCandleCode, servedBookDepth, anyBookDepth } from './market-requests.js'
import { withInstrument, type InstrumentSource, type MarketStreams } from './market-topics.js'
import type { VenueSpec } from './spec.js'

/**
 * A venue's public topics of one instrument, as its socket serves them.
 *
 * @example
 * const topics: MarketTopics = { book, trades: (i) => stream(`publicTrade.${i.venueSymbol}`, toTrades), ticker, candles }
 */
export interface MarketTopics {
  /**
   * Book changes; `depth` is the served depth of the spec's `bookDepths`, or where the venue takes any
   * depth, the one asked (for the venue to check).
   */
  book(instrument: Instrument, depth: number | undefined): Observable<BookChange>
  trades(instrument: Instrument): Observable<Trade>
  ticker(instrument: Instrument): Observable<Ticker>
  /** `code`: the venue's name of the interval (the spec's `intervals`). */
  candles(instrument: Instrument, interval: CandleInterval, code: string): Observable<Candle>
}

/**
 * The public streams of a driver over its topics. A depth the spec's `capabilities.marketData.bookDepths`
 * does not serve, or an interval it has no live candles of (or none given), fails with `invalid-request`
 * when subscribed, before the symbol is looked up. `candles$` never goes back in time: a candle older
 * than one it emitted (a closed candle a venue re-sends after a reconnect, when the next one is already
 * forming) is dropped, logged at debug on the host's logger; a repeat of the current one passes as its
 * update.
 *
 * @example
 * return marketStreams(ctx, BYBIT_SPEC, { book, trades, ticker, candles })
 */
export function marketStreams(
  host: InstrumentSource & { readonly logger?: Logger | undefined },
  spec: Pick<VenueSpec, 'id' | 'capabilities' | 'intervals'>,
  topics: MarketTopics,
): MarketStreams {
  const { id, intervals } = spec
  const { bookDepths, candleIntervals } = spec.capabilities.marketData
  const live = Object.fromEntries(candleIntervals.map((i) => [i, intervals[i]]))
  return {
    bookChanges$: (symbol, options = {}) =>
      defer(() => {
        const depth =
          bookDepths === undefined
            ? anyBookDepth(id, options.depth)
            : servedBookDepth(id, bookDepths, options.depth)
        return withInstrument(host, symbol, (i) => topics.book(i, depth))
      }),
    trades$: (symbol) => withInstrument(host, symbol, (i) => topics.trades(i)),
    ticker$: (symbol) => withInstrument(host, symbol, (i) => topics.ticker(i)),
    candles$: (symbol, interval) =>
      defer(() => {
        if ((interval as CandleInterval | undefined) === undefined) {
          throw new VenueError({
            kind: 'invalid-request',
            venue: id,
            message: `${id} candles$ needs an interval: one of ${Object.keys(live).join(', ')}`,
          })
        }
        const code = liveCandleCode(id, live, interval)
        return withInstrument(host, symbol, (i) =>
          topics.candles(i, interval, code).pipe(forwardOnly(host.logger)),
        )
      }),
  }
}

/** Drops a candle older than the last one passed (a repeat of that one passes, as its update). */
function forwardOnly(logger: Logger | undefined): MonoTypeOperatorFunction<Candle> {
  return (source) =>
    defer(() => {
      let last: Candle | undefined
      return source.pipe(
        filter((candle) => {
          if (last !== undefined && candle.timestamp.getTime() < last.timestamp.getTime()) {
            logger?.debug('a candle older than one already emitted is dropped', {
              symbol: candle.symbol,
              interval: candle.interval,
              open: candle.timestamp.toISOString(),
              last: last.timestamp.toISOString(),
              closed: candle.closed,
            })
            return false
          }
          last = candle
          return true
        }),
      )
    })
}
