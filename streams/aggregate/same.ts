import type { Decimal } from '../../lib/core/decimal.js'
import type { BookLevel } from '../../lib/core/model.js'
import type { BestBidAsk, CrossSpread, MergedBook, MergedLevel, PairQuote } from './types.js'

// What the aggregation operators compare to skip a result equal to the previous one: prices, sizes and
// stale flags. `at` and `ageMs` are left out on purpose, or every book would count as a change.
// Book views share their level objects, so an identity check settles most comparisons at once.

function sameDecimal(a: Decimal, b: Decimal): boolean {
  return a === b || a.eq(b)
}

function sameLevel(a: BookLevel | undefined, b: BookLevel | undefined): boolean {
  return (
    a === b ||
    (a !== undefined && b !== undefined && sameDecimal(a.price, b.price) && sameDecimal(a.size, b.size))
  )
}

function sameQuote(a: PairQuote, b: PairQuote): boolean {
  return (
    a.venue === b.venue &&
    a.symbol === b.symbol &&
    a.stale === b.stale &&
    a.staleReason === b.staleReason &&
    a.error === b.error &&
    sameLevel(a.bid, b.bid) &&
    sameLevel(a.ask, b.ask)
  )
}

function sameQuotes(a: readonly PairQuote[], b: readonly PairQuote[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!sameQuote(a[i] as PairQuote, b[i] as PairQuote)) return false
  return true
}

function sameMergedLevel(a: MergedLevel, b: MergedLevel): boolean {
  if (!sameDecimal(a.price, b.price) || !sameDecimal(a.size, b.size) || a.venues.length !== b.venues.length)
    return false
  for (let i = 0; i < a.venues.length; i++) {
    const x = a.venues[i]
    const y = b.venues[i]
    if (x === undefined || y === undefined) return false
    if (x.venue !== y.venue || x.symbol !== y.symbol || !x.price.eq(y.price) || !x.size.eq(y.size))
      return false
  }
  return true
}

function sameLevels(a: readonly MergedLevel[], b: readonly MergedLevel[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++)
    if (!sameMergedLevel(a[i] as MergedLevel, b[i] as MergedLevel)) return false
  return true
}

/**
 * Equal best prices, sizes and quotes.
 *
 * @example
 * best$.pipe(distinctUntilChanged(sameBestBidAsk))
 */
export function sameBestBidAsk(a: BestBidAsk, b: BestBidAsk): boolean {
  // the best bid and ask follow from the quotes' top levels and stale flags, so equal quotes settle it
  return sameQuotes(a.venues, b.venues)
}

/**
 * Equal merged levels (with each venue's part) and quotes.
 *
 * @example
 * merged$.pipe(distinctUntilChanged(sameMergedBook))
 */
export function sameMergedBook(a: MergedBook, b: MergedBook): boolean {
  return sameQuotes(a.venues, b.venues) && sameLevels(a.bids, b.bids) && sameLevels(a.asks, b.asks)
}

/**
 * Equal quotes on both sides, hence equal differences.
 *
 * @example
 * spreads$.pipe(distinctUntilChanged(sameCrossSpread))
 */
export function sameCrossSpread(a: CrossSpread, b: CrossSpread): boolean {
  return sameQuote(a.a, b.a) && sameQuote(a.b, b.b)
}
