/**
 * Checks of a plain value a caller gives a venue (an option, a venue's own order field): one of the
 * values the venue takes, or a whole number within its range, refused naming the field and showing
 * what was given, as `decimalProblem` does for a `Decimal`.
 */
import { shownValue } from './decimal-input.js'

/**
 * Why `value` is not one of `allowed` for `field`, or `undefined` when it is one (`undefined` itself
 * passes when `optional`).
 *
 * @example
 * oneOfProblem('platform', 'web', ['api', 'browser', 'margin']) // 'platform must be one of api, browser, margin, got string "web"'
 * oneOfProblem('platform', undefined, ['api'], true)           // undefined
 */
export function oneOfProblem(
  field: string,
  value: unknown,
  allowed: readonly unknown[],
  optional = false,
): string | undefined {
  if ((optional && value === undefined) || allowed.includes(value)) return undefined
  return `${field} must be one of ${allowed.map(String).join(', ')}, got ${shownValue(value)}`
}

/**
 * Why `value` is not a whole number from `min` to `max` (a safe integer) for `field`, or `undefined`
 * when it is one; `unit` names what it counts.
 *
 * @example
 * wholeNumberProblem('slippageBps', 2.5, 0, 10_000, 'basis points') // 'slippageBps must be a whole number of basis points from 0 to 10000, got number 2.5'
 * wholeNumberProblem('depth', 50, 1, 200)                            // undefined
 */
export function wholeNumberProblem(
  field: string,
  value: unknown,
  min: number,
  max: number,
  unit?: string,
): string | undefined {
  if (Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max) return undefined
  const of = unit === undefined ? '' : ` of ${unit}`
  return `${field} must be a whole number${of} from ${min} to ${max}, got ${shownValue(value)}`
}
