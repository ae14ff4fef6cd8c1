/**
 * The send deadline of an order command, before its request reaches the rate limiter: the steps it
 * waits for first (the symbol map, the venue clock) count against it too.
 */
import { throwError, timeout, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs'
import { VenueError } from '../../../core/errors.js'

/**
 * Fails with `rate-limit` when `source` (a step an order command waits for before it can be sent) has
 * not emitted by `sendBy` (scheduler time): the command is then never sent. `undefined` sets no limit.
 *
 * ```
 * sendBy 500, the symbol map arrives at 800:
 * source:  800ms a
 * result:  500ms #     rate-limit: not sent within its deadline, still waiting for the symbol map
 * ```
 *
 * @example
 * ctx.symbols().pipe(beforeSendDeadline(sendBy, ctx.scheduler, 'bybit', 'the symbol map'))
 */
export function beforeSendDeadline<T>(
  sendBy: number | undefined,
  scheduler: SchedulerLike,
  venue: string,
  waitingFor: string,
): MonoTypeOperatorFunction<T> {
  if (sendBy === undefined) return (source) => source
  return (source) =>
    source.pipe(
      timeout({
        first: Math.max(0, sendBy - scheduler.now()),
        scheduler,
        with: () =>
          throwError(
            () =>
              new VenueError({
                kind: 'rate-limit',
                venue,
                message: `not sent within its deadline: still waiting for ${waitingFor}`,
              }),
          ),
      }),
    )
}
