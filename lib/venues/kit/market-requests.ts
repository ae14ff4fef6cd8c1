/**
 * A market data request checked against what the venue serves, before anything is sent or subscribed.
 */
import { VenueError } from '../../core/errors.js'
import type { CandleInterval, VenueId } from '../../core/model.js'
import { own } from '../../core/own.js'
import { shownValue } from './decimal-input.js'

/**
 * The book depth serving a requested one: the smallest served depth at or above it, the deepest when
 * none is asked. Levels beyond the requested depth may then arrive; a book of that depth trims them.
 *
 * @throws VenueError `invalid-request` naming what is accepted (a whole number from 1 to the deepest
 * served) and the depths it is served from, when none serves the request.
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
  const deepest = depths[depths.length - 1] as number
  throw new VenueError({
    kind: 'invalid-request',
    venue,
    message:
      `${venue} does not support book depth ${shownDepth(requested)}: depth must be a whole number from 1 ` +
      `to ${deepest} (served from its ${depths.join(', ')} level books)`,
  })
}

/**
 * The depth asked of a venue that serves any depth (its whole book, trimmed): a whole number > 0, or
 * none.
 *
 * @throws VenueError `invalid-request` naming the value, for anything else.
 * @example
 * anyBookDepth('coinbase', 10) // 10
 */
export function anyBookDepth(venue: VenueId, requested: number | undefined): number | undefined {
  if (requested === undefined || (Number.isSafeInteger(requested) && requested > 0)) return requested
  throw new VenueError({
    kind: 'invalid-request',
    venue,
    message: `${venue} does not support book depth ${shownDepth(requested)}: depth must be a whole number > 0`,
  })
}

/** A depth as a message shows it: a number as it is, anything else with its type. */
function shownDepth(depth: unknown): string {
  return typeof depth === 'number' ? String(depth) : shownValue(depth)
}

/**
 * The venue's name of a live candle interval.
 *
 * @throws VenueError `invalid-request` when the venue has no such interval, naming the ones it has.
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
    message: `${venue} does not support live ${shownInterval(interval)} candles (it streams ${Object.keys(codes).join(', ')})`,
  })
}

/**
 * An interval as a message shows it: a non-empty string as it is, anything else (an empty string,
 * `undefined`, a number) with its type, so that the message never reads `live  candles`.
 *
 * @example
 * shownInterval('7m') // '7m'
 * shownInterval('')   // 'string ""'
 */
export function shownInterval(interval: unknown): string {
  return typeof interval === 'string' && interval.trim() !== '' ? interval : shownValue(interval)
}
