import { asyncScheduler, defer, distinctUntilChanged, map, type Observable } from 'rxjs'
import { checkMergeOptions, mergeBooks, type MergeBooksOptions } from './merge-books.js'
import { combinePairs } from './combine-pairs.js'
import type { PairState } from './pair-state.js'
import { sameMergedBook } from './same.js'
import type { AggregateStreamOptions, MergedBook } from './types.js'

/**
 * Options of {@link mergedBook$}.
 *
 * @example
 * mergedBook$(sources, { depth: 10, fees: { binance: new Decimal('0.001') } })
 */
export interface MergedBookStreamOptions extends AggregateStreamOptions, Partial<MergeBooksOptions> {
  /** Levels per side. Default 20. */
  readonly depth?: number | undefined
}

const DEFAULT_DEPTH = 20

/**
 * The pairs' books merged into one (see {@link mergeBooks}), each time a pair's state changes it: a
 * result equal to the previous one in prices, sizes (each venue's part included) and stale flags is not
 * emitted. Emits once every source has emitted (no sources: completes at once); stale pairs add no
 * level. A bad `depth` or fee errors the stream with a `VenueError` of kind `invalid-request` before
 * any source is subscribed.
 * A pair whose state stream fails stays in, `disconnected` with its `error`, and the others go on; it
 * is subscribed again with backoff (1 s doubling to 30 s) and its error clears at its next fresh state.
 * The result fails once every pair is failed at the same moment, or at once on an `invalid-request` or
 * `auth` error.
 *
 * ```
 * staleAfterMs 5 ms, depth 2
 * bybit books:   -a---c-----    a, c: bids 100×1 99×2, asks 101×1 102×1 (c: the same levels again)
 * binance books: --b--------    b: bids 100×3 98×1, asks 101×2 103×5
 * merged:        nab----s--e    n: empty; a: bybit's; b: bids 100×4 99×2, asks 101×3 102×1;
 *                               s: bybit's again (binance silent since 7); e: empty (bybit silent since 10)
 * ```
 *
 * @example
 * mergedBook$(sources, { depth: 10 }).subscribe((book) => render(book.bids, book.asks))
 */
export function mergedBook$(
  sources: readonly Observable<PairState>[],
  options: MergedBookStreamOptions = {},
): Observable<MergedBook> {
  const scheduler = options.scheduler ?? asyncScheduler
  const merge = { depth: options.depth ?? DEFAULT_DEPTH, fees: options.fees }
  return defer(() => {
    // checked once before any source is subscribed, so a bad option fails at once, not at the first book
    checkMergeOptions(merge)
    return combinePairs(sources, scheduler)
  }).pipe(
    map((states) => mergeBooks(states, merge, scheduler.now())),
    distinctUntilChanged(sameMergedBook),
  )
}
