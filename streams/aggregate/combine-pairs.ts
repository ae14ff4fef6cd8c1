import { catchError, combineLatest, defer, Observable, of, tap, throwError } from 'rxjs'
import { VenueError } from '../../lib/core/errors.js'
import type { PairState } from './pair-state.js'

/** An error of the request itself (an unknown symbol, a bad option, bad keys): no pair recovers from it. */
function callersFault(e: unknown): boolean {
  return !(e instanceof VenueError) || e.kind === 'invalid-request' || e.kind === 'auth'
}

/**
 * The latest state of every pair, once each has one (like `combineLatest`), outliving the failure of
 * some of them. A pair whose stream fails (its venue never reached within the client's
 * `connectTimeoutMs`, a venue error its stream gave up on) stays in the list as its last state, stale
 * (`disconnected`) with the `error`, and the others go on. The result fails when every pair has failed
 * (with the last error), and at once on an error of the request itself: `invalid-request` (an unknown
 * symbol), `auth`, or anything that is no `VenueError`.
 *
 * ```
 * bybit:   -a---b--
 * binance: --c-#        #: network (never reached)
 * out:     -xy-zw--     z: binance disconnected with the error; w: b with binance still flagged
 * ```
 *
 * @example
 * combinePairs([bybit$, binance$]).subscribe((states) => states.filter((s) => !s.stale))
 */
export function combinePairs(sources: readonly Observable<PairState>[]): Observable<PairState[]> {
  return defer(() => {
    let failed = 0
    const kept = sources.map((source) =>
      defer(() => {
        let last: PairState | undefined
        return source.pipe(
          tap((state) => (last = state)),
          catchError((e: unknown) => {
            failed += 1
            if (last === undefined || callersFault(e) || failed === sources.length) return throwError(() => e)
            return of<PairState>({
              ...last,
              stale: true,
              staleReason: 'disconnected',
              error: e as VenueError,
            })
          }),
        )
      }),
    )
    return combineLatest(kept)
  })
}
