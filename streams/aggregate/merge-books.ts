import { Decimal, toDecimal } from '../../lib/core/decimal.js'
import { VenueError } from '../../lib/core/errors.js'
import type { BookLevel, VenueId } from '../../lib/core/model.js'
import { own } from '../../lib/core/own.js'
import { pairQuote } from './pair-quote.js'
import type { PairState } from './pair-state.js'
import type { MergedBook, MergedContribution, MergedLevel } from './types.js'

/**
 * Options of {@link mergeBooks}.
 *
 * @example
 * const options: MergeBooksOptions = { depth: 20, fees: { bybit: new Decimal('0.001') } }
 */
export interface MergeBooksOptions {
  /** Levels per side to keep, a positive integer. */
  readonly depth: number
  /**
   * Taker fee rate per venue (`0.001` is 0.1%), between -1 and 1 exclusive: that venue's bid prices
   * become `price × (1 − fee)` and its ask prices `price × (1 + fee)` before merging. Absent: 0.
   */
  readonly fees?: Partial<Record<VenueId, Decimal>> | undefined
}

/**
 * The books of the fresh pairs as one book: sizes at equal fee-adjusted prices are summed, each venue's
 * part kept in `venues` (in the order of `states`), bids highest first, asks lowest first, `depth`
 * levels a side. Stale pairs add no level; they appear only in `venues`, flagged. `at` is scheduler
 * milliseconds (the clock of `lastBookAt`).
 *
 * The sides are walked from their best levels together and the walk stops at `depth`, so a merge costs
 * O(depth × pairs) comparisons whatever the books' lengths, and only the levels it reaches are
 * fee-adjusted. It relies on what `OrderBook` promises: each side best first, prices distinct.
 * A bad `depth` or fee throws a `VenueError` of kind `invalid-request`.
 *
 * @example
 * const merged = mergeBooks([bybitState, binanceState], { depth: 10, fees: { binance: new Decimal('0.001') } }, Date.now())
 * merged.bids[0]?.venues.map((v) => v.venue) // who quotes the best merged bid
 */
export function mergeBooks(states: readonly PairState[], options: MergeBooksOptions, at: number): MergedBook {
  const { depth } = options
  checkDepth(depth)
  const bids: Side[] = []
  const asks: Side[] = []
  for (const state of states) {
    if (state.stale || state.book === undefined) continue
    const fee = feeOf(options.fees, state.pair[0])
    const [venue, symbol] = state.pair
    bids.push({ venue, symbol, levels: state.book.bids, factor: fee && ONE.minus(fee) })
    asks.push({ venue, symbol, levels: state.book.asks, factor: fee && ONE.plus(fee) })
  }
  return {
    at: new Date(at),
    bids: mergeSide(bids, depth, 1),
    asks: mergeSide(asks, depth, -1),
    venues: states.map((s) => pairQuote(s, at)),
  }
}

const ONE = new Decimal(1)

/**
 * Throws the `VenueError` (kind `invalid-request`) that {@link mergeBooks} would throw for these options,
 * whichever pairs are fresh.
 *
 * @example
 * checkMergeOptions({ depth: 0 }) // throws: depth must be a positive integer, got 0
 */
export function checkMergeOptions(options: MergeBooksOptions): void {
  checkDepth(options.depth)
  for (const venue of Object.keys(options.fees ?? {})) feeOf(options.fees, venue as VenueId)
}

function checkDepth(depth: number): void {
  if (!Number.isInteger(depth) || depth < 1) {
    throw new VenueError({
      kind: 'invalid-request',
      message: `depth must be a positive integer, got ${depth}`,
    })
  }
}

/** One pair's side, with the factor that turns its prices into adjusted ones (`undefined`: × 1). */
interface Side {
  readonly venue: VenueId
  readonly symbol: MergedContribution['symbol']
  readonly levels: readonly BookLevel[]
  readonly factor: Decimal | undefined
}

/** The venue's fee, `undefined` when there is none to apply; throws on a fee that would reorder prices. */
function feeOf(fees: MergeBooksOptions['fees'], venue: VenueId): Decimal | undefined {
  const given = own(fees, venue)
  if (given === undefined) return undefined
  const fee = toDecimal(given)
  // |fee| < 1 keeps both factors positive, so adjusting keeps each side's order and the walk stays valid
  if (!fee.isFinite() || fee.abs().gte(1)) {
    throw new VenueError({
      kind: 'invalid-request',
      venue,
      message: `the ${venue} fee must be between -1 and 1, got ${fee.toString()}`,
    })
  }
  return fee.isZero() ? undefined : fee
}

/** k-way merge of sorted sides down to `depth` levels; `better` is the comparison result of a better price. */
function mergeSide(sides: readonly Side[], depth: number, better: 1 | -1): MergedLevel[] {
  const n = sides.length
  const next = new Array<number>(n).fill(0)
  const heads = sides.map((s) => adjusted(s, 0))
  const tied = new Array<number>(n)
  const out: MergedLevel[] = []
  while (out.length < depth) {
    let best: Decimal | undefined
    let count = 0
    // a linear scan of the heads: the pairs are few, so it beats keeping a heap
    for (let i = 0; i < n; i++) {
      const p = heads[i]
      if (p === undefined) continue
      const c = best === undefined ? better : p.cmp(best)
      if (c === better) {
        best = p
        tied[0] = i
        count = 1
      } else if (c === 0) {
        tied[count++] = i
      }
    }
    if (best === undefined) break
    let size: Decimal | undefined
    const venues: MergedContribution[] = []
    for (let t = 0; t < count; t++) {
      const i = tied[t] as number
      const side = sides[i] as Side
      const k = next[i] as number
      const level = side.levels[k] as BookLevel
      venues.push({ venue: side.venue, symbol: side.symbol, price: level.price, size: level.size })
      size = size === undefined ? level.size : size.plus(level.size)
      next[i] = k + 1
      heads[i] = adjusted(side, k + 1)
    }
    out.push({ price: best, size: size as Decimal, venues })
  }
  return out
}

function adjusted(side: Side, k: number): Decimal | undefined {
  const level = side.levels[k]
  if (level === undefined) return undefined
  return side.factor === undefined ? level.price : level.price.times(side.factor)
}
