/**
 * An order lookup that reads the venue's "no such order" as nothing found rather than a failure.
 */
import { catchError, of, throwError, type OperatorFunction } from 'rxjs'
import { VenueError } from '../../../core/errors.js'
import type { VenueId } from '../../../core/model.js'
import { hasCode } from '../error-table.js'

/**
 * `undefined` in place of a `not-found` error, or of one with a code of `codes` (the venue's
 * order-not-found codes, whatever kind the table gives them); any other error goes on.
 *
 * @example
 * send(`/orders/${id}`, GetOrderAnswer).pipe(map((a) => a.order), unknownAsUndefined('prime'))
 */
export function unknownAsUndefined<T>(
  venue: VenueId,
  codes: readonly (string | number)[] = [],
): OperatorFunction<T, T | undefined> {
  return catchError((e: unknown) =>
    (e instanceof VenueError && e.kind === 'not-found') || hasCode(e, venue, codes)
      ? of(undefined)
      : throwError(() => e),
  )
}
