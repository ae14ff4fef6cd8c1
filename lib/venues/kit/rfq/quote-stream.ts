/**
 * Quotes asked for again before each one expires.
 */
import { defer, expand, mergeMap, retry, throwError, timer, type Observable, type SchedulerLike } from 'rxjs'
import { VenueError } from '../../../core/errors.js'
import type { RfqQuote } from '../../contract/rfq.js'

/**
 * How {@link quoteStream$} paces and retries.
 *
 * @example
 * const pacing: QuoteStreamPacing = { everyMs: 2000, marginMs: 500, now: () => Date.now(), scheduler: asyncScheduler, retryDelay }
 */
export interface QuoteStreamPacing {
  /** Ask again this long after a quote arrived, if that is sooner than its expiry less the margin. */
  readonly everyMs?: number | undefined
  /** Ask this long before a quote expires (at most half its life). */
  readonly marginMs: number
  now(): number
  readonly scheduler: SchedulerLike
  /** The delay before asking again after a retryable failure (the kit's backoff). */
  retryDelay(error: unknown, attempt: number): Observable<unknown>
}

/**
 * `ask()` subscribed again before each quote it emits expires, until unsubscribed. A retryable failure
 * asks again after the backoff; any other fails the stream.
 *
 * ```
 * quote lives 3000 ms, margin 500:  q1 ── 2500ms ── q2 ── 2500ms ── q3 …
 * everyMs 1000:                      q1 ── 1000ms ── q2 ── 1000ms ── q3 …
 * ```
 *
 * @example
 * quoteStream$(() => rfq.quote$(request), pacing).subscribe(show)
 */
export function quoteStream$(
  ask: () => Observable<RfqQuote>,
  pacing: QuoteStreamPacing,
): Observable<RfqQuote> {
  const one = () =>
    defer(ask).pipe(
      retry({
        delay: (e: unknown, n: number) =>
          e instanceof VenueError && e.retryable ? pacing.retryDelay(e, n) : throwError(() => e),
      }),
    )
  return one().pipe(expand((quote) => timer(nextAskIn(quote, pacing), pacing.scheduler).pipe(mergeMap(one))))
}

/** When to ask for the quote after `quote`, in ms from now. */
function nextAskIn(quote: RfqQuote, pacing: QuoteStreamPacing): number {
  const now = pacing.now()
  const expiry = quote.expiresAt.getTime()
  const life = Math.max(0, expiry - quote.timestamp.getTime())
  const beforeExpiry = Math.max(0, expiry - now - Math.min(pacing.marginMs, life / 2))
  return pacing.everyMs === undefined ? beforeExpiry : Math.min(Math.max(0, pacing.everyMs), beforeExpiry)
}
