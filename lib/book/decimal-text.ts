/**
 * Reading a venue's decimal strings without floating-point money.
 *
 * A book must order price levels, and ordering `Decimal`s costs far more than ordering numbers. So a price
 * string gets a numeric *order key*: a double used only to compare two prices, never as a price, and
 * only where that is provably exact:
 *
 * 1. A price with at most 15 significant digits is `m × 10^e` with an integer `m < 10^15 < 2^53`, exact
 *    in a double. For `|e| <= 22`, `10^|e|` is exact too, so the key, one IEEE multiplication or division
 *    of two exact operands, is the correctly rounded double of the price (Clinger's fast path).
 * 2. Round-to-nearest is monotone, so `a < b` gives `key(a) <= key(b)`.
 * 3. Every decimal of at most 15 significant digits in the normal range round-trips through a double
 *    (`DBL_DIG` = 15), so rounding is injective on them: `a ≠ b` gives `key(a) ≠ key(b)`.
 *
 * Hence on keyed prices `key(a) < key(b)` exactly when `a < b`, and `key(a) === key(b)` exactly when
 * `a = b` (`'65000.10'` and `'65000.1'` are one level). Any other price (more than 15 significant
 * digits, or too small or large to be written `m × 10^e` with `|e| <= 22`) has the key `NaN`, which
 * compares neither less, greater nor equal to anything, and the book then compares it as a `Decimal`.
 * Venue prices (`'65000.12'`, `'0.00001234'`) always have keys.
 *
 * The scanner also validates: accepted text is `-?digits[.digits]` (a leading or trailing point is
 * allowed, as `isDecimalString` in lib/core allows), with no exponent, `+`, blanks, `NaN` or `Infinity`.
 */

const POW10: readonly number[] = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
]

/**
 * The order key of a price string: a double whose order and equality are exactly those of the decimals
 * (see the module comment), `NaN` when the price has no exact key (compare it as a Decimal), or
 * `undefined` when the text is not a plain decimal.
 *
 * @example
 * orderKey('65000.10') === orderKey('65000.1') // true: one level
 * orderKey('123456789012345678.5')             // NaN: 19 significant digits
 * orderKey('1e5')                              // undefined: not a venue decimal string
 */
export function orderKey(text: string): number | undefined {
  return orderKeyIn(text, 0, text.length)
}

/**
 * {@link orderKey} of `text.slice(start, end)`, read in place.
 *
 * @example
 * orderKeyIn('["65000.10","1"]', 2, 10) // 65000.1
 */
export function orderKeyIn(text: string, start: number, end: number): number | undefined {
  // the common case, at most 15 digits in all and no sign, in one tight pass
  let m = 0
  let point = -1
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48
    if (d >= 0 && d <= 9) m = m * 10 + d
    else if (d === -2 && point < 0) point = i
    else return scanAny(text, start, end)
  }
  const n = end - start
  const digits = point < 0 ? n : n - 1
  if (digits === 0 || digits > 15) return scanAny(text, start, end)
  return point < 0 || point === end - 1 ? m : m / (POW10[end - 1 - point] as number)
}

/**
 * The order key of a book price: as {@link orderKey}, but `undefined` also for a price at or below zero,
 * which no venue quotes (a NaN key is kept when the text has no sign: it is positive, since a zero has
 * the key 0).
 *
 * @example
 * priceKey('65000.1') // 65000.1
 * priceKey('0')       // undefined
 * priceKey('-1')      // undefined
 */
export function priceKey(text: string): number | undefined {
  return priceKeyIn(text, 0, text.length)
}

/**
 * {@link priceKey} of `text.slice(start, end)`, read in place.
 *
 * @example
 * priceKeyIn('["0","1"]', 2, 3) // undefined
 */
export function priceKeyIn(text: string, start: number, end: number): number | undefined {
  const key = orderKeyIn(text, start, end)
  if (key === undefined || key > 0) return key
  return key !== key && text.charCodeAt(start) !== 45 ? key : undefined
}

/** Any plain decimal: a sign, leading zeros, more than 15 digits. */
function scanAny(text: string, start: number, n: number): number | undefined {
  let i = start
  let negative = false
  if (n > start && text.charCodeAt(start) === 45) {
    negative = true
    i = start + 1
  }
  let m = 0
  let significant = 0
  let exponent = 0
  let digits = 0
  let exact = true
  for (; i < n; i++) {
    const d = text.charCodeAt(i) - 48
    if (d < 0 || d > 9) break
    digits++
    if (significant === 0 && d === 0) continue
    if (significant < 15) {
      m = m * 10 + d
      significant++
    } else {
      exponent++
      if (d !== 0) exact = false
    }
  }
  if (i < n) {
    if (text.charCodeAt(i) !== 46) return undefined
    for (i++; i < n; i++) {
      const d = text.charCodeAt(i) - 48
      if (d < 0 || d > 9) return undefined
      digits++
      if (significant === 0 && d === 0) {
        exponent--
      } else if (significant < 15) {
        m = m * 10 + d
        significant++
        exponent--
      } else if (d !== 0) {
        exact = false
      }
    }
  }
  if (digits === 0) return undefined
  if (!exact) return NaN
  // bring the exponent within ±22 where exact: '0.00000000000000000000100' is 1 × 10^-21, and 10^23 is
  // 10^14 × 10^9 (m stays below 10^15)
  while (exponent < 0 && m !== 0 && m % 10 === 0) {
    m /= 10
    exponent++
  }
  while (exponent > 22 && m !== 0 && m < 1e14) {
    m *= 10
    exponent--
  }
  let key: number
  if (m === 0) key = 0
  else if (exponent >= 0) key = exponent <= 22 ? m * (POW10[exponent] as number) : NaN
  else key = exponent >= -22 ? m / (POW10[-exponent] as number) : NaN
  return negative && key !== 0 ? -key : key
}

/**
 * Classifies a size string: `0` for zero (`'0'`, `'0.0'`, `'0.00000000'`: the level is deleted), `1`
 * for a positive size, `-1` when the text is not a plain non-negative decimal.
 *
 * @example
 * sizeSign('0.00000000') // 0
 * sizeSign('1.5')        // 1
 * sizeSign('-1')         // -1
 */
export function sizeSign(text: string): -1 | 0 | 1 {
  return sizeSignIn(text, 0, text.length)
}

/**
 * {@link sizeSign} of `text.slice(start, end)`, read in place.
 *
 * @example
 * sizeSignIn('["1.5","0.000"]', 8, 13) // 0
 */
export function sizeSignIn(text: string, start: number, end: number): -1 | 0 | 1 {
  let nonZero = 0
  let point = -1
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48
    if (d >= 0 && d <= 9) nonZero |= d
    else if (d === -2 && point < 0) point = i
    else return -1
  }
  if ((point < 0 ? end - start : end - start - 1) === 0) return -1
  return nonZero === 0 ? 0 : 1
}

// V8 makes a slice of 13 characters or more a view into the whole string it was cut from
const SHARED_SLICE_MIN = 13

/**
 * `text.slice(start, end)` as a string of its own, for a level the book keeps. A price or size read from
 * a frame is part of the frame, and V8 shares the characters of a slice of 13 or more (Binance's
 * `"65000.10000000"`) with the whole frame: kept in a book, it would keep the frame alive for as long as
 * the level stands (measured: 2 KB a level against 40 bytes, and every kept frame copied by each
 * young-generation collection). A long string is cut in two short ones, which are copies, and joined,
 * which V8 flattens into one copy on the first read; a short slice is already a copy (and a whole short
 * string the same string).
 *
 * @example
 * keptText(frame, 6, 20) // '65000.10000000', not pinning the frame
 */
export function keptText(text: string, start: number, end: number): string {
  if (end - start < SHARED_SLICE_MIN) return text.slice(start, end)
  const cut = start + SHARED_SLICE_MIN - 1
  const copy = text.slice(start, cut) + text.slice(cut, end)
  copy.charCodeAt(0)
  return copy
}
