import { defer, filter, map, retry, throwError, timer, type Observable, type SchedulerLike } from 'rxjs'
import { VenueError } from '../lib/core/errors.js'
import type { OrderBook, UnifiedSymbol } from '../lib/core/model.js'
import type { ApplyResult } from '../lib/book/apply-result.js'
import { L2Book } from '../lib/book/l2-book.js'
import type { SequenceRule } from '../lib/book/sequence-rule.js'
import { unsequenced } from '../lib/book/sequence-rules.js'
import { Backoff, type BackoffOptions } from '../lib/transport/backoff.js'
import { capabilityError, type Venue } from '../lib/venues/venue.js'

/** Options of {@link orderBook$}. */
export interface OrderBookOptions {
  /** Levels per side to keep and show. Default: the venue's full book. */
  readonly depth?: number | undefined
  /** Continuity rule. Default: the venue's own `bookSequence`, else none. */
  readonly sequence?: SequenceRule | undefined
  /**
   * Delay before a resync resubscribes: full jitter from 250 ms, doubling up to 10 s while the book
   * keeps breaking, back to 250 ms after 30 s in sync.
   */
  readonly resyncBackoff?: BackoffOptions | undefined
  readonly scheduler?: SchedulerLike | undefined
}

/**
 * The one error a broken book raises inside {@link orderBook$}: a gap, a crossed book or an invalid
 * level. `orderBook$` catches it and rebuilds from a fresh snapshot; it only reaches a subscriber of
 * {@link bookFromChanges} used on its own.
 */
export class BookResyncError extends VenueError {
  override readonly name = 'BookResyncError'
  readonly result: Exclude<ApplyResult, { kind: 'applied' | 'stale' }>

  constructor(venue: string, symbol: string, result: Exclude<ApplyResult, { kind: 'applied' | 'stale' }>) {
    super({
      kind: 'temporary',
      venue,
      code: `book-${result.kind}`,
      message: `${symbol} book ${describe(result)}`,
    })
    this.result = result
  }
}

function describe(r: Exclude<ApplyResult, { kind: 'applied' | 'stale' }>): string {
  switch (r.kind) {
    case 'gap':
      return `sequence gap: expected ${String(r.expected)}, got ${String(r.got)}`
    case 'crossed':
      return `crossed: best bid ${r.bestBid.toString()} >= best ask ${r.bestAsk.toString()}`
    case 'invalid':
      return `invalid ${r.side} level [${r.price}, ${r.size}]`
  }
}

/**
 * Folds a venue's book changes into book views; a stale change emits nothing, and a gap, crossed book
 * or invalid level errors with {@link BookResyncError}. One book per subscription.
 *
 * ```
 * changes: S--d--d--d(gap)
 * views:   v--v--v--#BookResyncError
 * ```
 */
export function bookFromChanges(
  venue: Venue,
  symbol: UnifiedSymbol,
  options: Pick<OrderBookOptions, 'depth' | 'sequence'> = {},
): Observable<OrderBook> {
  return defer(() => {
    const book = new L2Book({
      venue: venue.id,
      symbol,
      depth: options.depth,
      sequence: options.sequence ?? venue.bookSequence ?? unsequenced,
    })
    return venue.bookChanges$(symbol, { depth: options.depth }).pipe(
      map((change) => {
        const result = book.applyChange(change)
        if (result.kind === 'applied') return book.view()
        if (result.kind === 'stale') return undefined
        throw new BookResyncError(venue.id, symbol, result)
      }),
      filter((view): view is NonNullable<typeof view> => view !== undefined),
    )
  })
}

/**
 * A venue's L2 book, kept exact and self-healing: every snapshot and delta is applied to a local
 * {@link L2Book} and checked with the venue's sequence rule; on a gap, a crossed book or an invalid
 * level the venue stream is resubscribed and the book rebuilt from a fresh snapshot. Errors that are
 * not about the book (auth, a closed venue) pass through.
 *
 * ```
 * changes: S-d-d-(gap)|      resubscribe → S'-d-d
 * views:   v-v-v-------------------------- v-v-v
 * ```
 *
 * @example
 * orderBook$(venue, 'BTC/USDT', { depth: 10 }).subscribe((book) => console.log(book.bids[0]?.price.toString()))
 */
export function orderBook$(
  venue: Venue,
  symbol: UnifiedSymbol,
  options: OrderBookOptions = {},
): Observable<OrderBook> {
  const unsupported = capabilityError(venue, { kind: 'book', depth: options.depth })
  if (unsupported !== undefined) return throwError(() => unsupported)
  return defer(() => {
    const backoff = new Backoff({
      initialMs: 250,
      maxMs: 10_000,
      ...options.resyncBackoff,
      scheduler: options.scheduler ?? options.resyncBackoff?.scheduler,
    })
    return bookFromChanges(venue, symbol, options).pipe(
      map((view) => {
        backoff.succeeded()
        return view
      }),
      retry({
        delay: (error: unknown) =>
          error instanceof BookResyncError
            ? timer(backoff.next(), options.scheduler)
            : throwError(() => error),
      }),
    )
  })
}
