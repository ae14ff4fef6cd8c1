import type { PairState } from './pair-state.js'
import type { PairQuote } from './types.js'

/**
 * One pair's state as a quote: its own best levels (last known, even when stale), its staleness and
 * the age of its last book at `at` (scheduler milliseconds, the clock of `lastBookAt`).
 *
 * @example
 * const q = pairQuote(state, scheduler.now())
 * q.ageMs // milliseconds since the pair's last book
 */
export function pairQuote(state: PairState, at: number): PairQuote {
  const [venue, symbol] = state.pair
  return {
    venue,
    symbol,
    bid: state.book?.bids[0],
    ask: state.book?.asks[0],
    stale: state.stale,
    staleReason: state.staleReason,
    ageMs: state.lastBookAt === undefined ? undefined : at - state.lastBookAt,
    ...(state.error === undefined ? {} : { error: state.error }),
  }
}
