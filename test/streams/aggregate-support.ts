/** Hand-made pair states for the aggregation tests. */
import { Decimal } from '../../lib/core/decimal.js'
import type { BookLevel, OrderBook } from '../../lib/core/model.js'
import type { MarketPair, PairState, StaleReason } from '../../streams/aggregate/index.js'

/** Levels as `[price, size]` strings, best first. */
export type Side = ReadonlyArray<readonly [price: string, size: string]>

export const levels = (side: Side): BookLevel[] =>
  side.map(([p, s]) => ({ price: new Decimal(p), size: new Decimal(s) }))

/** A pair's state with this book; stale when `stale` gives a reason. */
export function pairState(
  pair: MarketPair,
  bids: readonly BookLevel[],
  asks: readonly BookLevel[],
  options: { readonly stale?: StaleReason | undefined; readonly lastBookAt?: number | undefined } = {},
): PairState {
  const [venue, symbol] = pair
  const book: OrderBook = { venue, symbol, bids, asks, timestamp: new Date(0), rawTimestamp: 0 }
  return {
    pair,
    book,
    stale: options.stale !== undefined,
    staleReason: options.stale,
    lastBookAt: options.lastBookAt ?? 0,
  }
}
