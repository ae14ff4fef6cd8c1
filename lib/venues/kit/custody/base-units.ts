/**
 * Display amounts (1.5 ETH) and a custodian's integer base units (1 500 000 000 000 000 000 wei),
 * converted exactly both ways: by moving the decimal point in the text, never by arithmetic that could
 * round, and never through a float.
 */
import { Decimal } from '../../../core/decimal.js'
import { VenueError } from '../../../core/errors.js'
import type { VenueId } from '../../../core/model.js'

/**
 * The integer base units of a display amount of an asset with `decimals` decimals. Refuses
 * (`invalid-request`) an amount that is not > 0, or has more decimals than the asset: a conversion that
 * would round changes the amount sent.
 *
 * @throws VenueError `invalid-request` for an amount that cannot be expressed in base units.
 * @example
 * toBaseUnits(new Decimal('1.5'), 18, 'fordefi').toFixed()   // '1500000000000000000'
 * toBaseUnits(new Decimal('0.0000001'), 6, 'fordefi')        // throws: 7 decimals, USDC has 6
 */
export function toBaseUnits(amount: Decimal, decimals: number, venue: VenueId): Decimal {
  const refuse = (why: string) => new VenueError({ kind: 'invalid-request', venue, message: why })
  if (!Number.isInteger(decimals) || decimals < 0)
    throw refuse(`asset decimals must be an integer >= 0, got ${decimals}`)
  if (!amount.isFinite() || !amount.gt(0))
    throw refuse(`transfer amount must be > 0, got ${amount.toString()}`)
  const places = amount.decimalPlaces()
  if (places > decimals) {
    throw refuse(
      `transfer amount ${amount.toFixed()} has ${places} decimals; the asset has ${decimals}: it cannot be sent exactly`,
    )
  }
  // toFixed pads with zeros and never rounds here (places <= decimals); the digits are the units
  const [whole = '0', fraction = ''] = amount.toFixed(decimals).split('.')
  return new Decimal(`${whole}${fraction}`.replace(/^0+(?=\d)/, ''))
}

/**
 * The display amount of `units` base units of an asset with `decimals` decimals, exact.
 *
 * @throws VenueError `decode` when `units` is not a non-negative integer.
 * @example
 * fromBaseUnits('1250500000', 6, 'fordefi').toFixed() // '1250.5'
 */
export function fromBaseUnits(units: Decimal | string, decimals: number, venue: VenueId): Decimal {
  const text = typeof units === 'string' ? units : units.toFixed()
  if (!/^\d+$/.test(text) || !Number.isInteger(decimals) || decimals < 0) {
    throw new VenueError({
      kind: 'decode',
      venue,
      message: `not an amount in base units: ${text} (decimals ${decimals})`,
    })
  }
  const padded = text.padStart(decimals + 1, '0')
  const at = padded.length - decimals
  return new Decimal(decimals === 0 ? padded : `${padded.slice(0, at)}.${padded.slice(at)}`)
}
