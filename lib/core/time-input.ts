/**
 * Times as callers give them: a `Date`, epoch milliseconds, or an ISO 8601 string.
 */
import { VenueError } from './errors.js'

/**
 * A point in time: a `Date`, epoch milliseconds (`1704067200000`), or an ISO 8601 string: a date
 * (`2024-01-01`, midnight UTC) or a date and time with its zone (`2024-01-01T12:00:00Z`,
 * `2024-01-01T13:00+01:00`).
 *
 * @example
 * const from: TimeInput = '2024-01-01'
 * history.candles('bybit', 'BTC/USDT', { interval: '1h', from, to: Date.now() })
 */
export type TimeInput = Date | number | string

// a date, or a date and time that says its zone: without one, JavaScript would read it as local time
const ISO = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i

/**
 * `value` in epoch milliseconds, or an `invalid-request` error naming `field` and the value given.
 *
 * @example
 * toEpochMs('2024-01-01', 'from')  // 1704067200000
 * toEpochMs('yesterday', 'from')   // VenueError(invalid-request): from "yesterday" is not a time: …
 */
export function toEpochMs(value: unknown, field: string, venue?: string): number | VenueError {
  let ms = NaN
  if (value instanceof Date) ms = value.getTime()
  else if (typeof value === 'number') ms = value
  else if (typeof value === 'string' && ISO.test(value.trim())) ms = Date.parse(value.trim())
  if (Number.isFinite(ms)) return ms
  const shown = value instanceof Date ? 'an invalid Date' : describe(value)
  return new VenueError({
    kind: 'invalid-request',
    venue,
    message:
      `${field} ${shown} is not a time: give a Date, epoch milliseconds or an ISO 8601 string ` +
      '(2024-01-01, 2024-01-01T12:00:00Z)',
  })
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value)
  return `(${typeof value})`
}
