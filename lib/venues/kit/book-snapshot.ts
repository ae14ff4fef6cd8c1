/**
 * A book snapshot a venue answers over REST, as the model's order book, every venue alike.
 */
import { textLevels, type PriceSizeText } from '../../codec/levels.js'
import type { Instrument, OrderBook, Timestamped } from '../../core/model.js'

/**
 * What a venue's book snapshot holds: validated `[price, size]` text pairs, best first, and the
 * venue's number of the book where it numbers it.
 *
 * @example
 * const levels: SnapshotLevels = { bids: result.b, asks: result.a, sequence: result.u }
 */
export interface SnapshotLevels {
  readonly bids: readonly PriceSizeText[]
  readonly asks: readonly PriceSizeText[]
  readonly sequence?: number | undefined
}

/**
 * The {@link OrderBook} of `instrument` a REST snapshot gives, at `at`.
 *
 * @example
 * map(({ result }) => bookSnapshot(instrument, { bids: result.b, asks: result.a, sequence: result.u }, result.ts))
 */
export function bookSnapshot(
  instrument: Pick<Instrument, 'venue' | 'symbol'>,
  levels: SnapshotLevels,
  at: Timestamped,
): OrderBook {
  const { sequence } = levels
  return {
    venue: instrument.venue,
    symbol: instrument.symbol,
    bids: textLevels(levels.bids),
    asks: textLevels(levels.asks),
    ...(sequence === undefined ? {} : { sequence }),
    ...at,
  }
}
