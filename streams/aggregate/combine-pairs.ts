import { asyncScheduler, combineLatest, defer, Observable, type SchedulerLike, type Subscription } from 'rxjs'
import { VenueError } from '../../lib/core/errors.js'
import type { PairState } from './pair-state.js'

/** An error of the request itself (an unknown symbol, a bad option, bad keys): no pair recovers from it. */
function callersFault(e: unknown): boolean {
  return !(e instanceof VenueError) || e.kind === 'invalid-request' || e.kind === 'auth'
}

/** Waits before a failed pair is subscribed again: 1 s doubling to 30 s, from 1 s again once it recovered. */
const RETRY_INITIAL_MS = 1000
const RETRY_MAX_MS = 30_000

/**
 * The latest state of every pair, once each has one (like `combineLatest`), outliving the failure of
 * some of them. A pair whose stream fails (its venue never reached within the client's
 * `connectTimeoutMs`, a venue error its stream gave up on) stays in the list as its last state, stale
 * (`disconnected`) with the `error`, and the others go on. The failed pair is subscribed again after
 * 1 s, then after waits doubling to 30 s while it keeps failing, on `scheduler`; its stale states
 * meanwhile are not shown, and its first fresh state replaces the failed one (no `error`). The result
 * fails when every pair is failed at the same moment (with the last error), and at once on an error of
 * the request itself: `invalid-request` (an unknown symbol), `auth`, or anything that is no `VenueError`.
 *
 * ```
 * bybit:   -a---b-------
 * binance: --c-#  1000ms --d     #: network (never reached); subscribed again 1 s later
 * out:     -xy-zw         v      z: binance disconnected with the error; w: b with binance still flagged;
 *                                v: binance fresh again with d
 * ```
 *
 * @example
 * combinePairs([bybit$, binance$], scheduler).subscribe((states) => states.filter((s) => !s.stale))
 */
export function combinePairs(
  sources: readonly Observable<PairState>[],
  scheduler: SchedulerLike = asyncScheduler,
): Observable<PairState[]> {
  return defer(() => {
    // the pairs failed now (each until its next fresh state)
    const failed = new Set<number>()
    const kept = sources.map(
      (source, index) =>
        new Observable<PairState>((subscriber) => {
          let last: PairState | undefined
          let failures = 0
          let wire: Subscription | undefined
          let pending: Subscription | undefined
          const start = (): void => {
            pending = undefined
            wire = source.subscribe({
              next: (state) => {
                if (failed.has(index)) {
                  // the failed state with its error stands until the pair is fresh again
                  if (state.stale) return
                  failed.delete(index)
                  failures = 0
                }
                last = state
                subscriber.next(state)
              },
              error: (e: unknown) => {
                const again = failed.has(index)
                failed.add(index)
                if (last === undefined || callersFault(e) || failed.size === sources.length) {
                  subscriber.error(e)
                  return
                }
                if (!again) {
                  last = { ...last, stale: true, staleReason: 'disconnected', error: e as VenueError }
                  subscriber.next(last)
                }
                const wait = Math.min(RETRY_MAX_MS, RETRY_INITIAL_MS * 2 ** failures)
                failures += 1
                pending = scheduler.schedule(start, wait)
              },
              complete: () => subscriber.complete(),
            })
          }
          start()
          return () => {
            wire?.unsubscribe()
            pending?.unsubscribe()
          }
        }),
    )
    return combineLatest(kept)
  })
}
