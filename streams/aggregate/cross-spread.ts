import type { Decimal } from '../../lib/core/decimal.js'
import type { BookLevel } from '../../lib/core/model.js'
import { pairQuote } from './pair-quote.js'
import type { PairState } from './pair-state.js'
import type { CrossSpread } from './types.js'

/**
 * Two pairs' prices against each other: what buying on one and selling on the other gains per unit
 * (`buyASellB = b.bid − a.ask`, `buyBSellA = a.bid − b.ask`) and how far their mids are apart
 * (`midDiff = mid(b) − mid(a)`, `midDiffBps` relative to `mid(a)`). While either pair is stale every
 * difference is `undefined`; a difference that needs a missing side is too. `at` is scheduler
 * milliseconds (the clock of `lastBookAt`).
 *
 * @example
 * const s = crossSpread(bybitState, binanceState, Date.now())
 * if (s.buyASellB?.gt(threshold)) arb('bybit', 'binance')
 */
export function crossSpread(a: PairState, b: PairState, at: number): CrossSpread {
  const qa = pairQuote(a, at)
  const qb = pairQuote(b, at)
  const stale = a.stale || b.stale
  const base = { at: new Date(at), a: qa, b: qb, stale }
  if (stale) {
    return { ...base, buyASellB: undefined, buyBSellA: undefined, midDiff: undefined, midDiffBps: undefined }
  }
  const midA = mid(qa.bid, qa.ask)
  const midB = mid(qb.bid, qb.ask)
  const midDiff = midA && midB?.minus(midA)
  return {
    ...base,
    buyASellB: qb.bid && qa.ask && qb.bid.price.minus(qa.ask.price),
    buyBSellA: qa.bid && qb.ask && qa.bid.price.minus(qb.ask.price),
    midDiff,
    midDiffBps: midA && midDiff && !midA.isZero() ? midDiff.times(10_000).div(midA) : undefined,
  }
}

function mid(bid: BookLevel | undefined, ask: BookLevel | undefined): Decimal | undefined {
  return bid && ask && bid.price.plus(ask.price).div(2)
}
