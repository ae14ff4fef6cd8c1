import * as t from 'io-ts'
import { Decimal } from '../core/decimal.js'

/**
 * True when `s` is a plain decimal as venues write them: an optional `-`, one or more digits, and
 * optionally `.` followed by one or more digits (`"65000.12"`, `"0"`, `"-1.5"`, `"0.00100000"`).
 *
 * Refused on purpose: `""`, whitespace, `"+1"`, `".5"`, `"1."`, exponents (`"1e-5"`), `"NaN"`,
 * `"Infinity"`, hex (`"0x10"`). No venue sends these for a price or size, so seeing one means the
 * payload is not what we think it is. A character scan, not a regex: this runs for every book level.
 *
 * @example
 * isPlainDecimal('0.00100000') // true
 * isPlainDecimal('1e-5')       // false
 */
export function isPlainDecimal(s: string): boolean {
  const n = s.length
  let i = n > 0 && s.charCodeAt(0) === 45 ? 1 : 0 // '-'
  const intStart = i
  while (i < n && isDigit(s.charCodeAt(i))) i++
  if (i === intStart) return false
  if (i === n) return true
  if (s.charCodeAt(i) !== 46) return false // '.'
  const fracStart = ++i
  while (i < n && isDigit(s.charCodeAt(i))) i++
  return i === n && i > fracStart
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

/**
 * A plain decimal string (see {@link isPlainDecimal}) decoded to a {@link Decimal}; encodes back to a
 * plain string.
 *
 * @example
 * DecimalString.decode('65000.12')  // Right(Decimal 65000.12)
 * DecimalString.decode(12.5)        // Left: expected decimal string, got 12.5
 */
export const DecimalString = new t.Type<Decimal, string, unknown>(
  'decimal string',
  (u): u is Decimal => u instanceof Decimal,
  (u, c) => (typeof u === 'string' && isPlainDecimal(u) ? t.success(new Decimal(u)) : t.failure(u, c)),
  (d) => d.toFixed(),
)

/**
 * Marks a string checked by `isPlainDecimal`, so an unchecked string cannot pass for one.
 *
 * @example
 * type Checked = t.Branded<string, DecimalTextBrand> // what DecimalText.decode yields: the type DecimalText
 */
export interface DecimalTextBrand {
  readonly DecimalText: unique symbol
}

/** A string known to hold a plain decimal, kept as text until someone needs the number. */
export type DecimalText = t.Branded<string, DecimalTextBrand>

/**
 * A plain decimal string, validated and kept as the venue's text (no `Decimal` is built), for hot
 * paths that compare or store levels before doing arithmetic.
 *
 * @example
 * DecimalText.decode('0.50')  // Right('0.50')
 * DecimalText.decode('.5')    // Left: expected decimal string, got ".5"
 */
export const DecimalText = new t.Type<DecimalText, string, unknown>(
  'decimal string',
  (u): u is DecimalText => typeof u === 'string' && isPlainDecimal(u),
  (u, c) => (typeof u === 'string' && isPlainDecimal(u) ? t.success(u as DecimalText) : t.failure(u, c)),
  (s) => s,
)

/**
 * A plain decimal string or a JSON number, decoded to a {@link Decimal}.
 *
 * A number is read through its shortest round-trip text `String(n)`. That is exactly what the venue
 * wrote whenever it wrote at most 15 significant digits (every such text survives the trip through a
 * double); longer texts were already rounded by `JSON.parse`, before any code of ours ran. `NaN` and
 * infinities are refused.
 *
 * @example
 * DecimalOrNumber.decode(0.1)     // Right(Decimal 0.1), not 0.1000000000000000055…
 * DecimalOrNumber.decode('0.1')   // Right(Decimal 0.1)
 */
export const DecimalOrNumber = new t.Type<Decimal, string, unknown>(
  'decimal string or number',
  (u): u is Decimal => u instanceof Decimal,
  (u, c) => {
    if (typeof u === 'string') return isPlainDecimal(u) ? t.success(new Decimal(u)) : t.failure(u, c)
    return typeof u === 'number' && Number.isFinite(u) ? t.success(new Decimal(String(u))) : t.failure(u, c)
  },
  (d) => d.toFixed(),
)
