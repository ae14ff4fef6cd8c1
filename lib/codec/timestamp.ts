/**
 * Timestamp codecs. Each decodes to the model's {@link Timestamped} pair, `{ timestamp, rawTimestamp }`:
 * the `Date` for everyday use and the venue's value exactly as sent (sub-millisecond digits included),
 * so a mapper spreads it straight into a record: `{ venue, symbol, ...msg.ts }`.
 */
import * as t from 'io-ts'
import type { RawTimestamp, Timestamped } from '../core/model.js'
import { isDigits } from './integer.js'

// The range of a JS Date, ±100 000 000 days around the epoch.
const MAX_DATE_MS = 8.64e15

type Unit = 's' | 'ms' | 'us' | 'ns'

const UNIT_NAME: Record<Unit, string> = {
  s: 'second timestamp',
  ms: 'millisecond timestamp',
  us: 'microsecond timestamp',
  ns: 'nanosecond timestamp',
}

// Digits of a numeric string below a millisecond: dropped before the string becomes a number, so a
// 19-digit nanosecond string never passes through a lossy double.
const SUB_MS_DIGITS: Record<Unit, number> = { s: 0, ms: 0, us: 3, ns: 6 }

function epochMillis(u: unknown, unit: Unit): number {
  let ms: number
  if (typeof u === 'number') {
    // Nanosecond numbers exceed 2^53 today; their millisecond part is still exact enough to keep.
    if (!(unit === 'ns' ? Number.isInteger(u) : Number.isSafeInteger(u)) || u < 0) return NaN
    ms = unit === 's' ? u * 1000 : unit === 'ms' ? u : Math.floor(u / (unit === 'us' ? 1e3 : 1e6))
  } else if (typeof u === 'string' && isDigits(u)) {
    const whole = u.length > SUB_MS_DIGITS[unit] ? u.slice(0, u.length - SUB_MS_DIGITS[unit]) : '0'
    ms = unit === 's' ? Number(whole) * 1000 : Number(whole)
  } else {
    return NaN
  }
  return ms <= MAX_DATE_MS ? ms : NaN
}

function epochCodec(unit: Unit): t.Type<Timestamped, RawTimestamp, unknown> {
  return new t.Type<Timestamped, RawTimestamp, unknown>(
    UNIT_NAME[unit],
    isTimestamped,
    (u, c) => {
      const ms = epochMillis(u, unit)
      return ms === ms
        ? t.success({ timestamp: new Date(ms), rawTimestamp: u as RawTimestamp })
        : t.failure(u, c)
    },
    (v) => v.rawTimestamp,
  )
}

function isTimestamped(u: unknown): u is Timestamped {
  return (
    typeof u === 'object' && u !== null && (u as Timestamped).timestamp instanceof Date && 'rawTimestamp' in u
  )
}

/**
 * Milliseconds since the epoch, as a JSON integer or a digit string (Bybit `ts`, Binance `E`).
 *
 * @example
 * MillisTimestamp.decode(1687940967466)
 * // Right({ timestamp: 2023-06-28T08:29:27.466Z, rawTimestamp: 1687940967466 })
 */
export const MillisTimestamp = epochCodec('ms')

/**
 * Microseconds since the epoch, as a JSON integer or a digit string; the `Date` keeps whole milliseconds.
 *
 * @example
 * MicrosTimestamp.decode('1687940967466123') // timestamp 2023-06-28T08:29:27.466Z
 */
export const MicrosTimestamp = epochCodec('us')

/**
 * Nanoseconds since the epoch, best sent as a digit string (Bybit `timeNano`); a JSON number is
 * accepted but has already lost its last digits.
 *
 * @example
 * NanosTimestamp.decode('1688639403423213947') // timestamp 2023-07-06T10:30:03.423Z
 */
export const NanosTimestamp = epochCodec('ns')

/**
 * Whole seconds since the epoch, as a JSON integer or a digit string (Bybit `timeSecond`).
 *
 * @example
 * SecondsTimestamp.decode('1688639403') // timestamp 2023-07-06T10:30:03.000Z
 */
export const SecondsTimestamp = epochCodec('s')

/**
 * An RFC 3339 date-time string: `2023-02-09T20:32:50.714964855Z`, `2024-01-15T10:05:00.987654+00:00`.
 * Fractional seconds of any length are allowed; the `Date` keeps whole milliseconds (truncated, so a
 * time never moves into the next millisecond) and `rawTimestamp` keeps the text. A zone (`Z` or
 * `±HH:MM`) is required: a time without one is ambiguous.
 *
 * @example
 * IsoTimestamp.decode('2023-02-09T20:32:50.714964855Z')
 * // Right({ timestamp: 2023-02-09T20:32:50.714Z, rawTimestamp: '2023-02-09T20:32:50.714964855Z' })
 */
export const IsoTimestamp = new t.Type<Timestamped, RawTimestamp, unknown>(
  'RFC 3339 timestamp',
  isTimestamped,
  (u, c) => {
    const ms = typeof u === 'string' ? parseRfc3339(u) : NaN
    return ms === ms ? t.success({ timestamp: new Date(ms), rawTimestamp: u as string }) : t.failure(u, c)
  },
  (v) => v.rawTimestamp,
)

/**
 * Milliseconds since the epoch of an RFC 3339 date-time (`T`, `t` or a space between date and time;
 * `Z`, `z` or `±HH:MM` zone), or `NaN` when `s` is not one or names a date that does not exist.
 *
 * @example
 * parseRfc3339('1970-01-01T00:00:01.5+01:00') // -3598500
 */
export function parseRfc3339(s: string): number {
  const n = s.length
  if (n < 20) return NaN
  const year = digits(s, 0, 4)
  const month = digits(s, 5, 2)
  const day = digits(s, 8, 2)
  const hour = digits(s, 11, 2)
  const minute = digits(s, 14, 2)
  const second = digits(s, 17, 2)
  const sep = s.charCodeAt(10)
  if (
    s.charCodeAt(4) !== 45 || // '-'
    s.charCodeAt(7) !== 45 ||
    (sep !== 84 && sep !== 116 && sep !== 32) || // 'T' 't' ' '
    s.charCodeAt(13) !== 58 || // ':'
    s.charCodeAt(16) !== 58 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 60 || // 60: a leap second, which a Date folds into the next minute
    year < 0 ||
    hour < 0 ||
    minute < 0 ||
    second < 0
  ) {
    return NaN
  }
  let i = 19
  let millis = 0
  if (s.charCodeAt(i) === 46) {
    // '.': keep three digits, check the rest
    const start = ++i
    while (i < n) {
      const c = s.charCodeAt(i)
      if (c < 48 || c > 57) break
      if (i - start < 3) millis = millis * 10 + (c - 48)
      i++
    }
    if (i === start) return NaN
    for (let k = Math.min(i - start, 3); k < 3; k++) millis *= 10
  }
  let offsetMinutes = 0
  const z = s.charCodeAt(i)
  if (z === 90 || z === 122) {
    // 'Z' 'z'
    i++
  } else if (z === 43 || z === 45) {
    // '+' '-'
    const oh = digits(s, i + 1, 2)
    const om = digits(s, i + 4, 2)
    if (s.charCodeAt(i + 3) !== 58 || oh < 0 || oh > 23 || om < 0 || om > 59) return NaN
    offsetMinutes = (z === 43 ? 1 : -1) * (oh * 60 + om)
    i += 6
  } else {
    return NaN
  }
  if (i !== n) return NaN
  // Date.UTC reads years 0-99 as 1900-1999; a 400-year Gregorian cycle later has the same calendar.
  const early = year < 100
  const utc =
    Date.UTC(early ? year + 400 : year, month - 1, day, hour, minute, second, millis) - (early ? CYCLE_MS : 0)
  return utc - offsetMinutes * 60_000
}

// 400 Gregorian years are exactly 146 097 days.
const CYCLE_MS = 146_097 * 86_400_000

function digits(s: string, at: number, count: number): number {
  let v = 0
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i)
    if (!(c >= 48 && c <= 57)) return -1
    v = v * 10 + (c - 48)
  }
  return v
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}
