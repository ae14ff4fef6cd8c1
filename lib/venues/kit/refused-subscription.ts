/**
 * An account subscription the venue refused for a passing reason, made again: after a clock resync
 * (the refusal may be for the signed timestamp) and a pause that doubles from 1 s to 60 s.
 */
import {
  catchError,
  concat,
  EMPTY,
  ignoreElements,
  retry,
  throwError,
  timer,
  type MonoTypeOperatorFunction,
  type Observable,
  type SchedulerLike,
} from 'rxjs'
import type { ErrorKind } from '../../core/errors.js'
import type { Logger } from '../../core/logging.js'

/** The kinds of refusal worth subscribing again for; any other (a bad key) fails the stream. */
const PASSING: readonly ErrorKind[] = ['clock-skew', 'rate-limit', 'temporary']

/**
 * Subscribes again after a refusal whose kind (`kindOf`) is a clock skew, a rate limit or a passing
 * fault; other errors go through.
 *
 * @example
 * socket.topic$('userData', { subscribe: signedSubscribe }).pipe(resubscribeRefused(ctx, (e) => kindOfRefusal(e)))
 */
export function resubscribeRefused<T>(
  host: {
    readonly logger: Logger
    readonly scheduler: SchedulerLike
    readonly clock: { resync(): Observable<unknown> }
  },
  kindOf: (e: unknown) => ErrorKind | undefined,
): MonoTypeOperatorFunction<T> {
  return retry({
    delay: (e: unknown, n: number) => {
      const kind = kindOf(e)
      if (kind === undefined || !PASSING.includes(kind)) return throwError(() => e)
      host.logger.warn('account subscription refused; subscribing again', { error: e, attempt: n })
      return concat(
        host.clock.resync().pipe(
          ignoreElements(),
          catchError(() => EMPTY),
        ),
        timer(Math.min(60_000, 1000 * 2 ** (n - 1)), host.scheduler),
      )
    },
  })
}
