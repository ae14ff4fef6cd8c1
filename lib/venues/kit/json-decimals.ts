/**
 * Request bodies for a venue that reads prices and sizes as JSON numbers (FalconX's `limit_price`): a
 * `Decimal` written as a JSON number of its exact digits, never through a double.
 */
import { Decimal } from '../../core/decimal.js'

/** A NUL character as `JSON.stringify` writes it in a string. */
const NUL = '\\u0000'

/**
 * `JSON.stringify(value)`, except that every `Decimal` in it is written as a JSON number of its exact
 * digits (`toFixed()`: no exponent, nothing rounded) rather than as a string; one that is not finite is
 * `null`, as `JSON.stringify` writes `NaN`. Everything else is written as `JSON.stringify` writes it.
 *
 * @example
 * jsonWithDecimals({ limit_price: new Decimal('60000.10000000000000000001'), side: 'buy' })
 * // '{"limit_price":60000.10000000000000000001,"side":"buy"}'
 */
export function jsonWithDecimals(value: object): string {
  // each Decimal is first a string of a marker and its digits; the marker is a run of NULs longer than
  // any a string of the value holds, so that no string of the value is taken for one
  const longest = Math.max(0, ...(JSON.stringify(value).match(/(?:\\u0000)+/g) ?? []).map((r) => r.length))
  const marker = '\u0000'.repeat(longest / NUL.length + 1)
  // the replacer sees what `toJSON` made of a value; the holder still has the Decimal
  const text = JSON.stringify(value, function (this: Record<string, unknown>, k: string, v: unknown) {
    const own = this[k]
    if (!(own instanceof Decimal)) return v
    return own.isFinite() ? `${marker}${own.toFixed()}` : null
  })
  return text.replace(new RegExp(`"(?:\\\\u0000){${marker.length}}(-?[0-9.]+)"`, 'g'), '$1')
}
