/**
 * How many records a long run keeps: one rule for every retention option.
 */
import { VenueError } from '../core/errors.js'

/**
 * A retention option's value: a whole number >= 0, or `Infinity` (keep all); `fallback` when absent.
 *
 * @throws VenueError `invalid-request` for anything else, naming the option.
 * @example
 * const keep = keptCount('keepFinishedOrders', options.keepFinishedOrders, 10_000)
 */
export function keptCount(name: string, value: number | undefined, fallback: number): number {
  const n = value ?? fallback
  if (n >= 0 && (Number.isInteger(n) || n === Infinity)) return n
  throw new VenueError({
    kind: 'invalid-request',
    message: `${name} must be a whole number >= 0 or Infinity, got ${String(value)}`,
  })
}
