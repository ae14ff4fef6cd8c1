/**
 * Small operators of the order manager.
 */
import { Observable, tap, type Subscription } from 'rxjs'
import { VenueError } from '../core/errors.js'

/**
 * Runs `side` on an error, which then goes on.
 *
 * @example
 * placed$.pipe(tapError((e) => log.warn('refused', { error: e })))
 */
export function tapError<T>(side: (e: unknown) => void) {
  return (source: Observable<T>) => source.pipe(tap({ error: side }))
}

/**
 * Ends quietly on an error (one reported already).
 *
 * @example
 * reconcile$.pipe(catchAll()).subscribe()
 */
export function catchAll<T>() {
  return (source: Observable<T>) =>
    new Observable<T>((subscriber) =>
      source.subscribe({
        next: (v) => subscriber.next(v),
        complete: () => subscriber.complete(),
        error: () => subscriber.complete(),
      }),
    )
}

/**
 * A `not-found` error becomes what `then` makes; other errors go on.
 *
 * @example
 * trading.getOrder(ref).pipe(map(keep), onNotFound(() => of(undefined)))
 */
export function onNotFound<T>(then: () => Observable<T>) {
  return (source: Observable<T>) =>
    new Observable<T>((subscriber) => {
      let inner: Subscription | undefined
      const outer = source.subscribe({
        next: (v) => subscriber.next(v),
        complete: () => subscriber.complete(),
        error: (e: unknown) => {
          if (e instanceof VenueError && e.kind === 'not-found') inner = then().subscribe(subscriber)
          else subscriber.error(e)
        },
      })
      return () => {
        outer.unsubscribe()
        inner?.unsubscribe()
      }
    })
}
