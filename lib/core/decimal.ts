import * as decimalModule from 'decimal.js'
import type { Decimal as DecimalClass } from 'decimal.js'

// decimal.js ships a default-only ESM build and a CommonJS build whose export carries `.Decimal`; the
// class also points to itself as `.Decimal`, which gives one lookup that works under both loaders.
const loaded = decimalModule as unknown as { default?: { Decimal?: unknown }; Decimal?: unknown }
const DecimalJs = (loaded.default?.Decimal ?? loaded.Decimal ?? loaded.default) as typeof DecimalClass

/**
 * The Decimal constructor used for every price, size, balance and fee.
 *
 * A private clone of decimal.js: its configuration (40 significant digits, half-even rounding, plain
 * notation from 1e-40 to 1e40) is set here once and the global `decimal.js` default is never touched,
 * so an application that configures decimal.js for its own use is not affected and cannot affect us.
 *
 * @example
 * const px = new Decimal('65000.12')
 * px.plus('0.01').toString() // '65000.13'
 */
export const Decimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 40,
})

/** An exact decimal number (a decimal.js instance from rxvenue's private clone). */
export type Decimal = DecimalClass

/**
 * Anything `new Decimal(x)` accepts. Helpers take it so callers can pass wire strings as they are;
 * a `number` is accepted for literals, never for prices read from a venue (a float already lost digits).
 *
 * @example
 * const tick: DecimalLike = '0.01'
 * roundToTick(new Decimal('65000.127'), tick).toString() // '65000.13'
 */
export type DecimalLike = Decimal | string | number | bigint

/**
 * How to round a value onto a step grid (a tick size or lot size). `floor`/`ceil` round toward minus
 * or plus infinity, `down`/`up` toward or away from zero; they differ only for negative values.
 *
 * @example
 * const mode: RoundingMode = side === 'buy' ? 'floor' : 'ceil' // never pay more, never sell for less
 * roundToTick(limitPrice, instrument.tickSize, mode)
 */
export type RoundingMode = 'floor' | 'ceil' | 'half-even' | 'down' | 'up'

const MODE: Record<RoundingMode, DecimalClass.Rounding> = {
  floor: DecimalJs.ROUND_FLOOR,
  ceil: DecimalJs.ROUND_CEIL,
  'half-even': DecimalJs.ROUND_HALF_EVEN,
  down: DecimalJs.ROUND_DOWN,
  up: DecimalJs.ROUND_UP,
}

/**
 * Converts to a Decimal; a Decimal from any decimal.js copy is re-read from its exact string, so its
 * arithmetic runs under rxvenue's precision and rounding.
 *
 * @example
 * toDecimal('0.1').plus('0.2').toString() // '0.3'
 */
export function toDecimal(value: DecimalLike): Decimal {
  // decimal.js clones share one prototype, so `instanceof` also holds for another copy's instances, whose
  // arithmetic would then run under that copy's precision; only our own are returned as they are.
  if (value instanceof Decimal) return value.constructor === Decimal ? value : new Decimal(value)
  if (typeof value === 'string' || typeof value === 'number') return new Decimal(value)
  return new Decimal(value.toString())
}

/**
 * Rounds `value` to a whole multiple of `step` (a venue's tick size or lot size).
 *
 * @example
 * roundToStep('65000.127', '0.01', 'floor').toString()     // '65000.12'
 * roundToStep('0.0015', '0.001', 'half-even').toString()    // '0.002'
 */
export function roundToStep(value: DecimalLike, step: DecimalLike, mode: RoundingMode): Decimal {
  const v = toDecimal(value)
  const s = toDecimal(step)
  if (!s.isFinite() || s.lte(0)) throw new RangeError(`step must be a positive number, got ${s.toString()}`)
  if (!v.isFinite()) throw new RangeError(`value must be finite, got ${v.toString()}`)
  const r = v.div(s).toDecimalPlaces(0, MODE[mode]).mul(s)
  return r.isZero() ? new Decimal(0) : r // no negative zero
}

/**
 * Rounds a price to the tick size; buyers usually floor, sellers ceil.
 *
 * @example
 * roundToTick('65000.125', '0.01').toString()         // '65000.12' (half-even by default)
 * roundToTick('65000.121', '0.01', 'ceil').toString() // '65000.13'
 */
export const roundToTick = (price: DecimalLike, tickSize: DecimalLike, mode: RoundingMode = 'half-even') =>
  roundToStep(price, tickSize, mode)

/**
 * Rounds a quantity to the lot size; the default floors so an order never exceeds what was asked.
 *
 * @example
 * roundToLot('0.12345', instrument.lotSize) // with lotSize 0.001: 0.123
 */
export const roundToLot = (quantity: DecimalLike, lotSize: DecimalLike, mode: RoundingMode = 'floor') =>
  roundToStep(quantity, lotSize, mode)

/**
 * True when `value` is a whole multiple of `step`: checks a price or size before it is sent, since a
 * venue rejects one off its grid. A zero step is never satisfied.
 *
 * @example
 * isMultipleOf('0.30', '0.1')  // true
 * isMultipleOf('0.35', '0.1')  // false
 */
export function isMultipleOf(value: DecimalLike, step: DecimalLike): boolean {
  const s = toDecimal(step)
  return !s.isZero() && toDecimal(value).mod(s).isZero()
}

/**
 * Compares two decimals: -1, 0 or 1, for `Array.prototype.sort` and tests.
 *
 * @example
 * ['10', '2', '1.5'].sort(compareDecimal) // ['1.5', '2', '10']
 */
export function compareDecimal(a: DecimalLike, b: DecimalLike): -1 | 0 | 1 {
  return toDecimal(a).comparedTo(toDecimal(b)) as -1 | 0 | 1
}

/**
 * Exact equality of two decimals; unlike string comparison, trailing zeros do not matter.
 *
 * @example
 * decimalEquals('1.50', '1.5') // true
 */
export function decimalEquals(a: DecimalLike, b: DecimalLike): boolean {
  return toDecimal(a).eq(toDecimal(b))
}

/**
 * True when a string is a plain finite decimal (no exponent, NaN or Infinity): the only form a venue
 * price may take before it becomes a Decimal.
 *
 * @example
 * isDecimalString('-0.50') // true
 * isDecimalString('1e3')   // false
 */
export function isDecimalString(s: string): boolean {
  return /^-?(?:\d+\.?\d*|\.\d+)$/.test(s)
}
