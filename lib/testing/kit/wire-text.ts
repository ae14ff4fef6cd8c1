/**
 * How simulated venues write decimals and ids on the wire: fixed places, shortest exact form, rounded
 * down; ids drawn from the seed and a counter, so runs repeat.
 */
import { Decimal } from '../../core/decimal.js'

/**
 * A decimal with exactly `dp` places, rounded down (Binance: 8 for everything; Bybit: the market's).
 *
 * @example
 * fixed(new Decimal('0.5'), 6) // '0.500000'
 */
export function fixed(value: Decimal, dp: number): string {
  return value.toFixed(dp, Decimal.ROUND_DOWN)
}

/**
 * A decimal in its shortest exact form (`'0.5'`, `'200'`), as computed amounts are written.
 *
 * @example
 * plain(new Decimal('200.50')) // '200.5'
 */
export function plain(value: Decimal): string {
  return value.isZero() ? '0' : value.toFixed()
}

/**
 * A decimal rounded down to `dp` places, shortest form.
 *
 * @example
 * rounded(new Decimal('1.23456'), 2) // '1.23'
 */
export function rounded(value: Decimal, dp: number): string {
  return plain(value.toDecimalPlaces(dp, Decimal.ROUND_DOWN))
}

/**
 * A stream of 32-bit words drawn from a seed, a salt that tells one kind of id from another, and a
 * counter: the same three give the same words.
 *
 * @example
 * const next = seededWords(42, 0x5bd1e995, 7)
 * next().toString(16) // the same on every run
 */
export function seededWords(seed: number, salt: number, n: number): () => number {
  let h = (Math.imul(seed ^ salt, 0x01000193) ^ Math.imul(n, 0x9e3779b1)) >>> 0
  return () => {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0
    h = (h ^ (h >>> 12)) >>> 0
    return h
  }
}

/**
 * `length` letters of `alphabet` (one a word) drawn from a seed, a salt and a counter.
 *
 * @example
 * seededText(42, 0x27d4eb2d, 1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 22) // a generated client order id
 */
export function seededText(seed: number, salt: number, n: number, alphabet: string, length: number): string {
  const next = seededWords(seed, salt, n)
  let out = ''
  while (out.length < length) out += alphabet[next() % alphabet.length]
  return out
}

/**
 * `length` hex digits (eight a word) drawn from a seed, a salt and a counter.
 *
 * @example
 * seededHex(42, 0x5bd1e995, 8, 14) // '5923240c6880ab', the same on every run
 */
export function seededHex(seed: number, salt: number, n: number, length: number): string {
  const next = seededWords(seed, salt, n)
  let out = ''
  while (out.length < length) out += next().toString(16).padStart(8, '0')
  return out.slice(0, length)
}

/**
 * A version-4-shaped UUID drawn from a seed, a salt and a counter: the same three give the same id.
 *
 * @example
 * seededUuid(7, 0x27d4eb2d, 1) // 'xxxxxxxx-xxxx-4xxx-axxx-xxxxxxxxxxxx', the same every run
 */
export function seededUuid(seed: number, salt: number, n: number): string {
  const hex = (part: number, length: number) => seededHex(seed, salt, n * 8 + part, length)
  return `${hex(1, 8)}-${hex(2, 4)}-4${hex(3, 3)}-a${hex(4, 3)}-${hex(5, 12)}`
}

/**
 * A time as RFC 3339 in UTC with milliseconds (`2023-02-09T20:32:50.714Z`).
 *
 * @example
 * isoTime(0) // '1970-01-01T00:00:00.000Z'
 */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString()
}
