/**
 * Candles of the mock venue, aggregated from its public trades: live as trades happen, and for history.
 * Intervals with no trade produce no candle, as on most venues.
 */
import { CANDLE_INTERVAL_MS, candleOpenAt } from '../../core/candle-time.js'
import type { Candle, Trade, UnifiedSymbol, VenueId } from '../../core/model.js'
import type { MockCandleInterval } from './spec.js'

/**
 * Open time of the candle holding `ms`.
 *
 * @example
 * candleStart('1m', 90_000) // 60_000
 */
export const candleStart = (interval: MockCandleInterval, ms: number): number => candleOpenAt(interval, ms)

/**
 * Builds candles from trades in time order. A candle is closed once `nowMs` has reached its end.
 *
 * @example
 * aggregateCandles('mock', 'BTC/USDT', '1m', trades, scheduler.now())
 */
export function aggregateCandles(
  venue: VenueId,
  symbol: UnifiedSymbol,
  interval: MockCandleInterval,
  trades: readonly Trade[],
  nowMs: number,
): Candle[] {
  const builder = new CandleBuilder(venue, symbol, interval)
  const out: Candle[] = []
  for (const t of trades) out.push(...builder.add(t).filter((c) => c.closed))
  const last = builder.roll(nowMs)[0] ?? builder.current()
  if (last) out.push(last)
  return out
}

/**
 * The candle forming now, fed trade by trade.
 *
 * @example
 * const b = new CandleBuilder('mock', 'BTC/USDT', '1m')
 * b.add(trade) // [the forming candle]; a trade in a later minute also returns the previous one, closed
 */
export class CandleBuilder {
  private candle: Candle | undefined

  constructor(
    private readonly venue: VenueId,
    private readonly symbol: UnifiedSymbol,
    private readonly interval: MockCandleInterval,
  ) {}

  /** The forming candle, if any trade fell into it. */
  current(): Candle | undefined {
    return this.candle
  }

  /** Adds a trade; returns the candle it closed (if any) and the updated forming candle. */
  add(trade: Trade): Candle[] {
    const ms = trade.timestamp.getTime()
    const closed = this.roll(ms)
    const start = candleStart(this.interval, ms)
    const c = this.candle
    const quote = trade.price.mul(trade.size)
    this.candle =
      c === undefined
        ? {
            venue: this.venue,
            symbol: this.symbol,
            interval: this.interval,
            timestamp: new Date(start),
            rawTimestamp: start,
            open: trade.price,
            high: trade.price,
            low: trade.price,
            close: trade.price,
            volume: trade.size,
            quoteVolume: quote,
            closed: false,
          }
        : {
            ...c,
            high: trade.price.gt(c.high) ? trade.price : c.high,
            low: trade.price.lt(c.low) ? trade.price : c.low,
            close: trade.price,
            volume: c.volume.plus(trade.size),
            quoteVolume: c.quoteVolume?.plus(quote) ?? quote,
          }
    return [...closed, this.candle]
  }

  /** Closes the forming candle when `nowMs` is at or past its end; returns it closed, or nothing. */
  roll(nowMs: number): Candle[] {
    const c = this.candle
    if (c === undefined || nowMs < c.timestamp.getTime() + CANDLE_INTERVAL_MS[this.interval]) return []
    this.candle = undefined
    return [{ ...c, closed: true }]
  }
}
