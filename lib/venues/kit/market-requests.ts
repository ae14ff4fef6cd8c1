/**
 * A market data request checked against what the venue serves, before anything is sent or subscribed.
 */
import { VenueError } from '../../core/errors.js'
import type { CandleInterval, VenueId } from '../../core/model.js'
import { own } from '../../core/own.js'

/**
 * The book depth serving a requested one: the smallest served depth at or above it, the deepest when
 * none is asked. Levels beyond the requested depth may then arrive; a book of that depth trims them.
 *
 * @throws VenueError `invalid-request` naming the served depths, when none serves the request.
 * @example
 * servedBookDepth('bybit', [1, 50, 200], 10) // 50
 */
export function servedBookDepth(
  venue: VenueId,
  depths: readonly number[],
  requested: number | undefined,
): number {
  if (requested === undefined) return depths[depths.length - 1] as number
  const depth = Number.isInteger(requested) && requested > 0 ? depths.find((d) => d >= requested) : undefined
  if (depth !== undefined) return depth
  throw new VenueError({
    kind: 'invalid-request',
    venue,
    message: `${venue} does not support book depth ${requested} (supported: ${depths.join(', ')})`,
  })
}

/**
 * The venue's name of a live candle interval.
 *
 * @throws VenueError `invalid-request` when the venue has no such interval.
 * @example
 * liveCandleCode('bybit', BYBIT_INTERVALS, '1h') // '60'
 */
export function liveCandleCode(
  venue: VenueId,
  codes: Readonly<Partial<Record<CandleInterval, string>>>,
  interval: CandleInterval,
): string {
  const code = own(codes, interval)
  if (code !== undefined) return code
  throw new VenueError({
    kind: 'invalid-request',
    venue,
    message: `${venue} does not support live ${String(interval)} candles`,
  })
}
