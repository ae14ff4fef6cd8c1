import type { BookLevel } from '../../lib/core/model.js'
import { pairQuote } from './pair-quote.js'
import type { PairState } from './pair-state.js'
import type { BestBidAsk, VenuePrice } from './types.js'

/**
 * The highest bid and the lowest ask among the fresh pairs, with the venue of each. A tie on price goes
 * to the larger size, then to the earlier pair in `states`. `at` is scheduler milliseconds (the clock of
 * `lastBookAt`).
 *
 * @example
 * const best = bestBidAsk([bybitState, binanceState], Date.now())
 * best.spread?.isNegative() // true when one venue's bid is above another's ask
 */
export function bestBidAsk(states: readonly PairState[], at: number): BestBidAsk {
  let bid: VenuePrice | undefined
  let ask: VenuePrice | undefined
  for (const state of states) {
    if (state.stale || state.book === undefined) continue
    const b = state.book.bids[0]
    if (b !== undefined && beats(b, bid, 1)) bid = venuePrice(state, b)
    const a = state.book.asks[0]
    if (a !== undefined && beats(a, ask, -1)) ask = venuePrice(state, a)
  }
  return {
    at: new Date(at),
    bid,
    ask,
    spread: bid !== undefined && ask !== undefined ? ask.price.minus(bid.price) : undefined,
    venues: states.map((s) => pairQuote(s, at)),
  }
}

/** Whether `level` takes the place of `best`; `better` is the comparison result of a better price. */
function beats(level: BookLevel, best: VenuePrice | undefined, better: 1 | -1): boolean {
  if (best === undefined) return true
  const c = level.price.cmp(best.price)
  // an equal size keeps the earlier pair: "larger" has to be strictly larger
  return c === better || (c === 0 && level.size.gt(best.size))
}

function venuePrice(state: PairState, level: BookLevel): VenuePrice {
  return { venue: state.pair[0], symbol: state.pair[1], price: level.price, size: level.size }
}
