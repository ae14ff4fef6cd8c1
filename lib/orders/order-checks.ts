/**
 * Order request checks every venue applies before sending: the instrument's tick size, lot size and
 * size bounds. A request the venue would refuse is refused here, with the nearest valid value.
 */
import { isMultipleOf, roundToLot, roundToTick, type Decimal } from '../core/decimal.js'
import type { Instrument } from '../core/model.js'

/**
 * A limit price checked against the instrument: present, positive, a multiple of the tick size.
 * `fail` raises the venue's refusal with the reason (and the nearest valid prices).
 *
 * @example
 * checkPrice(d('15600.05'), btcusdt, fail) // fail('price 15600.05 is not a multiple of the tick size 0.1 (nearest: ...)')
 */
export function checkPrice(
  price: Decimal | undefined,
  instrument: Instrument,
  fail: (why: string) => never,
): Decimal {
  if (price === undefined) return fail('a limit order needs a price')
  if (!price.isFinite() || price.lte(0)) return fail(`price must be positive, got ${price.toString()}`)
  if (!isMultipleOf(price, instrument.tickSize)) {
    const down = roundToTick(price, instrument.tickSize, 'floor')
    const up = roundToTick(price, instrument.tickSize, 'ceil')
    return fail(
      `price ${price.toFixed()} is not a multiple of the tick size ${instrument.tickSize.toFixed()} (nearest: ${down.toFixed()} or ${up.toFixed()})`,
    )
  }
  return price
}

/**
 * A base quantity checked against the instrument: present, positive, a multiple of the lot size, within
 * the minimum and maximum order size.
 *
 * @example
 * checkQuantity(d('0.1'), btcusdt, fail) // Decimal 0.1
 */
export function checkQuantity(
  qty: Decimal | undefined,
  instrument: Instrument,
  fail: (why: string) => never,
): Decimal {
  if (qty === undefined) return fail('quantity is missing')
  if (!qty.isFinite() || qty.lte(0)) return fail(`quantity must be positive, got ${qty.toString()}`)
  if (!isMultipleOf(qty, instrument.lotSize)) {
    return fail(
      `quantity ${qty.toFixed()} is not a multiple of the lot size ${instrument.lotSize.toFixed()} (at most ${roundToLot(qty, instrument.lotSize).toFixed()})`,
    )
  }
  if (qty.lt(instrument.minSize)) {
    return fail(`quantity ${qty.toFixed()} is below the minimum ${instrument.minSize.toFixed()}`)
  }
  if (instrument.maxSize !== undefined && qty.gt(instrument.maxSize)) {
    return fail(`quantity ${qty.toFixed()} is above the maximum ${instrument.maxSize.toFixed()}`)
  }
  return qty
}
