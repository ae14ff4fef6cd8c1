import type { Decimal } from '../../../core/decimal.js'
import { VenueError } from '../../../core/errors.js'
import type { Instrument, OrderAmendment, VenueId } from '../../../core/model.js'
import { checkPrice, checkQuantity } from './order-checks.js'

/**
 * An amendment checked against the instrument before sending: the new price and quantity, each by the
 * instrument's rules (see `checkPrice`, `checkQuantity`).
 *
 * @throws VenueError `invalid-request` when nothing changes or a value breaks the instrument's rules.
 * @example
 * checkAmendment('bybit', { price: d('15601.5') }, btcusdt) // { price: Decimal 15601.5 }
 */
export function checkAmendment(
  venue: VenueId,
  changes: OrderAmendment,
  instrument: Instrument,
): { readonly price?: Decimal; readonly quantity?: Decimal } {
  const fail = (why: string): never => {
    throw new VenueError({
      kind: 'invalid-request',
      venue,
      message: `amendment of a ${instrument.symbol} order refused before sending: ${why}`,
    })
  }
  if (changes.price === undefined && changes.quantity === undefined) fail('nothing to change')
  return {
    ...(changes.quantity === undefined
      ? {}
      : { quantity: checkQuantity(changes.quantity, instrument, fail) }),
    ...(changes.price === undefined ? {} : { price: checkPrice(changes.price, instrument, fail) }),
  }
}
