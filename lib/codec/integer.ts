import * as t from 'io-ts'

/**
 * True when `s` is one or more ASCII digits and nothing else (no sign, space or exponent).
 *
 * @example
 * isDigits('1688639403423213947') // true
 * isDigits('-1')                  // false
 */
export function isDigits(s: string): boolean {
  const n = s.length
  if (n === 0) return false
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}

/**
 * A string of digits (an order id, trade id or nanosecond time), kept as the exact string: ids beyond
 * 2^53 stay exact because they are never turned into a number.
 *
 * @example
 * NumericString.decode('1688639403423213947') // Right('1688639403423213947')
 * NumericString.decode(42)                    // Left: expected integer string, got 42
 */
export const NumericString = new t.Type<string, string, unknown>(
  'integer string',
  (u): u is string => typeof u === 'string' && isDigits(u),
  (u, c) => (typeof u === 'string' && isDigits(u) ? t.success(u) : t.failure(u, c)),
  (s) => s,
)

/**
 * An id sent as a digit string or as a JSON number, decoded to its string (the model's ids are strings).
 * A number beyond 2^53 is refused: `JSON.parse` has already rounded it, and a wrong id is worse than
 * an error.
 *
 * @example
 * IntegerId.decode(28457)     // Right('28457')
 * IntegerId.decode('28457')   // Right('28457')
 */
export const IntegerId = new t.Type<string, string, unknown>(
  'integer id',
  (u): u is string => typeof u === 'string' && isDigits(u),
  (u, c) => {
    if (typeof u === 'string') return isDigits(u) ? t.success(u) : t.failure(u, c)
    if (typeof u !== 'number' || !Number.isInteger(u) || u < 0) return t.failure(u, c)
    if (!Number.isSafeInteger(u)) {
      return t.failure(u, c, `expected integer id, got ${u}, beyond 2^53 and already rounded by JSON.parse`)
    }
    return t.success(String(u))
  },
  (s) => s,
)

/**
 * A JSON number that is an integer within ±(2^53 − 1): update ids and sequence numbers, which are
 * compared and subtracted, so one that lost precision must not pass.
 *
 * @example
 * SafeInteger.decode(5277055)  // Right(5277055)
 * SafeInteger.decode(1.5)      // Left: expected safe integer, got 1.5
 */
export const SafeInteger = new t.Type<number, number, unknown>(
  'safe integer',
  (u): u is number => Number.isSafeInteger(u),
  (u, c) => (Number.isSafeInteger(u) ? t.success(u as number) : t.failure(u, c)),
  (n) => n,
)
