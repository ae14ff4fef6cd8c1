import { asyncScheduler, defer, filter, map, Observable, throwError, type SchedulerLike } from 'rxjs'
import { VenueError } from '../../core/errors.js'
import type { BookChange, OrderBook, UnifiedSymbol } from '../../core/model.js'
import type { ApplyResult } from '../../book/apply-result.js'
import { L2Book } from '../../book/l2-book.js'
import type { SequenceRule } from '../../book/sequence-rule.js'
import { unsequenced } from '../../book/sequence-rules.js'
import { Backoff, type BackoffOptions } from '../../transport/backoff.js'
import { capabilityError, type Venue } from '../contract/index.js'
import { recoverable } from './recoverable.js'
import { retryLoop } from './retry-loop.js'

/**
 * Options of {@link bookFromChanges} and of the book streams built on a driver directly.
 *
 * @example
 * const options: OrderBookOptions = { depth: 20, sequence: consecutiveUpdateIds, resyncBackoff: { initialMs: 500 } }
 */
export interface OrderBookOptions {
  /**
   * Levels per side to show. A venue that streams fixed depths streams the next deeper one and the
   * view is cut to this. Default: the venue's default book.
   */
  readonly depth?: number | undefined
  /** Continuity rule. Default: the venue's own `bookSequence`, else none. */
  readonly sequence?: SequenceRule | undefined
  /**
   * Delay before a resync resubscribes: full jitter from 250 ms, doubling up to 10 s while the book
   * keeps breaking, back to 250 ms after 30 s in sync.
   */
  readonly resyncBackoff?: BackoffOptions | undefined
  readonly scheduler?: SchedulerLike | undefined
  /** Told of every broken book before it is rebuilt (the client turns these into `resync` events). */
  readonly onResync?: ((error: BookResyncError) => void) | undefined
}

/**
 * The one error a broken book raises inside {@link orderBook$}: a gap, a crossed book or an invalid
 * level. `orderBook$` catches it and rebuilds from a fresh snapshot; it only reaches a subscriber of
 * {@link bookFromChanges} used on its own.
 *
 * @example
 * bookFromChanges(venue, 'BTC/USDT').subscribe({
 *   error: (e) => e instanceof BookResyncError && console.log(e.result.kind), // 'gap', 'crossed' or 'invalid'
 * })
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
 *
 * @example
 * // keep your own resync policy instead of orderBook$'s
 * bookFromChanges(venue, 'BTC/USDT', { depth: 50 }).pipe(retry({ count: 3 })).subscribe(render)
 */
export function bookFromChanges(
  venue: Venue,
  symbol: UnifiedSymbol,
  options: Pick<OrderBookOptions, 'depth' | 'sequence'> = {},
): Observable<OrderBook> {
  return defer(() => {
    const book = openBook(venue, symbol, options)
    return venue.bookChanges$(symbol, { depth: book.feed }).pipe(
      map((change) => {
        const view = book.apply(change)
        if (view instanceof BookResyncError) throw view
        return view
      }),
      filter((view): view is OrderBook => view !== undefined),
    )
  })
}

/** A fresh local book for a venue's changes: the depth to stream, and one change applied at a time. */
function openBook(
  venue: Venue,
  symbol: UnifiedSymbol,
  options: Pick<OrderBookOptions, 'depth' | 'sequence'>,
): { readonly feed: number | undefined; apply(change: BookChange): OrderBook | BookResyncError | undefined } {
  const feed = feedDepth(venue, options.depth)
  const book = new L2Book({
    venue: venue.id,
    symbol,
    // a feed of fixed depth is trimmed as the venue trims it; any other (Binance's diff depth) is kept
    // whole, since the venue never sends a level again that a trim would drop, and only views are cut
    depth: venue.capabilities.marketData.bookDepths === undefined ? undefined : feed,
    sequence: options.sequence ?? venue.bookSequence ?? unsequenced,
  })
  const shown = options.depth ?? book.depth
  return {
    feed,
    apply: (change) => {
      const result = book.applyChange(change)
      if (result.kind === 'applied') return book.view(shown)
      if (result.kind === 'stale') return undefined
      return new BookResyncError(venue.id, symbol, result)
    },
  }
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
 * One step per change between the venue's stream and the subscriber: the change is applied and the
 * view handed on in the same call (a process keeping a thousand books pays for every step).
 *
 * @example
 * orderBook$(venue, 'BTC/USDT', { depth: 10 }).subscribe((book) => console.log(book.bids[0]?.price.toString()))
 */
export function orderBook$(
  venue: Venue,
  symbol: UnifiedSymbol,
  options: OrderBookOptions = {},
): Observable<OrderBook> {
  const unsupported = capabilityError(venue, { kind: 'book', depth: feedDepth(venue, options.depth) })
  if (unsupported !== undefined) return throwError(() => unsupported)
  return new Observable<OrderBook>((subscriber) => {
    const scheduler = options.scheduler ?? options.resyncBackoff?.scheduler ?? asyncScheduler
    const backoff = new Backoff({ initialMs: 250, maxMs: 10_000, ...options.resyncBackoff, scheduler })
    // A broken book, or a failure the venue may recover from (network, timeout, 5xx, rate limit, an
    // open breaker), is retried for as long as someone watches; bad input, auth and a closed venue
    // end the stream.
    const delay = (error: unknown): number | undefined => {
      if (error instanceof BookResyncError) options.onResync?.(error)
      else if (!recoverable(error)) return undefined
      return backoff.next()
    }
    return retryLoop(
      subscriber,
      () => {
        const book = openBook(venue, symbol, options)
        return {
          source: venue.bookChanges$(symbol, { depth: book.feed }),
          next: (change, fail) => {
            const view = book.apply(change)
            if (view === undefined) return
            if (view instanceof BookResyncError) return fail(view)
            backoff.succeeded()
            subscriber.next(view)
          },
        }
      },
      delay,
      scheduler,
    )
  })
}

/**
 * The depth to ask the venue for: the one requested when the venue serves it (or serves any), else
 * the smallest depth it serves that is deeper, so `depth: 5` on a venue with 1/50/200 streams 50 and
 * shows 5. A depth deeper than every served one is passed on, to be refused.
 */
function feedDepth(venue: Venue, depth: number | undefined): number | undefined {
  const served = venue.capabilities.marketData.bookDepths
  if (depth === undefined || served === undefined || served.includes(depth)) return depth
  if (!Number.isInteger(depth) || depth <= 0) return depth
  const deeper = served.filter((d) => d > depth).sort((a, b) => a - b)
  return deeper[0] ?? depth
}
