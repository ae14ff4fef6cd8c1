/**
 * Small operators of the order manager.
 */
import { Observable, retry, tap, throwError, timer, type SchedulerLike, type Subscription } from 'rxjs'
import { toVenueError, VenueError } from '../core/errors.js'
import type { VenueId } from '../core/model.js'
import { recoverable } from '../venues/kit/recoverable.js'

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

/**
 * Tries again, for as long as it takes, while the failure is one a later try may get past (retryable,
 * or the venue's breaker failing fast): after `firstMs`, doubling up to `maxMs`, never sooner than the
 * venue's retry-after. Other errors go on. For lookups whose answer the manager cannot do without.
 *
 * @example
 * trading.getOrder(ref).pipe(retryRecoverable(scheduler), onNotFound(() => of(undefined)))
 */
export function retryRecoverable<T>(scheduler: SchedulerLike, firstMs = 500, maxMs = 30_000) {
  return (source: Observable<T>) =>
    source.pipe(
      retry({
        delay: (e: unknown, n: number) => {
          if (!recoverable(e)) return throwError(() => e)
          const after = e instanceof VenueError ? (e.retryAfterMs ?? 0) : 0
          return timer(Math.max(after, Math.min(maxMs, firstMs * 2 ** (n - 1))), scheduler)
        },
      }),
    )
}

/**
 * An error of an order command, naming its order: `clientOrderId` set, and the id in the message
 * (`order a1: ...`, or `order a1 buy BTC/USDT ...` for a message about the order). One that names it
 * already passes as it is; kind, code, status and retry hints stay, the original is the cause. Without
 * an id, the error as it is.
 *
 * @example
 * cancel$.pipe(catchError((e: unknown) => throwError(() => named(e, 'bybit', 'grid-1'))))
 */
export function named(e: unknown, venue: VenueId, clientOrderId: string | undefined): unknown {
  if (clientOrderId === undefined) return e
  const error = toVenueError(e, { venue })
  const says = error.message.includes(clientOrderId)
  if (error.clientOrderId === clientOrderId && says) return error
  const message = says
    ? error.message
    : error.message.startsWith('order ')
      ? `order ${clientOrderId} ${error.message.slice('order '.length)}`
      : `order ${clientOrderId}: ${error.message}`
  return new VenueError({
    kind: error.kind,
    venue: error.venue ?? venue,
    code: error.code,
    status: error.status,
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
    clientOrderId,
    message,
    cause: error,
  })
}
