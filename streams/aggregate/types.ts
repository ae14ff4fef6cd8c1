/**
 * What the cross-venue aggregation emits. Every price and size is a {@link Decimal}; a stale pair is
 * never used for a best price, a merged level or a spread, but stays visible, flagged, in `venues`.
 */
import type { SchedulerLike } from 'rxjs'
import type { Decimal } from '../../lib/core/decimal.js'
import type { VenueError } from '../../lib/core/errors.js'
import type { BookLevel, UnifiedSymbol, VenueId } from '../../lib/core/model.js'

/**
 * One symbol on one venue.
 *
 * @example
 * const pair: MarketPair = ['bybit', 'BTC/USDT']
 */
export type MarketPair = readonly [venue: VenueId, symbol: UnifiedSymbol]

/**
 * Why a pair's book cannot be trusted now: no book yet (`connecting`), its connection dropped
 * (`disconnected`), the venue is rebuilding it (`resync`), or no book arrived within the window (`silent`).
 *
 * @example
 * if (quote.staleReason === 'silent') log.warn(`${quote.venue} went quiet`)
 */
export type StaleReason = 'connecting' | 'disconnected' | 'resync' | 'silent'

/**
 * One pair as the aggregate sees it.
 *
 * @example
 * best.venues.filter((q) => q.stale).map((q) => `${q.venue} ${q.staleReason}`)
 */
export interface PairQuote {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  /** The pair's own best bid, last known (kept while stale). */
  readonly bid: BookLevel | undefined
  /** The pair's own best ask, last known (kept while stale). */
  readonly ask: BookLevel | undefined
  readonly stale: boolean
  readonly staleReason: StaleReason | undefined
  /** Milliseconds since its last book view; `undefined` before the first. */
  readonly ageMs: number | undefined
  /**
   * Why its stream failed, when it did and the aggregate went on with the other pairs: the pair then
   * stays `disconnected`. Absent otherwise.
   */
  readonly error?: VenueError | undefined
}

/**
 * A price on one venue, with the size offered there.
 *
 * @example
 * `${best.bid.venue} bids ${best.bid.size.toString()} @ ${best.bid.price.toString()}`
 */
export interface VenuePrice {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  readonly price: Decimal
  readonly size: Decimal
}

/**
 * The best bid and best ask across fresh pairs.
 *
 * @example
 * if (best.spread?.isNegative()) arb(best.bid, best.ask)
 */
export interface BestBidAsk {
  readonly at: Date
  readonly bid: VenuePrice | undefined
  readonly ask: VenuePrice | undefined
  /** `ask - bid`; negative when venues cross; `undefined` when a side is missing. */
  readonly spread: Decimal | undefined
  /** Every pair, in the order given, stale ones included and flagged. */
  readonly venues: readonly PairQuote[]
}

/**
 * One venue's part of a {@link MergedLevel}.
 *
 * @example
 * level.venues.map((v) => `${v.venue} ${v.size.toString()} @ ${v.price.toString()}`)
 */
export interface MergedContribution {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  /** The venue's own price, before fee adjustment. */
  readonly price: Decimal
  readonly size: Decimal
}

/**
 * One level of a {@link MergedBook}: every fresh venue's size at one fee-adjusted price.
 *
 * @example
 * merged.bids[0]?.size.toString() // the total at the best merged bid
 */
export interface MergedLevel {
  /** After fee adjustment. */
  readonly price: Decimal
  /** The sum of the contributions' sizes. */
  readonly size: Decimal
  readonly venues: readonly MergedContribution[]
}

/**
 * The books of several fresh pairs as one: bids best (highest) first, asks best (lowest) first.
 *
 * @example
 * merged.asks.slice(0, 5).map((l) => l.price.toString())
 */
export interface MergedBook {
  readonly at: Date
  readonly bids: readonly MergedLevel[]
  readonly asks: readonly MergedLevel[]
  /** Every pair, in the order given, stale ones included and flagged. */
  readonly venues: readonly PairQuote[]
}

/**
 * The prices of two pairs against each other. Every difference is `undefined` while either pair is
 * stale or lacks the side it needs.
 *
 * @example
 * if (s.buyASellB?.isPositive()) console.log(`buy on ${s.a.venue}, sell on ${s.b.venue}`)
 */
export interface CrossSpread {
  readonly at: Date
  readonly a: PairQuote
  readonly b: PairQuote
  /** `b.bid - a.ask`: positive when buying on A and selling on B gains. */
  readonly buyASellB: Decimal | undefined
  /** `a.bid - b.ask`: positive when buying on B and selling on A gains. */
  readonly buyBSellA: Decimal | undefined
  /** `mid(b) - mid(a)`. */
  readonly midDiff: Decimal | undefined
  /** `midDiff / mid(a)` in basis points. */
  readonly midDiffBps: Decimal | undefined
  /** True when either pair is stale. */
  readonly stale: boolean
}

/**
 * Options of the aggregation operators.
 *
 * @example
 * bestBidAsk$(sources, { scheduler: testScheduler })
 */
export interface AggregateStreamOptions {
  /** Gives `at` and each quote's age. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike | undefined
}
