import { VenueError } from '../../core/errors.js'
import type { VenueId } from '../../core/model.js'

/**
 * A request's `limit` (levels, trades) checked before sending: an integer from 1 to the venue's
 * maximum for that request.
 *
 * @throws VenueError `invalid-request` naming what and the range.
 * @example
 * checkLimit('bybit', options.limit ?? 200, 200, 'order book limit') // throws for 0, 1.5 or 201
 */
export function checkLimit(venue: VenueId, limit: number, max: number, what: string): number {
  if (Number.isInteger(limit) && limit >= 1 && limit <= max) return limit
  throw new VenueError({
    kind: 'invalid-request',
    venue,
    message: `${what} must be 1 to ${max}, got ${limit}`,
  })
}
