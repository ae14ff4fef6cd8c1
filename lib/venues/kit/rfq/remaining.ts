/**
 * The time left on a quote as a stream.
 */
import { concat, defer, mergeMap, of, timer, type Observable, type SchedulerLike } from 'rxjs'

/**
 * Milliseconds left until `expiresAt` (by `now`): at once, then once a second, and `0` at the expiry
 * itself; then it completes. A quote already expired gives `0` and completes.
 *
 * ```
 * expiresAt = now + 2500:  2500 ─ 1000ms ─ 1500 ─ 1000ms ─ 500 ─ 500ms ─ (0|)
 * ```
 *
 * @example
 * remainingMs$(quote.expiresAt, () => Date.now(), asyncScheduler).subscribe((ms) => render(ms))
 */
export function remainingMs$(
  expiresAt: Date,
  now: () => number,
  scheduler: SchedulerLike,
): Observable<number> {
  const end = expiresAt.getTime()
  const tick = (): Observable<number> =>
    defer(() => {
      const left = Math.max(0, end - now())
      if (left === 0) return of(0)
      return concat(of(left), timer(Math.min(1000, left), scheduler).pipe(mergeMap(tick)))
    })
  return tick()
}
