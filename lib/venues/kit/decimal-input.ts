/**
 * Checks of what a JavaScript caller passes where the types promise a `Decimal` or a `Date`: the
 * compiler does not stand between plain JavaScript (or JSON read back) and the SDK, so a number, a
 * string or an ISO text there is refused with `invalid-request` naming the field, never a `TypeError`
 * from deep inside.
 */
import { Decimal } from '../../core/decimal.js'

/**
 * A value as an error message shows it: its type and text, never more than a short line.
 *
 * @example
 * shownValue(0.01)   // 'number 0.01'
 * shownValue('5')    // 'string "5"'
 */
export function shownValue(value: unknown): string {
  if (value === null || value === undefined) return String(value)
  if (value instanceof Date)
    return `Date ${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()}`
  let text: string
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : String(value)
  } catch {
    text = Object.prototype.toString.call(value)
  }
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`
}

/**
 * Why `value` is not a Decimal for `field`, or `undefined` when it is one (`undefined` itself passes
 * when `optional`).
 *
 * @example
 * decimalProblem('quantity', 0.01)            // "quantity must be a Decimal (new Decimal('…')), got number 0.01"
 * decimalProblem('quantity', new Decimal(1))  // undefined
 */
export function decimalProblem(field: string, value: unknown, optional = false): string | undefined {
  if (optional && value === undefined) return undefined
  if (value instanceof Decimal) return undefined
  return `${field} must be a Decimal (new Decimal('…')), got ${shownValue(value)}`
}

/**
 * Why `value` is not a valid Date for `field`, or `undefined` when it is one.
 *
 * @example
 * dateProblem('quote.expiresAt', '2024-01-01T00:00:00Z') // 'quote.expiresAt must be a Date, got string "2024-…"'
 */
export function dateProblem(field: string, value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return undefined
  return `${field} must be a valid Date, got ${shownValue(value)}`
}
