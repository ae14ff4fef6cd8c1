/**
 * A request for quote checked before anything is sent.
 */
import { VenueError } from '../../../core/errors.js'
import type { VenueId } from '../../../core/model.js'
import type { RfqRequest } from '../../contract/rfq.js'

/**
 * `request` when it asks for exactly one positive amount (`quantity` or `quoteQuantity`) on a known
 * side of a named symbol; otherwise an `invalid-request` error is thrown, and nothing is sent.
 *
 * @throws VenueError `invalid-request` naming what is wrong.
 * @example
 * checkRfqRequest('falconx', { symbol: 'BTC/USD', side: 'buy', quantity: new Decimal('0.5') }) // the request
 * checkRfqRequest('falconx', { symbol: 'BTC/USD', side: 'buy' }) // throws: quantity or quoteQuantity
 */
export function checkRfqRequest(venue: VenueId, request: RfqRequest): RfqRequest {
  const refuse = (why: string) =>
    new VenueError({ kind: 'invalid-request', venue, message: `${venue} request for quote: ${why}` })
  if (typeof request.symbol !== 'string' || !request.symbol.includes('/'))
    throw refuse('a symbol (BASE/QUOTE) is needed')
  if (!['buy', 'sell', 'two-way'].includes(request.side)) throw refuse(`unknown side ${String(request.side)}`)
  const { quantity, quoteQuantity } = request
  if ((quantity === undefined) === (quoteQuantity === undefined)) {
    throw refuse('give exactly one of quantity and quoteQuantity')
  }
  const amount = quantity ?? quoteQuantity
  if (amount === undefined || !amount.isFinite() || !amount.isPositive() || amount.isZero()) {
    throw refuse(`the amount must be positive, got ${String(amount)}`)
  }
  return request
}
